/**
 * Bulk loads on PostgreSQL drop the loaded tables' foreign keys and put them back at the end
 * (seeds/generate.ts withForeignKeysDeferred): every key returns, validated, whatever the load did.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withForeignKeysDeferred } from '../../seeds/generate.js';
import { onPostgres, openTestDb, type TestDb } from '../helpers/db.js';

const TABLES = ['prescription_items', 'prescription_events'];

describe.skipIf(!onPostgres)('withForeignKeysDeferred', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb();
  });
  afterAll(() => t?.drop());

  const keys = async () =>
    (await t.database.rows<{ name: string; validated: boolean }>(
      sql`select k.conname as name, k.convalidated as validated from pg_constraint k join pg_class c on c.oid = k.conrelid
          where k.contype = 'f' and c.relname in ('prescription_items', 'prescription_events') order by 1`,
    ));

  it('loads without the keys and puts every one back, validated', async () => {
    const before = await keys();
    expect(before.length).toBeGreaterThanOrEqual(2);
    const during = await withForeignKeysDeferred(t.database, TABLES, keys, () => {});
    expect(during).toEqual([]);
    expect(await keys()).toEqual(before);
  });

  it('a failed load gets its keys back and fails with its own error', async () => {
    const before = await keys();
    await expect(withForeignKeysDeferred(t.database, TABLES, () => Promise.reject(new Error('the load broke')), () => {})).rejects.toThrow('the load broke');
    expect(await keys()).toEqual(before);
  });

  it('a row that breaks a key fails the load when the keys come back', async () => {
    const orphan = () => t.database.rows(sql`insert into prescription_items (prescription_id, drug_id, quantity, unit_price, amount, usage) values (2147483000, 2147483000, 1, 100, 100, 'oral')`);
    await expect(withForeignKeysDeferred(t.database, TABLES, orphan, () => {})).rejects.toThrow(/validate constraint/);
  });
});
