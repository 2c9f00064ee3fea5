/**
 * A statement built once per database handle (server/loaders.ts `preparedWrite`) must run where it
 * is asked to: on the handle itself, or on a transaction's own connection, seeing that
 * transaction's uncommitted rows and undone with it. Run on the pool instead, a settlement's
 * locked read and its writes would escape the transaction that holds the person's lock.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regions } from '../../src/db/schema/index.js';
import { preparedWrite } from '../../src/server/loaders.js';
import { openTestDb, type TestDb } from '../helpers/db.js';

let t: TestDb;
let builds = 0;

const at = sql.placeholder;

const regionNamed = preparedWrite<{ code: string; name: string }>('test_region_named', (db) => {
  builds++;
  return db.select({ code: regions.code, name: regions.name }).from(regions).where(eq(regions.code, at('code')));
});

const regionInsert = preparedWrite<{ code: string }>('test_region_insert', (db) =>
  db.insert(regions).values({ code: at('code'), name: at('name'), nameEn: at('name'), province: '测试省' }).returning({ code: regions.code }),
);

beforeAll(async () => {
  t = await openTestDb();
});

afterAll(() => t.drop());

describe('a statement prepared once per database handle', () => {
  it('runs on the handle and inside its transactions, built once', async () => {
    const { db } = t.database;
    expect(await regionNamed(db, db, { code: '999901' })).toEqual([]);
    await regionInsert(db, db, { code: '999901', name: '甲' });
    expect(await regionNamed(db, db, { code: '999901' })).toEqual([{ code: '999901', name: '甲' }]);
    const inside = await db.transaction((tx) => regionNamed(db, tx, { code: '999901' }));
    expect(inside).toEqual([{ code: '999901', name: '甲' }]);
    expect(builds).toBe(1);
  });

  it('in a transaction sees its uncommitted rows, and is undone with it', async () => {
    const { db } = t.database;
    const failure = new Error('roll back');
    await expect(
      db.transaction(async (tx) => {
        await regionInsert(db, tx, { code: '999902', name: '乙' });
        expect(await regionNamed(db, tx, { code: '999902' })).toEqual([{ code: '999902', name: '乙' }]);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await regionNamed(db, db, { code: '999902' })).toEqual([]);
  });
});
