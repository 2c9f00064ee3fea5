/**
 * The audit trail's person index takes each record's ids as the record is written (no GIN pending
 * list): otherwise the append that fills the list merges all of it into the index first, and the
 * reads waiting on that batch's record wait with it (drizzle/0005_audit_gin_direct.sql).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/db.js';

let testDb: TestDb;
beforeAll(async () => {
  testDb = await openTestDb();
});
afterAll(async () => {
  await testDb?.drop();
});

describe('the audit trail person index', () => {
  it('leaves nothing pending after appends, and finds the records by person', async () => {
    const { database } = testDb;
    await database.rows(sql.raw(`insert into audit_log (at, request_id, client_id, role, operation, person_ids, fields, denied_fields, purpose, prev_hash, hash)
      select now(), 'r' || g, 'bulk', 'MEDICAL_SECURITY', 'Bulk', array[g, g + 1, 900000 + g % 7], '{}', '{}', null, repeat('0', 64), md5(g::text) || md5(g::text)
      from generate_series(1, 2000) g`));
    const [cleaned] = await database.rows<{ pages: number }>(sql`select gin_clean_pending_list('audit_log_person_ids_idx'::regclass)::int as pages`);
    expect(cleaned!.pages).toBe(0);
    const [found] = await database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where person_ids @> array[900003]`);
    const written = Array.from({ length: 2000 }, (_, i) => i + 1);
    expect(found!.n).toBe(written.filter((g) => g % 7 === 3).length);
  });
});
