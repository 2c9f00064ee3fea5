import { createHash, createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Config } from '../config.js';
import type { Database, Queryable } from '../db/client.js';
import { preparedIn } from '../db/flat-rows.js';
import { auditCheckpoints } from '../db/schema/index.js';

export const GENESIS_HASH = '0'.repeat(64);
/** The advisory lock every writer of the chain takes (`audit_append` in drizzle/0003_audit_append.sql). */
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
  return sortedRecordHash(prevHash, sortedLists(e));
}

/** `recordHash` of an entry whose lists are sorted already (`sortedLists`). */
function sortedRecordHash(prevHash: string, e: AuditEntry): string {
  const canonical = JSON.stringify([prevHash, e.at.toISOString(), e.requestId, e.clientId, e.role, e.operation, e.personIds, e.fields, e.deniedFields, e.purpose]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * The entry with its lists sorted as the hash reads them (copies; the caller's lists are left as
 * they are). Field by field, not by spreading the entry: `chainAfter` adds properties to it (see
 * docs/ARCHITECTURE.md on objects made by a spread).
 */
function sortedLists(e: AuditEntry): AuditEntry {
  return {
    at: e.at,
    requestId: e.requestId,
    clientId: e.clientId,
    role: e.role,
    operation: e.operation,
    personIds: [...e.personIds].sort((a, b) => a - b),
    fields: [...e.fields].sort(),
    deniedFields: [...e.deniedFields].sort(),
    purpose: e.purpose,
  };
}

export function signHead(key: string, auditId: number, hash: string): string {
  return createHmac('sha256', key).update(`${auditId}:${hash}`).digest('hex');
}

export interface AuditSigner {
  key: string;
  keyId: string;
  every: number;
}

/** Where the chain ended when a database handle last appended to it or found it moved. */
interface ChainEnd {
  head: string;
  lastId: number;
}

const chainEnds = new WeakMap<Database, ChainEnd>();

type ChainedRecord = AuditEntry & { prevHash: string; hash: string };

/** The entries chained after `head`, their lists sorted as the hash reads them. */
function chainAfter(head: string, entries: readonly AuditEntry[]): ChainedRecord[] {
  let prevHash = head;
  return entries.map((entry) => {
    const sorted = sortedLists(entry);
    const hash = sortedRecordHash(prevHash, sorted);
    const record = Object.assign(sorted, { prevHash, hash });
    prevHash = hash;
    return record;
  });
}

/**
 * How the reads' batches appended outside a transaction commit. `durable`: the commit waits for
 * the write-ahead log to reach the disk, as every other commit does. `async`: it does not
 * (PostgreSQL's `synchronous_commit = off`, for that transaction only), so a read's answer no
 * longer waits for the disk's flush, but a crash of the database server can lose the records of
 * its last fraction of a second (three times `wal_writer_delay` at most) after their answers left.
 * The chain stays whole: what is lost is its end. The record a write commits with its
 * transaction and the batches that carry a signed checkpoint always commit durably.
 */
export type ReadCommit = Config['AUDIT_READ_COMMIT'];

/**
 * Put in a statement's FROM list, makes the commit of the statement's own (implicit) transaction
 * asynchronous: `set_config(…, true)` holds until that transaction ends, not beyond.
 */
export const ASYNC_COMMIT = `set_config('synchronous_commit', 'off', true)`;

const APPEND_CALL = sql`audit_append(${sql.placeholder('head')}, ${sql.placeholder('batch')}::jsonb)`;
const ASYNC_APPEND_CALL = sql`${sql.raw(ASYNC_COMMIT)}, ${APPEND_CALL}`;

function prepareAppend(on: Queryable, commit: ReadCommit) {
  return on
    .select({ id: sql<number | string>`id`, head: sql<string | null>`head` })
    .from(commit === 'async' ? ASYNC_APPEND_CALL : APPEND_CALL)
    .prepare(commit === 'async' ? 'audit_append_async' : 'audit_append');
}

const appendOnPool: Record<ReadCommit, WeakMap<Database, ReturnType<typeof prepareAppend>>> = { durable: new WeakMap(), async: new WeakMap() };

/**
 * The append as a prepared statement. Unprepared, postgres.js first asks the server for its
 * parameter types and only then sends the values, so every batch took two round trips while the
 * requests it carries waited, and its connection pipelined nothing else meanwhile; prepared, the
 * statement is parsed once per connection. Inside a transaction the same built statement runs on
 * the transaction's connection.
 */
function appendStatement(database: Database, on: Queryable, commit: ReadCommit) {
  // A transaction's commit is its own: a write's, or a batch's that carries a checkpoint, durable.
  if (on !== database.db) return preparedIn(on, onPool(database, 'durable'), 'audit_append');
  return onPool(database, commit);
}

function onPool(database: Database, commit: ReadCommit) {
  let statement = appendOnPool[commit].get(database);
  if (statement === undefined) {
    statement = prepareAppend(database.db, commit);
    appendOnPool[commit].set(database, statement);
  }
  return statement;
}

/**
 * One call of `audit_append` (drizzle/0003_audit_append.sql): under the chain lock it inserts the
 * records if the chain still ends at `head` and returns their ids in chain order, or writes
 * nothing and returns where the chain ends now. The records travel as one JSON parameter.
 */
async function appendAt(
  database: Database, on: Queryable, head: string, records: readonly ChainedRecord[], commit: ReadCommit = 'durable',
): Promise<{ ids: number[] } | ChainEnd> {
  const batch = JSON.stringify(records.map((r) => ({
    at: r.at.toISOString(), request_id: r.requestId, client_id: r.clientId, role: r.role, operation: r.operation,
    person_ids: r.personIds, fields: r.fields, denied_fields: r.deniedFields, purpose: r.purpose, prev_hash: r.prevHash, hash: r.hash,
  })));
  const rows = await appendStatement(database, on, commit).execute({ head, batch });
  const moved = rows.length === 1 ? rows[0]!.head : null;
  if (moved !== null) return { head: moved, lastId: Number(rows[0]!.id) };
  return { ids: rows.map((r) => Number(r.id)).sort((a, b) => a - b) };
}

/** Whether `count` more records after `lastId` would reach an id the signer checkpoints. */
const reachesCheckpoint = (lastId: number, count: number, every: number) => Math.floor((lastId + count) / every) > Math.floor(lastId / every);

/**
 * Appends records, chained in the order given, inside `tx` (a write's transaction, so the write
 * and its record commit together, or the reads' batch that needs one), and signs a checkpoint for
 * each id on the signer's interval. A call that finds the chain moved holds the chain lock from
 * then on, so the second call, hashed against the end it returned, lands.
 */
export async function appendInTransaction(database: Database, tx: Queryable, entries: readonly AuditEntry[], signer: AuditSigner): Promise<number[]> {
  let head = chainEnds.get(database)?.head ?? GENESIS_HASH;
  for (let attempt = 0; attempt < 2; attempt++) {
    const records = chainAfter(head, entries);
    const result = await appendAt(database, tx, head, records);
    if (!('ids' in result)) {
      chainEnds.set(database, result);
      head = result.head;
      continue;
    }
    chainEnds.set(database, { head: records[records.length - 1]!.hash, lastId: result.ids[result.ids.length - 1]! });
    await signCheckpoints(tx, result.ids, records, signer);
    return result.ids;
  }
  throw new Error('The audit chain moved while its lock was held');
}

/**
 * Appends the reads' records (the group commit) outside any transaction: hashed against where
 * this process last saw the chain end, the batch lands in one statement that commits on its own,
 * unless another instance wrote since; then, and for a batch that would reach a checkpoint (so
 * that the checkpoint commits with the records it signs), it is appended in a transaction, which
 * commits durably whatever `commit` says.
 */
export async function appendAuditBatch(database: Database, entries: readonly AuditEntry[], signer: AuditSigner, commit: ReadCommit = 'durable'): Promise<number[]> {
  const known = chainEnds.get(database);
  if (known && !reachesCheckpoint(known.lastId, entries.length, signer.every)) {
    const records = chainAfter(known.head, entries);
    const result = await appendAt(database, database.db, known.head, records, commit);
    if ('ids' in result) {
      chainEnds.set(database, { head: records[records.length - 1]!.hash, lastId: result.ids[result.ids.length - 1]! });
      await signCheckpoints(database.db, result.ids, records, signer);
      return result.ids;
    }
    chainEnds.set(database, result);
  }
  return database.db.transaction((tx) => appendInTransaction(database, tx, entries, signer));
}

/**
 * Signed chain heads for the ids on the signer's interval. A batch appended outside a transaction
 * was predicted to reach none; should ids have skipped ahead (a sequence gap) and reached one
 * anyway, it is written just after the records it signs.
 */
async function signCheckpoints(on: Queryable, ids: readonly number[], records: readonly ChainedRecord[], signer: AuditSigner): Promise<void> {
  const checkpoints = ids.flatMap((id, i) => {
    if (id % signer.every !== 0) return [];
    const { hash, at } = records[i]!;
    return [{ auditId: id, hash, signature: signHead(signer.key, id, hash), keyId: signer.keyId, at }];
  });
  if (checkpoints.length) await on.insert(auditCheckpoints).values(checkpoints);
}

/** A write's record, inside the write's transaction. */
export async function appendAudit(database: Database, tx: Queryable, entry: AuditEntry, signer: AuditSigner): Promise<number> {
  const [id] = await appendInTransaction(database, tx, [entry], signer);
  return id!;
}
