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
  // Rows of one VALUES list take their ids in list order, so id order is chain order.
  const rows = await tx.insert(auditLog).values(values).returning({ id: auditLog.id });
  await tx.execute(sql`reset role`);
  const checkpoints = rows.flatMap((r, i) => {
    if (r.id % signer.every !== 0) return [];
    const { hash, at } = values[i]!;
    return [{ auditId: r.id, hash, signature: signHead(signer.key, r.id, hash), keyId: signer.keyId, at }];
  });
  if (checkpoints.length) await tx.insert(auditCheckpoints).values(checkpoints);
  return rows.map((r) => r.id);
}

export async function appendAudit(database: Database, tx: Queryable, entry: AuditEntry, signer: AuditSigner): Promise<number> {
  const [id] = await appendAuditBatch(database, tx, [entry], signer);
  return id!;
}
