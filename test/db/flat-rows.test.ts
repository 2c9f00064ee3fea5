/**
 * Prepared reads map their rows with a mapper made once per statement (db/flat-rows.ts) through
 * drizzle's `customResultMapper` hook. The rows must be what drizzle's own mapping gives, for
 * every table and column type, and drizzle must really call the hook with array rows (a drizzle
 * upgrade that dropped it would silently bring the slow mapping back).
 */
import { eq, getTableColumns, is, sql, Table } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../src/db/schema/index.js';
import { flatRowMapper, withFlatRows } from '../../src/db/flat-rows.js';
import { drugs, institutions, institutionViolations, prescriptionItems, prescriptions } from '../../src/db/schema/index.js';
import { openTestDb, type TestDb } from '../helpers/db.js';
import { fixtures } from '../helpers/fixtures.js';

let t: TestDb;

type Mapper = (rows: unknown[][]) => Record<string, unknown>[];
interface Hooked {
  customResultMapper?: Mapper;
  execute(params?: Record<string, unknown>): Promise<Record<string, unknown>[]>;
}

const TABLES = Object.values(schema as Record<string, unknown>).filter((v): v is PgTable => is(v, Table));

beforeAll(async () => {
  t = await openTestDb();
  const f = fixtures(t.database);
  const hospital = await f.institution({ region: '320600' });
  const drug = await f.drug({ unitPrice: 1234 });
  const person = await f.person({ region: '320600', year: 2025 });
  await f.contribution(person.id, '2025-01', 'INDIVIDUAL', 12_345);
  // Null and non-null timestamps (dispensedAt), numerics and dates side by side.
  await f.prescription({ personId: person.id, issuerId: hospital.id, drugId: drug.id });
  await f.prescription({ personId: person.id, issuerId: hospital.id, drugId: drug.id, status: 'DISPENSED', dispenserId: hospital.id });
  await t.database.db.update(prescriptions).set({ dispensedAt: new Date('2026-03-04T05:06:07.891Z') }).where(sql`${prescriptions.status} = 'DISPENSED'`);
  await f.settlement({ personId: person.id, institutionId: hospital.id });
});

afterAll(() => t.drop());

describe('flat row mapping', () => {
  it('covers the tables the hub reads', () => {
    expect(TABLES.length).toBeGreaterThan(15);
  });

  it.each(TABLES.map((table) => [(table as unknown as { [k: symbol]: string })[Symbol.for('drizzle:Name')], table] as const))(
    '%s: rows equal drizzle’s own mapping',
    async (name, table) => {
      const { db } = t.database;
      const expected = await db.select().from(table).orderBy(sql`1`).limit(50);
      const statement = withFlatRows(db.select().from(table).orderBy(sql`1`).limit(50).prepare(`flat_rows_${name}`)) as unknown as Hooked;
      expect(typeof statement.customResultMapper).toBe('function');
      const rows = await statement.execute();
      expect(rows).toStrictEqual(expected);
      expect(rows.map((r) => Object.keys(r))).toStrictEqual(expected.map(() => Object.keys(getTableColumns(table))));
    },
  );

  it('is what drizzle calls, with the rows as arrays', async () => {
    const statement = withFlatRows(t.database.db.select().from(prescriptions).prepare('flat_rows_hook')) as unknown as Hooked;
    const mapper = statement.customResultMapper!;
    const seen: unknown[][][] = [];
    statement.customResultMapper = (rows) => {
      seen.push(rows);
      return mapper(rows);
    };
    const rows = await statement.execute();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.every(Array.isArray)).toBe(true);
    expect(rows.length).toBe(2);
    const dispensed = rows.find((r) => r.status === 'DISPENSED')!;
    expect(dispensed.dispensedAt).toStrictEqual(new Date('2026-03-04T05:06:07.891Z'));
    expect(rows.find((r) => r.status === 'ISSUED')!.dispensedAt).toBeNull();
  });

  it('maps one level of nesting over inner joins as drizzle does, and leaves left joins and computed fields to drizzle', async () => {
    const { db } = t.database;
    const joined = () => db
      .select({ id: prescriptionItems.id, quantity: prescriptionItems.quantity, drug: { id: drugs.id, code: drugs.code, unitPrice: drugs.unitPrice } })
      .from(prescriptionItems).innerJoin(drugs, eq(drugs.id, prescriptionItems.drugId)).orderBy(prescriptionItems.id);
    const inner = withFlatRows(joined().prepare('flat_rows_inner_join')) as unknown as Hooked;
    expect(typeof inner.customResultMapper).toBe('function');
    const expected = await joined();
    expect(expected.length).toBeGreaterThan(0);
    expect(await inner.execute()).toStrictEqual(expected);

    const left = db.select({ id: institutions.id, violation: { id: institutionViolations.id, points: institutionViolations.pointsDeducted } })
      .from(institutions).leftJoin(institutionViolations, eq(institutionViolations.institutionId, institutions.id)).prepare('flat_rows_left_join');
    const computed = db.select({ id: institutions.id, twice: sql<number>`${institutions.id} * 2`.mapWith(Number) }).from(institutions).prepare('flat_rows_sql');
    for (const statement of [left, computed]) {
      expect((withFlatRows(statement) as unknown as Hooked).customResultMapper).toBeUndefined();
    }
    const [row] = await computed.execute();
    expect(row!.twice).toBe(row!.id * 2);
    // drizzle's own mapping: a left-joined object with no row is null, not an object of nulls.
    expect((await left.execute()).some((r) => r.violation === null)).toBe(true);
  });

  it('makes no mapper for property names that are not plain identifiers, or nesting it was not told is safe', () => {
    const column = getTableColumns(institutions).id;
    expect(flatRowMapper([{ path: ['id'], field: column }])).toBeTypeOf('function');
    expect(flatRowMapper([{ path: ['a-b'], field: column }])).toBeNull();
    expect(flatRowMapper([{ path: ['x', 'id'], field: column }])).toBeNull();
    expect(flatRowMapper([{ path: ['x', 'id'], field: column }], true)).toBeTypeOf('function');
    expect(flatRowMapper([{ path: ['x', 'y', 'id'], field: column }], true)).toBeNull();
    expect(flatRowMapper([])).toBeNull();
  });
});
