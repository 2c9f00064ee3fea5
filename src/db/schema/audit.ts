import { bigint, index, integer, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained access record: each row's hash covers its content and the previous
 * row's hash, so an edited or deleted row breaks the chain from that point on.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    requestId: varchar('request_id', { length: 64 }).notNull(),
    clientId: text('client_id').notNull(),
    role: varchar('role', { length: 20 }).notNull(),
    operation: text('operation').notNull(),
    personIds: integer('person_ids').array().notNull(),
    fields: text('fields').array().notNull(),
    deniedFields: text('denied_fields').array().notNull(),
    purpose: text('purpose'),
    prevHash: varchar('prev_hash', { length: 64 }).notNull(),
    hash: varchar('hash', { length: 64 }).notNull(),
  },
  // Without fast update: the pending list's flush falls on whichever append fills it, one
  // request in thousands waiting tens of milliseconds for it (drizzle/0005_audit_gin_direct.sql).
  (t) => [index('audit_log_person_ids_idx').using('gin', t.personIds).with({ fastupdate: false })],
);

/** Signed chain heads, kept apart from the audit table so a rewritten chain no longer matches. */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  auditId: bigint('audit_id', { mode: 'number' }).notNull(),
  hash: varchar('hash', { length: 64 }).notNull(),
  signature: varchar('signature', { length: 128 }).notNull(),
  keyId: text('key_id').notNull(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
});
