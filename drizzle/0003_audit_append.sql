-- Appends a batch of chained audit records in one call. The caller hashes the records against
-- the chain head it expects; under the chain lock the head is read and, if it moved, nothing is
-- written and the actual head and its id come back (head not null) for the caller to rehash
-- against. Records
-- that do not link onto the head and onto each other are refused. The function runs as
-- yibao_audit_writer, which may insert and read the trail but never rewrite it.
CREATE OR REPLACE FUNCTION audit_append(expected_head varchar, records jsonb)
RETURNS TABLE (id bigint, head varchar)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  current_head varchar(64);
  last_id bigint;
BEGIN
  -- The head must be read with a snapshot taken after the lock is ours: only READ COMMITTED
  -- takes one per statement. Under a stricter level a stale head could fork the chain.
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'audit_append needs READ COMMITTED, not %', current_setting('transaction_isolation');
  END IF;
  PERFORM pg_advisory_xact_lock(7345101);
  SELECT a.id, a.hash INTO last_id, current_head FROM audit_log a ORDER BY a.id DESC LIMIT 1;
  current_head := coalesce(current_head, repeat('0', 64));
  IF current_head IS DISTINCT FROM expected_head THEN
    RETURN QUERY SELECT coalesce(last_id, 0), current_head;
    RETURN;
  END IF;
  IF jsonb_typeof(records) <> 'array' OR jsonb_array_length(records) = 0 OR EXISTS (
    SELECT 1 FROM (
      SELECT e.r->>'prev_hash' AS prev_hash, lag(e.r->>'hash', 1, current_head) OVER (ORDER BY e.ord) AS predecessor
      FROM jsonb_array_elements(records) WITH ORDINALITY AS e(r, ord)
    ) link WHERE link.prev_hash IS DISTINCT FROM link.predecessor
  ) THEN
    RAISE EXCEPTION 'audit records do not chain onto the head';
  END IF;
  -- Rows are inserted in ordinality order and take ascending ids, so id order is chain order.
  RETURN QUERY
    INSERT INTO audit_log AS a (at, request_id, client_id, role, operation, person_ids, fields, denied_fields, purpose, prev_hash, hash)
    SELECT r.at, r.request_id, r.client_id, r.role, r.operation, r.person_ids, r.fields, r.denied_fields, r.purpose, r.prev_hash, r.hash
    FROM ROWS FROM (jsonb_to_recordset(records) AS (
      at timestamptz, request_id varchar(64), client_id text, role varchar(20), operation text, person_ids int[],
      fields text[], denied_fields text[], purpose text, prev_hash varchar(64), hash varchar(64)
    )) WITH ORDINALITY AS r(at, request_id, client_id, role, operation, person_ids, fields, denied_fields, purpose, prev_hash, hash, ord)
    ORDER BY r.ord
    RETURNING a.id, NULL::varchar;
END;
$$;
--> statement-breakpoint
-- A function's new owner needs CREATE on its schema (PostgreSQL 15 no longer grants it to
-- PUBLIC); the writer holds it only while it takes the function over.
GRANT CREATE ON SCHEMA public TO yibao_audit_writer;
--> statement-breakpoint
ALTER FUNCTION audit_append(varchar, jsonb) OWNER TO yibao_audit_writer;
--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM yibao_audit_writer;
--> statement-breakpoint
REVOKE ALL ON FUNCTION audit_append(varchar, jsonb) FROM PUBLIC;
