/**
 * The demo settlements of the seed (seeds/settlements.ts): deterministic, consistent with their
 * accumulators, and usable by the live service (reversal, further settlements).
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettlementComputation } from '../../src/benefits/settlement/types.js';
import { accumulators, benefitPolicies, institutions, persons, settlementItems, settlements } from '../../src/db/schema/index.js';
import { seedDatabase } from '../../seeds/load.js';
import { openTestDb, type TestDb } from '../helpers/db.js';
import { startHub, type TestHub } from '../helpers/hub.js';
import { accumulatorsOf, item, REVERSE, settle } from './settle-helpers.js';

const PERSONS = 1500;
const SEED = 77;

let hub: TestHub;
let twin: TestDb;

beforeAll(async () => {
  [hub, twin] = await Promise.all([startHub(), openTestDb()]);
  // The twin loads in chunks of 97 persons, so its settlements go through the load's pipeline
  // (reading, computing and writing different chunks at once) 16 times; the rows must not change.
  await Promise.all([
    seedDatabase(hub.db.database, { persons: PERSONS, seed: SEED }),
    seedDatabase(twin.database, { persons: PERSONS, seed: SEED, settlementChunkSize: 97 }),
  ]);
});
afterAll(async () => {
  await hub?.close();
  await twin?.drop();
});

const gid = (id: number) => Buffer.from(`Settlement:${id}`).toString('base64');

describe('seeded settlements', () => {
  it('leave every foreign key of the settlement tables in place and validated after the bulk load', async () => {
    const fks = await hub.db.database.rows<{ tbl: string; validated: boolean }>(sql`
      select conrelid::regclass::text as tbl, convalidated as validated from pg_constraint
      where contype = 'f' and conrelid::regclass::text in ('settlements', 'settlement_items', 'accumulators')`);
    expect(new Set(fks.map((f) => f.tbl))).toEqual(new Set(['settlements', 'settlement_items', 'accumulators']));
    expect(fks.every((f) => f.validated)).toBe(true);
    expect(fks.length).toBeGreaterThanOrEqual(6);
  });

  it('are the same rows for the same seed, however the load is chunked', async () => {
    const read = async (db: TestDb['database']['db']) => ({
      settlements: await db.select().from(settlements).orderBy(asc(settlements.id)),
      items: await db.select().from(settlementItems).orderBy(asc(settlementItems.id)),
      accumulators: await db.select().from(accumulators).orderBy(asc(accumulators.personId), asc(accumulators.year)),
    });
    const a = await read(hub.db.database.db);
    const b = await read(twin.database.db);
    expect(a.settlements.length).toBeGreaterThan(100);
    expect(a.settlements.some((s) => s.status === 'REVERSED')).toBe(true);
    expect(a.settlements.some((s) => s.criticalIllnessPaid > 0)).toBe(true);
    expect(a).toEqual(b);
  });

  it('add up to their accumulators and respect every payer’s split and the fund cap', async () => {
    const { db } = hub.db.database;
    const rows = await db.select().from(settlements);
    const expected = new Map<string, Record<string, number>>();
    for (const s of rows) {
      expect(s.fundPaid + s.criticalIllnessPaid + s.assistancePaid + s.commercialPaid + s.selfPaid).toBe(s.totalAmount);
      if (s.status !== 'SETTLED') continue;
      const key = `${s.personId}:${s.billDate.slice(0, 4)}`;
      const sum = expected.get(key) ?? {};
      for (const [k, v] of Object.entries((s.computation as SettlementComputation).accumulatorDelta)) sum[k] = (sum[k] ?? 0) + v;
      sum.selfPaidInRange = (sum.selfPaidInRange ?? 0) + (s.computation as SettlementComputation).accumulatorDelta.criticalQualifying;
      expected.set(key, sum);
    }
    const stored = await db.select().from(accumulators);
    const caps = await db.select({ regionCode: benefitPolicies.regionCode, scheme: benefitPolicies.scheme, year: benefitPolicies.year, cap: benefitPolicies.annualCap }).from(benefitPolicies);
    const regionOf = new Map((await db.select({ id: persons.id, regionCode: persons.regionCode }).from(persons)).map((p) => [p.id, p.regionCode]));
    for (const acc of stored) {
      const { personId, year, createdAt: _c, ...figures } = acc;
      expect(figures, `${personId}:${year}`).toEqual(expected.get(`${personId}:${year}`));
      const capOf = caps.filter((c) => c.regionCode === regionOf.get(personId) && c.year === year).map((c) => c.cap);
      expect(acc.fundPaid).toBeLessThanOrEqual(Math.max(...capOf));
    }
    expect(stored.length).toBe([...expected.values()].length);
  });

  it('can be reversed through the API, and later settlements continue from them', async () => {
    const { db } = hub.db.database;
    const [seeded] = await db
      .select({ settlement: settlements, institution: institutions, idNumber: persons.idNumber })
      .from(settlements)
      .innerJoin(institutions, eq(institutions.id, settlements.institutionId))
      .innerJoin(persons, eq(persons.id, settlements.personId))
      .where(and(eq(settlements.status, 'SETTLED'), eq(settlements.encounterType, 'INPATIENT'), eq(institutions.agreementStatus, 'ACTIVE'), sql`${settlements.billDate} >= '2026-01-01'`))
      .orderBy(asc(settlements.id))
      .limit(1);
    const { settlement, institution, idNumber } = seeded!;
    const caller = hub.as('INSTITUTION', { institution: institution.code });
    const before = await accumulatorsOf(hub.db.database, settlement.personId);

    const next = await settle(caller, { idNumber, institutionCode: institution.code, encounterType: 'INPATIENT', date: '2026-10-30', items: [item('A', '2000.00')] });
    expect(next.result.__typename).toBe('SettleClaimPayload');
    const afterNext = await accumulatorsOf(hub.db.database, settlement.personId);
    expect(afterNext!.fundPaid - before!.fundPaid).toBe(Math.round(Number(next.result.settlement.fundPaid) * 100));

    const reversed = await caller(REVERSE, { input: { id: gid(settlement.id), reason: '冲正' } });
    expect(reversed.data?.reverseSettlement.settlement.status).toBe('REVERSED');
    const delta = (settlement.computation as SettlementComputation).accumulatorDelta;
    expect(await accumulatorsOf(hub.db.database, settlement.personId)).toMatchObject({
      fundPaid: afterNext!.fundPaid - delta.fundPaid,
      criticalQualifying: afterNext!.criticalQualifying - delta.criticalQualifying,
      selfPaidInRange: afterNext!.selfPaidInRange - delta.criticalQualifying,
    });
  });
});
