import { createHash, createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database, Queryable } from '../db/client.js';
import { auditCheckpoints, auditLog } from '../db/schema/index.js';

export const GENESIS_HASH = '0'.repeat(64);
/** Serialises appends so each record names exactly one predecessor (every writer of the chain takes it). */
export const AUDIT_LOCK = 7345101;

export interface AuditEntry {
  at: Date;
  requestId: string;
  clientId: string;
  role: string;
  operation: string;
  personIds: number[];
  fields: string[];
  deniedFields: string[];
  purpose: string | null;
}

/** The hash of a record: its content and its predecessor's hash, in a fixed field order. */
export function recordHash(prevHash: string, e: AuditEntry): string {
  const canonical = JSON.stringify([
    prevHash, e.at.toISOString(), e.requestId, e.clientId, e.role, e.operation,
    [...e.personIds].sort((a, b) => a - b), [...e.fields].sort(), [...e.deniedFields].sort(), e.purpose,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export function signHead(key: string, auditId: number, hash: string): string {
  return createHmac('sha256', key).update(`${auditId}:${hash}`).digest('hex');
}

export interface AuditSigner {
  key: string;
  keyId: string;
  every: number;
}

/**
 * Appends records inside `tx` (the caller's transaction, so a write and its record commit
 * together), chained in the order given. On PostgreSQL the insert runs as a role that may insert
 * but never rewrite.
 */
export async function appendAuditBatch(database: Database, tx: Queryable, entries: readonly AuditEntry[], signer: AuditSigner): Promise<number[]> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const [last] = await database.rows<{ hash: string }>(sql`select ${auditLog.hash} as hash from ${auditLog} order by ${auditLog.id} desc limit 1`, tx);
  let prevHash = last?.hash ?? GENESIS_HASH;
  const values = entries.map((entry) => {
    const sorted: AuditEntry = {
      ...entry,
      personIds: [...entry.personIds].sort((a, b) => a - b),
      fields: [...entry.fields].sort(),
      deniedFields: [...entry.deniedFields].sort(),
    };
    const hash = recordHash(prevHash, sorted);
    const row = { ...sorted, prevHash, hash };
    prevHash = hash;
    return row;
  });
  await tx.execute(sql`set local role yibao_audit_writer`);
  const ids = await insertChained(database, tx, values);
  await tx.execute(sql`reset role`);
  const checkpoints = ids.flatMap((id, i) => {
    if (id % signer.every !== 0) return [];
    const { hash, at } = values[i]!;
    return [{ auditId: id, hash, signature: signHead(signer.key, id, hash), keyId: signer.keyId, at }];
  });
  if (checkpoints.length) await tx.insert(auditCheckpoints).values(checkpoints);
  return ids;
}

type ChainedRecord = AuditEntry & { prevHash: string; hash: string };

/**
 * Inserts the records in chain order and returns their ids in that order. The batch travels as
 * one JSON parameter of a fixed statement: a multi-row VALUES list built per batch cost more
 * CPU than the rest of the request's reads. Rows are inserted in ordinality order and take
 * their ids from the identity sequence as they go, so ascending ids are chain order.
 */
async function insertChained(database: Database, tx: Queryable, records: readonly ChainedRecord[]): Promise<number[]> {
  const batch = JSON.stringify(records.map((r) => ({
    at: r.at.toISOString(), request_id: r.requestId, client_id: r.clientId, role: r.role, operation: r.operation,
    person_ids: r.personIds, fields: r.fields, denied_fields: r.deniedFields, purpose: r.purpose, prev_hash: r.prevHash, hash: r.hash,
  })));
  const rows = await database.rows<{ id: number | string }>(sql`
    insert into ${auditLog} (at, request_id, client_id, role, operation, person_ids, fields, denied_fields, purpose, prev_hash, hash)
    select at, request_id, client_id, role, operation, person_ids, fields, denied_fields, purpose, prev_hash, hash
    from rows from (jsonb_to_recordset(${batch}::jsonb) as (
      at timestamptz, request_id varchar(64), client_id text, role varchar(20), operation text, person_ids int[],
      fields text[], denied_fields text[], purpose text, prev_hash varchar(64), hash varchar(64)
    )) with ordinality as r(at, request_id, client_id, role, operation, person_ids, fields, denied_fields, purpose, prev_hash, hash, ord)
    order by ord
    returning id`, tx);
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

export async function appendAudit(database: Database, tx: Queryable, entry: AuditEntry, signer: AuditSigner): Promise<number> {
  const [id] = await appendAuditBatch(database, tx, [entry], signer);
  return id!;
}
