/**
 * Bulk load (COPY on PostgreSQL, batched INSERT on PGlite): every value arrives as it was sent,
 * including the characters COPY's text format gives a meaning to.
 */
import { asc, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { persons } from '../../src/db/schema/index.js';
import { makeIdNumber } from '../../src/people/id-number.js';
import { openTestDb, type TestDb } from '../helpers/db.js';

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(() => t?.drop());

it('loads tabs, newlines, carriage returns, backslashes, nulls and plain text unchanged', async () => {
  const names = ['王\t芳', '李\n明', '赵\r\n静', 'C:\\路径\\n', '\\N', '普通'];
  const ids = names.map((_, i) => makeIdNumber('320602', '1990-01-01', 101 + 2 * i, 'MALE'));
  await t.database.copyRows('persons', ['id_number', 'name', 'gender', 'birth_date', 'region_code', 'phone'],
    ids.map((id, i) => [id, names[i], 'MALE', '1990-01-01', '320600', i % 2 ? null : '13800000000']));
  const rows = await t.database.db.select({ idNumber: persons.idNumber, name: persons.name, phone: persons.phone }).from(persons)
    .where(inArray(persons.idNumber, ids)).orderBy(asc(persons.idNumber));
  const byId = new Map(rows.map((r) => [r.idNumber, r]));
  ids.forEach((id, i) => expect(byId.get(id)).toEqual({ idNumber: id, name: names[i], phone: i % 2 ? null : '13800000000' }));
});

it('refuses a load that breaks a constraint, writes none of it, and the connection goes on serving', async () => {
  const ids = [401, 403].map((s) => makeIdNumber('320602', '1991-01-01', s, 'MALE'));
  const load = t.database.copyRows('persons', ['id_number', 'name', 'gender', 'birth_date', 'region_code'], [
    [ids[0], '甲', 'MALE', '1991-01-01', '320600'],
    [ids[1], '乙', 'MALE', '1991-01-01', '999999'],
  ]);
  await expect(load).rejects.toThrow();
  expect(await t.database.db.select().from(persons).where(inArray(persons.idNumber, ids))).toEqual([]);
});

it('runs more loads at once than the pool has connections, and every one finishes', async () => {
  const loads = Array.from({ length: 12 }, (_, n) => {
    const id = makeIdNumber('320602', '1992-01-01', 501 + 2 * n, 'FEMALE');
    return { id, load: t.database.copyRows('persons', ['id_number', 'name', 'gender', 'birth_date', 'region_code'], [[id, `并发${n}`, 'FEMALE', '1992-01-01', '320600']]) };
  });
  await Promise.all(loads.map((l) => l.load));
  const rows = await t.database.db.select({ idNumber: persons.idNumber }).from(persons).where(inArray(persons.idNumber, loads.map((l) => l.id)));
  expect(rows).toHaveLength(12);
});
