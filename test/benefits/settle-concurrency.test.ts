/**
 * Concurrent settlements for one person serialize on the person's accumulators row: the fund's
 * annual cap and the yearly deductible hold across twenty simultaneous bills, and the accumulators
 * equal the sum of the stored settlements' contributions (SETTLEMENT.md invariants).
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettlementAccumulators, SettlementComputation } from '../../src/benefits/settlement/types.js';
import { settlements } from '../../src/db/schema/index.js';
import { fixtures, type Fixtures } from '../helpers/fixtures.js';
import { startHub, type TestHub } from '../helpers/hub.js';
import { accumulatorsOf, item, settle, type BillShape } from './settle-helpers.js';

let hub: TestHub;
let f: Fixtures;

beforeAll(async () => {
  hub = await startHub();
  f = fixtures(hub.db.database);
});
afterAll(() => hub?.close());

const BILLS = 20;
const FUND_CAP = 30_000_000; // Nantong resident 封顶线 300 000.00 yuan, 2026
const OUTPATIENT_DEDUCTIBLE = 20_000; // Nantong resident per-year 起付线 200.00 yuan

/**
 * Ten admissions of 50 000 yuan (uncapped fund 34 440 each, 344 400 in all: over the cap) and ten
 * outpatient visits of 150 yuan (together over the 200-yuan yearly deductible).
 */
const bills = (idNumber: string, institutionCode: string): BillShape[] =>
  Array.from({ length: BILLS }, (_, i) => ({
    idNumber,
    institutionCode,
    encounterType: i % 2 ? 'OUTPATIENT' : 'INPATIENT',
    date: `2026-08-${String(1 + i).padStart(2, '0')}`,
    items: [item('A', i % 2 ? '150.00' : '50000.00')],
  }));

const KEYS = ['deductiblePaid', 'fundPaid', 'criticalQualifying', 'criticalPaid', 'assistancePaid', 'productDeductibleInUsed', 'productDeductibleOutUsed', 'productPaid'] as const;

describe('concurrent settlements for one person', () => {
  it('never exceed the fund cap or double-count the deductible, and the accumulators sum the stored settlements', async () => {
    const hospital = await f.institution({ region: '320600', level: 3 });
    const caller = hub.as('INSTITUTION', { institution: hospital.code });
    const person = await f.person({ region: '320600', scheme: 'RESIDENT' });

    const results = await Promise.all(bills(person.idNumber, hospital.code).map((b) => settle(caller, b)));
    for (const r of results) expect(r.result?.__typename, JSON.stringify(r.errors)).toBe('SettleClaimPayload');

    const rows = await hub.db.database.db.select().from(settlements).where(eq(settlements.personId, person.id));
    expect(rows).toHaveLength(BILLS);
    const sum = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((total, r) => total + pick(r), 0);
    expect(sum((r) => r.fundPaid)).toBe(FUND_CAP);
    expect(sum((r) => (r.encounterType === 'INPATIENT' ? 0 : r.deductiblePaid))).toBe(OUTPATIENT_DEDUCTIBLE);
    expect(rows.some((r) => (r.computation as SettlementComputation).reasons.some((x) => x.code === 'FUND_CAP_REACHED'))).toBe(true);
    for (const r of rows) expect(r.fundPaid + r.criticalIllnessPaid + r.assistancePaid + r.commercialPaid + r.selfPaid).toBe(r.totalAmount);

    const deltas = rows.map((r) => (r.computation as SettlementComputation).accumulatorDelta);
    const summed = Object.fromEntries(KEYS.map((k) => [k, deltas.reduce((total, d) => total + d[k], 0)])) as unknown as SettlementAccumulators;
    const stored = await accumulatorsOf(hub.db.database, person.id);
    expect(stored).toMatchObject({ ...summed, selfPaidInRange: summed.criticalQualifying });
    expect(stored).toMatchObject({ fundPaid: FUND_CAP, deductiblePaid: OUTPATIENT_DEDUCTIBLE, criticalPaid: sum((r) => r.criticalIllnessPaid) });

    // The same bills one by one for another person end in the same accumulators.
    const twin = await f.person({ region: '320600', scheme: 'RESIDENT' });
    for (const b of bills(twin.idNumber, hospital.code)) await settle(caller, b);
    const { personId: _a, ...concurrent } = stored!;
    const { personId: _b, ...sequential } = (await accumulatorsOf(hub.db.database, twin.id))!;
    expect(sequential).toEqual(concurrent);
  });
});
