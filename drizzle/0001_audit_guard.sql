-- The audit trail is append-only: no UPDATE or DELETE, by anyone going through the table.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
-- The hub writes audit rows through this role, which may insert and read but never rewrite.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'yibao_audit_writer') THEN
    CREATE ROLE yibao_audit_writer NOLOGIN;
  END IF;
END
$$;
--> statement-breakpoint
GRANT INSERT, SELECT ON audit_log TO yibao_audit_writer;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO yibao_audit_writer;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO yibao_audit_writer;
