/**
 * `audit_append` reads the chain head by the trail's last id on every append. PL/pgSQL keeps a
 * statement's plan for the life of the connection, and the hub's connections live long: a plan
 * made while the trail looked empty must not become a read of the whole trail once it has grown
 * (statistics go stale until the next ANALYZE, and autovacuum may be off or behind).
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/db.js';

let testDb: TestDb;
/** One session throughout (the plan is cached per connection): a single connection on PostgreSQL, PGlite's own otherwise. */
let run: (text: string) => Promise<Record<string, unknown>[]>;
let closeSession = async () => {};

beforeAll(async () => {
  testDb = await openTestDb();
  if (testDb.url) {
    const session = postgres(testDb.url, { max: 1, onnotice: () => {} });
    run = async (text) => [...(await session.unsafe(text))];
    closeSession = () => session.end();
  } else {
    run = (text) => testDb.database.rows(sql.raw(text));
  }
});
afterAll(async () => {
  await closeSession();
  await testDb?.drop();
});

/** A head no chain ends at: `audit_append` writes nothing and answers where the chain ends. */
const NOT_THE_HEAD = 'f'.repeat(64);

describe('the chain head lookup in audit_append', () => {
  it('takes the primary key on a trail that grew after the connection first appended', async () => {
    // Statistics that say the trail is empty, as right after a load's VACUUM ANALYZE.
    await run('vacuum analyze audit_log');
    const [empty] = await run(`select id, head from audit_append('${NOT_THE_HEAD}', '[]'::jsonb)`);
    expect(empty).toMatchObject({ head: '0'.repeat(64) });

    await run(`insert into audit_log (at, request_id, client_id, role, operation, person_ids, fields, denied_fields, purpose, prev_hash, hash)
      select now(), 'r' || g, 'bulk', 'MEDICAL_SECURITY', 'Bulk', '{}', '{}', '{}', null, md5((g - 1)::text) || md5((g - 1)::text), md5(g::text) || md5(g::text)
      from generate_series(1, 20000) g`);

    // The transaction's own scan counters, read on either side of the call.
    const scans = async () => (await run(`select seq_scan::int as seq, idx_scan::int as idx from pg_stat_xact_user_tables where relname = 'audit_log'`))[0] as { seq: number; idx: number };
    await run('begin');
    try {
      const before = await scans();
      const [moved] = await run(`select id, head from audit_append('${NOT_THE_HEAD}', '[]'::jsonb)`);
      expect(moved).toMatchObject({ head: md5Twice(20000) });
      const after = await scans();
      expect(after.seq - before.seq).toBe(0);
      expect(after.idx - before.idx).toBeGreaterThan(0);
    } finally {
      await run('commit');
    }
  });
});

/** The stand-in hash the bulk rows carry: 64 hex characters. */
const md5Twice = (n: number) => createHash('md5').update(String(n)).digest('hex').repeat(2);
