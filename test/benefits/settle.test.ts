/**
 * One-stop settlement through the hub (issue #4): the split as SETTLEMENT.md computes it by hand,
 * who may settle what, idempotency, reversal (冲正) and every rejected input.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settlements } from '../../src/db/schema/index.js';
import { onPostgres } from '../helpers/db.js';
import { fixtures, type Fixtures } from '../helpers/fixtures.js';
import { codes, COUNTING_STATEMENTS, startHub, type TestHub } from '../helpers/hub.js';
import { accumulatorsOf, item, newKey, QUOTE, REVERSE, settle, settlementCount, SETTLE, split, type BillShape } from './settle-helpers.js';

let hub: TestHub;
let f: Fixtures;
const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);

beforeAll(async () => {
  hub = await startHub(COUNTING_STATEMENTS);
  f = fixtures(hub.db.database);
});
afterAll(() => hub?.close());

/** A level-3 Nantong hospital and the caller acting for it. */
async function nantongHospital(level = 3) {
  const hospital = await f.institution({ region: '320600', level });
  return { hospital, caller: hub.as('INSTITUTION', { institution: hospital.code }) };
}

describe('the split of a bill, as computed by hand from SETTLEMENT.md', () => {
  it('Nantong resident, inpatient at a level-3 hospital: deductible, fund ratio and class B prepay', async () => {
    const { hospital, caller } = await nantongHospital();
    const person = await f.person({ region: '320600', scheme: 'RESIDENT' });
    // D 800, R 0.7, s 0.1 (2026 Nantong resident inpatient, level 3); 大病 threshold 15 000.
    // prepay = 5000 × 0.1 = 500; P = 10000 + 5000 − 500 = 14 500; fund = (14 500 − 800) × 0.7 = 9590;
    // S = 14 500 − 9590 = 4910 stays under the 大病 threshold; self = 16 000 − 9590 = 6410.
    const { result } = await settle(caller, {
      idNumber: person.idNumber, institutionCode: hospital.code, encounterType: 'INPATIENT', date: '2026-03-10',
      items: [item('A', '10000.00'), item('B', '5000.00'), item('C', '1000.00')],
      diagnosis: { code: 'I63.900', name: '脑梗死' },
    });
    expect(result.__typename).toBe('SettleClaimPayload');
    expect(result.replayed).toBe(false);
    expect(split(result.settlement)).toEqual({
      totalAmount: '16000.00', policyRangeAmount: '14500.00', classBPrepaid: '500.00', deductiblePaid: '800.00', fundPaid: '9590.00',
      criticalIllnessPaid: '0.00', assistancePaid: '0.00', commercialPaid: '0.00', selfPaid: '6410.00',
    });
    expect(result.settlement).toMatchObject({ status: 'SETTLED', scheme: 'RESIDENT', encounterType: 'INPATIENT', billDate: '2026-03-10', crossProvince: false });
    expect(result.settlement.reasons.map((r: any) => r.code)).toEqual(expect.arrayContaining(['DEDUCTIBLE_MET', 'FUND_PAID', 'CRITICAL_THRESHOLD_NOT_MET', 'NOT_ENROLLED', 'CLASS_B_PREPAY', 'OUT_OF_CATALOGUE']));
    const [audit] = await hub.db.database.rows<{ n: number | string }>(
      sql`select count(*) as n from audit_log where ${person.id} = any(person_ids) and 'Mutation.settleClaim' = any(fields)`,
    );
    expect(Number(audit!.n)).toBeGreaterThan(0);
    // The inpatient deductible is per admission: it never enters the yearly accumulator.
    expect(await accumulatorsOf(hub.db.database, person.id)).toMatchObject({ deductiblePaid: 0, fundPaid: 959_000, criticalQualifying: 491_000, selfPaidInRange: 491_000 });
  });

  it('Nanjing employee, two outpatient bills at a level-2 hospital: the yearly deductible is met once', async () => {
    const hospital = await f.institution({ region: '320100', level: 2 });
    const caller = hub.as('INSTITUTION', { institution: hospital.code });
    const person = await f.person({ region: '320100', scheme: 'EMPLOYEE' });
    const bill = (items: BillShape['items'], date: string): BillShape => ({ idNumber: person.idNumber, institutionCode: hospital.code, encounterType: 'OUTPATIENT', date, items });
    // D 1000 a year, R 0.6, s 0.1: prepay 80; P = 2220; fund = (2220 − 1000) × 0.6 = 732; self = 2300 − 732 = 1568.
    const first = await settle(caller, bill([item('A', '1500.00'), item('B', '800.00')], '2026-02-01'));
    expect(split(first.result.settlement)).toEqual({
      totalAmount: '2300.00', policyRangeAmount: '2220.00', classBPrepaid: '80.00', deductiblePaid: '1000.00', fundPaid: '732.00',
      criticalIllnessPaid: '0.00', assistancePaid: '0.00', commercialPaid: '0.00', selfPaid: '1568.00',
    });
    // Deductible already met: fund = 500 × 0.6 = 300.
    const second = await settle(caller, bill([item('A', '500.00')], '2026-02-20'));
    expect(split(second.result.settlement)).toMatchObject({ deductiblePaid: '0.00', fundPaid: '300.00', selfPaid: '200.00' });
    expect(await accumulatorsOf(hub.db.database, person.id)).toMatchObject({ deductiblePaid: 100_000, fundPaid: 103_200 });
  });

  it('Jingzhou resident on subsistence allowance: 大病 tilt and medical assistance', async () => {
    const hospital = await f.institution({ region: '421000', level: 2 });
    const caller = hub.as('INSTITUTION', { institution: hospital.code });
    const person = await f.person({ region: '421000', scheme: 'RESIDENT' });
    await f.assistance(person.id, 'SUBSISTENCE', '2025-01-01');
    // Level 2: D 500, R 0.75, s 0.15. prepay 1500; P = 38 500; fund = 38 000 × 0.75 = 28 500; S = 10 000.
    // 大病: threshold 12 000 × 0.5 = 6000, first segment 0.6 + 0.05: (10 000 − 6000) × 0.65 = 2600.
    // 低保 assistance 0.75: (10 000 − 2600) × 0.75 = 5550. self = 42 000 − 28 500 − 2600 − 5550 = 5350.
    const { result } = await settle(caller, {
      idNumber: person.idNumber, institutionCode: hospital.code, encounterType: 'INPATIENT', date: '2026-04-02',
      items: [item('A', '30000.00'), item('B', '10000.00'), item('C', '2000.00')],
    });
    expect(split(result.settlement)).toEqual({
      totalAmount: '42000.00', policyRangeAmount: '38500.00', classBPrepaid: '1500.00', deductiblePaid: '500.00', fundPaid: '28500.00',
      criticalIllnessPaid: '2600.00', assistancePaid: '5550.00', commercialPaid: '0.00', selfPaid: '5350.00',
    });
    expect(result.settlement.reasons.map((r: any) => r.code)).toEqual(expect.arrayContaining(['CRITICAL_ASSISTANCE_TILT', 'CRITICAL_PAID', 'ASSISTANCE_PAID']));

    // Assistance that ended before the bill date: no tilt (S 10 000 is under the full threshold 12 000), no assistance.
    const former = await f.person({ region: '421000', scheme: 'RESIDENT' });
    await f.assistance(former.id, 'SUBSISTENCE', '2025-01-01', '2026-01-31');
    const later = await settle(caller, {
      idNumber: former.idNumber, institutionCode: hospital.code, encounterType: 'INPATIENT', date: '2026-04-02',
      items: [item('A', '30000.00'), item('B', '10000.00'), item('C', '2000.00')],
    });
    expect(later.result.settlement).toMatchObject({ fundPaid: '28500.00', criticalIllnessPaid: '0.00', assistancePaid: '0.00', selfPaid: '13500.00' });
    expect(later.result.settlement.reasons).toContainEqual(expect.objectContaining({ code: 'NOT_ASSISTANCE_RECIPIENT' }));
  });

  it('a Nantong patient at a Nanjing hospital keeps Nantong benefits; a Putian one is cross-province', async () => {
    const nanjing = await f.institution({ region: '320100', level: 3 });
    const caller = hub.as('INSTITUTION', { institution: nanjing.code });
    const nantong = await f.person({ region: '320600', scheme: 'RESIDENT' });
    const putian = await f.person({ region: '350300', scheme: 'RESIDENT' });
    const bill = (idNumber: string): BillShape => ({ idNumber, institutionCode: nanjing.code, encounterType: 'INPATIENT', date: '2026-05-05', items: [item('A', '10000.00')] });
    // Nantong resident level 3: (10 000 − 800) × 0.7 = 6440. Putian resident level 3: (10 000 − 800) × 0.7 = 6440 too, cross-province.
    const a = await settle(caller, bill(nantong.idNumber));
    const b = await settle(caller, bill(putian.idNumber));
    expect(a.result.settlement).toMatchObject({ fundPaid: '6440.00', crossProvince: false });
    expect(b.result.settlement).toMatchObject({ fundPaid: '6440.00', crossProvince: true });
  });

  it('the quote equals the settlement and writes nothing', async () => {
    const { hospital, caller } = await nantongHospital();
    const person = await f.person({ region: '320600', scheme: 'EMPLOYEE' });
    const bill: BillShape = { idNumber: person.idNumber, institutionCode: hospital.code, encounterType: 'OUTPATIENT', date: '2026-06-01', items: [item('A', '300.00'), item('B', '700.00')] };
    const before = await settlementCount(hub.db.database);
    const quote = await caller(QUOTE, { input: bill });
    expect(quote.errors).toBeUndefined();
    expect(await settlementCount(hub.db.database)).toBe(before);
    expect(await accumulatorsOf(hub.db.database, person.id)).toBeNull();
    const { result } = await settle(caller, bill);
    expect(split(quote.data?.quoteSettlement)).toEqual(split(result.settlement));
    expect(quote.data?.quoteSettlement.scheme).toBe('EMPLOYEE');
  });
});

describe('SQL per settlement', () => {
  it('does not grow with the number of items', async () => {
    const { hospital, caller } = await nantongHospital();
    const person = await f.person({ region: '320600' });
    const bill = (lines: number): BillShape => ({
      idNumber: person.idNumber, institutionCode: hospital.code, encounterType: 'OUTPATIENT', date: '2026-03-01', items: Array.from({ length: lines }, () => item('A', '10.00')),
    });
    await settle(caller, bill(1));
    const one = await settle(caller, bill(1));
    const many = await settle(caller, bill(200));
    expect(many.result.__typename).toBe('SettleClaimPayload');
    expect(many.raw.statements).toBe(one.raw.statements);
  });
});

describe('惠民保 and the insurer', () => {
  it('pays the commercial share only with enrollment and a SETTLEMENTS consent, and only the consenting enrollee’s settlements reach the insurer', async () => {
    const { hospital, caller } = await nantongHospital();
    const product = await f.product('320600', 2026);
    const consenting = await f.person({ region: '320600', scheme: 'RESIDENT' });
    const eligibilityOnly = await f.person({ region: '320600', scheme: 'RESIDENT' });
    for (const p of [consenting, eligibilityOnly]) await f.enrollInProduct(p.id, product);
    await f.consent(consenting.id, product.insurerCode, ['ELIGIBILITY', 'SETTLEMENTS']);
    await f.consent(eligibilityOnly.id, product.insurerCode, ['ELIGIBILITY']);
    const bill = (idNumber: string): BillShape => ({ idNumber, institutionCode: hospital.code, encounterType: 'INPATIENT', date: '2026-07-01', items: [item('A', '100000.00')] });
    // fund = (100 000 − 800) × 0.7 = 69 440; S = 30 560; 大病 (threshold 15 000, 0.6): 15 560 × 0.6 = 9336;
    // 惠民保 I = 30 560 − 9336 = 21 224, deductible 20 000, 0.8 × 1224 = 979.20; self = 20 244.80.
    const paid = await settle(caller, bill(consenting.idNumber));
    expect(split(paid.result.settlement)).toEqual({
      totalAmount: '100000.00', policyRangeAmount: '100000.00', classBPrepaid: '0.00', deductiblePaid: '800.00', fundPaid: '69440.00',
      criticalIllnessPaid: '9336.00', assistancePaid: '0.00', commercialPaid: '979.20', selfPaid: '20244.80',
    });
    const unpaid = await settle(caller, bill(eligibilityOnly.idNumber));
    expect(unpaid.result.settlement).toMatchObject({ commercialPaid: '0.00', selfPaid: '21224.00' });
    expect(unpaid.result.settlement.reasons).toContainEqual(expect.objectContaining({ payer: 'COMMERCIAL', code: 'NO_CONSENT' }));

    const insurer = hub.as('INSURER', { insurer: product.insurerCode });
    const personSettlements = `query($id: IdNumber!) { person(idNumber: $id) { settlements(first: 5) { edges { node { commercialPaid fundPaid } } } } }`;
    const seen = await insurer(personSettlements, { id: consenting.idNumber });
    expect(seen.errors).toBeUndefined();
    expect(seen.data?.person.settlements.edges).toEqual([{ node: { commercialPaid: '979.20', fundPaid: '69440.00' } }]);
    const refused = await insurer(personSettlements, { id: eligibilityOnly.idNumber });
    expect(codes(refused)).toEqual(['CONSENT_REQUIRED']);
    expect(refused.data?.person.settlements).toBeNull();
    const list = await insurer(`{ settlements(first: 100) { edges { node { id commercialPaid } } } }`);
    expect(list.data?.settlements.edges.map((e: any) => e.node.id)).toEqual([paid.result.settlement.id]);
  });

  it('at a pharmacy the product pays for special drugs only', async () => {
    const pharmacy = await f.institution({ region: '320600', kind: 'PHARMACY' });
    const caller = hub.as('INSTITUTION', { institution: pharmacy.code });
    const product = await f.product('320600', 2026);
    const person = await f.person({ region: '320600', scheme: 'RESIDENT' });
    await f.enrollInProduct(person.id, product);
    await f.consent(person.id, product.insurerCode, ['SETTLEMENTS']);
    // PHARMACY row (no level): D 200 a year, R 0.5. P = 300; fund = 100 × 0.5 = 50; S = 250.
    // 惠民保: I = 250 is all deductible; the ordinary class C 100 is not covered at a pharmacy; the special
    // drug 30 000 less the 20 000 out-of-catalogue deductible at 0.7 = 7000; self = 30 400 − 50 − 7000.
    const { result } = await settle(caller, {
      idNumber: person.idNumber, institutionCode: pharmacy.code, encounterType: 'PHARMACY', date: '2026-09-09',
      items: [item('A', '300.00'), item('C', '100.00'), item('C', '30000.00', { code: 'XL01FFP001B002010154321', name: '帕博利珠单抗注射液', specialDrug: true })],
    });
    expect(split(result.settlement)).toEqual({
      totalAmount: '30400.00', policyRangeAmount: '300.00', classBPrepaid: '0.00', deductiblePaid: '200.00', fundPaid: '50.00',
      criticalIllnessPaid: '0.00', assistancePaid: '0.00', commercialPaid: '7000.00', selfPaid: '23350.00',
    });
    expect(result.settlement.reasons.map((r: any) => r.code)).toContain('OUT_OF_CATALOGUE_NOT_COVERED');
  });

  it('an enrollee of last year’s product gets nothing from it this year', async () => {
    const { hospital, caller } = await nantongHospital();
    const lastYear = await f.product('320600', 2025);
    const person = await f.person({ region: '320600', scheme: 'RESIDENT' });
    await f.enrollInProduct(person.id, lastYear);
    await f.consent(person.id, lastYear.insurerCode, ['SETTLEMENTS']);
    const { result } = await settle(caller, { idNumber: person.idNumber, institutionCode: hospital.code, encounterType: 'INPATIENT', date: '2026-07-02', items: [item('A', '100000.00')] });
    expect(result.settlement.commercialPaid).toBe('0.00');
    expect(result.settlement.reasons).toContainEqual(expect.objectContaining({ payer: 'COMMERCIAL', code: 'NOT_ENROLLED' }));
  });
});

describe('who may settle, read and reverse', () => {
  it('the hospital reads its stored settlement with items and diagnosis; another hospital cannot see it', async () => {
    const { hospital, caller } = await nantongHospital();
    const person = await f.person({ region: '320600' });
    const { result } = await settle(caller, {
      idNumber: person.idNumber, institutionCode: hospital.code, encounterType: 'INPATIENT', date: '2026-03-11',
      items: [item('A', '1000.00', { code: 'XA10BAA001A001010112345', name: '二甲双胍片' })], diagnosis: { code: 'E11.900', name: '2型糖尿病' },
    });
    const read = `query($id: ID!) { node(id: $id) { ... on Settlement { id fundPaid institution { code } diagnosis { code } items { code name itemClass amount specialDrug } } } }`;
    const own = await caller(read, { id: result.settlement.id });
    expect(own.errors).toBeUndefined();
    expect(own.data?.node).toMatchObject({
      id: result.settlement.id, institution: { code: hospital.code }, diagnosis: { code: 'E11.900' },
      items: [{ code: 'XA10BAA001A001010112345', name: '二甲双胍片', itemClass: 'A', amount: '1000.00', specialDrug: false }],
    });
    const other = await (await nantongHospital()).caller(read, { id: result.settlement.id });
    expect(other.data?.node).toBeNull();
    expect(codes(other)).toEqual(['NOT_FOUND']);
  });

  it('stores every item as given and in the bill’s order, whatever characters its name holds', async () => {
    const { hospital, caller } = await nantongHospital();
    const person = await f.person({ region: '320600' });
    // Names an array literal must quote or escape: the word NULL, commas, quotes, braces, backslashes, blanks.
    const names = ['NULL', 'a,b', 'say "x"', '{braces}', 'back\\slash', '空 格'];
    const items = names.map((name, i) => item(i % 2 ? 'B' : 'A', `${i + 1}.00`, { code: `ITEM${i}`, name, specialDrug: i === 3 }));
    const { result, errors } = await settle(caller, { idNumber: person.idNumber, institutionCode: hospital.code, encounterType: 'OUTPATIENT', date: '2026-03-11', items });
    expect(errors).toBeUndefined();
    const read = `query($id: ID!) { node(id: $id) { ... on Settlement { items { code name itemClass amount specialDrug } } } }`;
    const stored = await caller(read, { id: result.settlement.id });
    expect(stored.errors).toBeUndefined();
    expect((stored.data?.node as { items: unknown[] }).items).toEqual(
      items.map((i) => ({ code: i.code, name: i.name, itemClass: i.itemClass, amount: i.amount, specialDrug: i.specialDrug })),
    );
  });

  it('a hospital cannot settle at another institution nor reverse another’s settlement; other roles cannot settle', async () => {
    const a = await nantongHospital();
    const b = await nantongHospital();
    const person = await f.person({ region: '320600' });
    const bill: BillShape = { idNumber: person.idNumber, institutionCode: a.hospital.code, encounterType: 'INPATIENT', date: '2026-03-12', items: [item('A', '1000.00')] };
    const before = await settlementCount(hub.db.database);
    const elsewhere = await settle(b.caller, bill);
    expect(codes(elsewhere.raw)).toEqual(['FORBIDDEN']);
    expect(codes(await b.caller(QUOTE, { input: bill }))).toEqual(['FORBIDDEN']);
    for (const caller of [hub.as('INSURER', { insurer: 'PICC' }), hub.as('TAX', { regions: ['320600'] }), hub.as('CIVIL_AFFAIRS', { regions: ['320600'] })]) {
      expect(codes((await settle(caller, bill)).raw)).toEqual(['FORBIDDEN']);
      expect(codes(await caller(QUOTE, { input: bill }))).toEqual(['FORBIDDEN']);
    }
    expect(await settlementCount(hub.db.database)).toBe(before);

    const own = await settle(a.caller, bill);
    const reversal = await b.caller(REVERSE, { input: { id: own.result.settlement.id, reason: '误操作' } });
    // Another institution's settlement is outside its rows: it looks exactly like an unknown one.
    expect(reversal.data?.reverseSettlement).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', notFoundField: 'input.id' });
    const [row] = await hub.db.database.db.select().from(settlements).where(eq(settlements.id, dbId(own.result.settlement.id)));
    expect(row!.status).toBe('SETTLED');
  });

  it('the bureau settles for persons of its regions only', async () => {
    const { hospital } = await nantongHospital();
    const person = await f.person({ region: '320600' });
    const bill: BillShape = { idNumber: person.idNumber, institutionCode: hospital.code, encounterType: 'INPATIENT', date: '2026-03-13', items: [item('A', '1000.00')] };
    const nanjing = await settle(hub.as('MEDICAL_SECURITY', { regions: ['320100'] }), bill);
    expect(nanjing.result).toMatchObject({ __typename: 'NotFoundError', notFoundField: 'input.idNumber' });
    const nantong = await settle(hub.as('MEDICAL_SECURITY', { regions: ['320600'] }), bill);
    expect(nantong.result.__typename).toBe('SettleClaimPayload');
  });
});

describe('idempotency', () => {
  it('a replay returns the first settlement and moves nothing; the key with another body is a conflict', async () => {
    const { hospital, caller } = await nantongHospital();
    const person = await f.person({ region: '320600' });
    const bill: BillShape = {
      idNumber: person.idNumber, institutionCode: hospital.code, encounterType: 'INPATIENT', date: '2026-03-14',
      items: [item('A', '20000.00'), item('B', '1000.00')], idempotencyKey: newKey(),
    };
    const first = await settle(caller, bill);
    const accumulated = await accumulatorsOf(hub.db.database, person.id);
    const count = await settlementCount(hub.db.database);
    const replay = await settle(caller, bill);
    expect(replay.result).toMatchObject({ __typename: 'SettleClaimPayload', replayed: true });
    expect(replay.result.settlement).toEqual(first.result.settlement);
    expect(await accumulatorsOf(hub.db.database, person.id)).toEqual(accumulated);
    expect(await settlementCount(hub.db.database)).toBe(count);

    const changed = await settle(caller, { ...bill, items: [item('A', '20000.01'), item('B', '1000.00')] });
    expect(changed.result).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    const withDiagnosis = await settle(caller, { ...bill, diagnosis: { code: 'E11.900', name: '2型糖尿病' } });
    expect(withDiagnosis.result).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    // Another client presenting the key gets a conflict, never the first client's settlement.
    const bureau = await settle(hub.as('MEDICAL_SECURITY', { regions: ['320600'] }), bill);
    expect(bureau.result).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(await settlementCount(hub.db.database)).toBe(count);
    expect(await accumulatorsOf(hub.db.database, person.id)).toEqual(accumulated);
  });

  it('two identical requests at once store one settlement', async () => {
    const { hospital, caller } = await nantongHospital();
    const person = await f.person({ region: '320600' });
    const bill: BillShape = { idNumber: person.idNumber, institutionCode: hospital.code, encounterType: 'INPATIENT', date: '2026-03-15', items: [item('A', '5000.00')], idempotencyKey: newKey() };
    const count = await settlementCount(hub.db.database);
    const [a, b] = await Promise.all([settle(caller, bill), settle(caller, bill)]);
    expect(a.result.settlement.id).toBe(b.result.settlement.id);
    expect([a.result.replayed, b.result.replayed].sort()).toEqual([false, true]);
    expect(await settlementCount(hub.db.database)).toBe(count + 1);
    expect(await accumulatorsOf(hub.db.database, person.id)).toMatchObject({ fundPaid: 294_000 });
  });
});

describe('reversal (冲正)', () => {
  it('restores the accumulators exactly, in any order; a second reversal is a conflict', async () => {
    const { hospital, caller } = await nantongHospital(2);
    const person = await f.person({ region: '320600', scheme: 'RESIDENT' });
    await f.assistance(person.id, 'EXTREME_POVERTY', '2024-06-01');
    const bill = (date: string, amount: string): BillShape => ({
      idNumber: person.idNumber, institutionCode: hospital.code, encounterType: 'CHRONIC_OUTPATIENT', date, items: [item('A', amount), item('B', '333.33')],
    });
    const xKey = newKey();
    const x = await settle(caller, { ...bill('2026-01-05', '150.00'), idempotencyKey: xKey });
    const y = await settle(caller, bill('2026-01-20', '40000.00'));
    const afterBoth = await accumulatorsOf(hub.db.database, person.id);
    expect(afterBoth!.deductiblePaid).toBe(20_000);
    expect(afterBoth!.criticalPaid).toBeGreaterThan(0);

    const reverseX = await caller(REVERSE, { input: { id: x.result.settlement.id, reason: '患者退费' } });
    expect(reverseX.data?.reverseSettlement).toMatchObject({ __typename: 'ReverseSettlementPayload', settlement: { status: 'REVERSED', reversalReason: '患者退费' } });
    expect(reverseX.data?.reverseSettlement.settlement.reversedAt).toBeTruthy();
    const reverseY = await caller(REVERSE, { input: { id: y.result.settlement.id, reason: '冲正' } });
    expect(reverseY.data?.reverseSettlement.settlement.status).toBe('REVERSED');
    expect(await accumulatorsOf(hub.db.database, person.id)).toEqual({ ...afterBoth, ...zeroAccumulators });

    const again = await caller(REVERSE, { input: { id: x.result.settlement.id, reason: '再次冲正' } });
    expect(again.data?.reverseSettlement).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(await accumulatorsOf(hub.db.database, person.id)).toEqual({ ...afterBoth, ...zeroAccumulators });
    // A replay of the reversed settlement's request returns it as it now stands, and settles nothing anew.
    const replay = await caller(SETTLE, { input: { ...bill('2026-01-05', '150.00'), idempotencyKey: xKey } });
    expect(replay.data?.settleClaim).toMatchObject({ replayed: true, settlement: { id: x.result.settlement.id, status: 'REVERSED' } });
    expect(await accumulatorsOf(hub.db.database, person.id)).toEqual({ ...afterBoth, ...zeroAccumulators });
  });

  it('rejects malformed ids, ids of other types, unknown settlements and empty reasons', async () => {
    const { caller } = await nantongHospital();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ id: 'not-an-id', reason: 'x' }, 'InputError', 'input.id'],
      [{ id: gid('Person', 1), reason: 'x' }, 'InputError', 'input.id'],
      [{ id: gid('Settlement', 0), reason: 'x' }, 'InputError', 'input.id'],
      [{ id: gid('Settlement', -3), reason: 'x' }, 'InputError', 'input.id'],
      [{ id: Buffer.from('Settlement:abc').toString('base64'), reason: 'x' }, 'InputError', 'input.id'],
      [{ id: gid('Settlement', 99_999_999), reason: 'x' }, 'NotFoundError', 'input.id'],
    ];
    for (const [input, type, field] of cases) {
      const r = await caller(REVERSE, { input });
      expect(r.data?.reverseSettlement.__typename, JSON.stringify(input)).toBe(type);
      expect(r.data?.reverseSettlement.field ?? r.data?.reverseSettlement.notFoundField).toBe(field);
    }
    const person = await f.person({ region: '320600' });
    const { hospital, caller: own } = await nantongHospital();
    const s = await settle(own, { idNumber: person.idNumber, institutionCode: hospital.code, encounterType: 'INPATIENT', date: '2026-02-02', items: [item('A', '100.00')] });
    const blank = await own(REVERSE, { input: { id: s.result.settlement.id, reason: '   ' } });
    expect(blank.data?.reverseSettlement).toMatchObject({ __typename: 'InputError', field: 'input.reason' });
    const long = await own(REVERSE, { input: { id: s.result.settlement.id, reason: '冲'.repeat(201) } });
    expect(long.data?.reverseSettlement).toMatchObject({ __typename: 'InputError', field: 'input.reason' });
  });
});

const zeroAccumulators = {
  deductiblePaid: 0, fundPaid: 0, criticalQualifying: 0, criticalPaid: 0, assistancePaid: 0, selfPaidInRange: 0,
  productDeductibleInUsed: 0, productDeductibleOutUsed: 0, productPaid: 0,
};

describe('rejected bills: a clear error naming the field, and nothing written', () => {
  it('rejects each bad input', async () => {
    const { hospital, caller } = await nantongHospital();
    const person = await f.person({ region: '320600', scheme: 'RESIDENT' });
    const notEnrolled = await f.person({ region: '320600', status: 'TERMINATED' });
    const suspended = await f.institution({ region: '320600', agreementStatus: 'SUSPENDED' });
    const pharmacy = await f.institution({ region: '320600', kind: 'PHARMACY' });
    const good: BillShape = { idNumber: person.idNumber, institutionCode: hospital.code, encounterType: 'INPATIENT', date: '2026-03-20', items: [item('A', '1000.00')] };
    const manyItems = Array.from({ length: 501 }, () => item('A', '1.00'));
    const ms = hub.as('MEDICAL_SECURITY', { regions: ['320600'] });
    // [what, caller, bill, typename, field]
    const cases: [string, typeof caller, BillShape, string, string][] = [
      ['date before any policy year', caller, { ...good, date: '2023-06-01' }, 'InputError', 'input.date'],
      ['date in the future', caller, { ...good, date: '2099-01-01' }, 'InputError', 'input.date'],
      ['date before 2000', caller, { ...good, date: '1999-12-31' }, 'InputError', 'input.date'],
      ['person not enrolled', caller, { ...good, idNumber: notEnrolled.idNumber }, 'InputError', 'input.idNumber'],
      ['unknown person', caller, { ...good, idNumber: '11010519491231002X' }, 'NotFoundError', 'input.idNumber'],
      ['suspended agreement', hub.as('INSTITUTION', { institution: suspended.code }), { ...good, institutionCode: suspended.code }, 'InputError', 'input.institutionCode'],
      ['unknown institution', ms, { ...good, institutionCode: 'H32060299999' }, 'NotFoundError', 'input.institutionCode'],
      ['unknown institution and unknown person', ms, { ...good, institutionCode: 'H32060299999', idNumber: '11010519491231002X' }, 'NotFoundError', 'input.institutionCode'],
      ['malformed institution code', ms, { ...good, institutionCode: 'X123' }, 'InputError', 'input.institutionCode'],
      ['pharmacy bill at a hospital', caller, { ...good, encounterType: 'PHARMACY' }, 'InputError', 'input.encounterType'],
      ['inpatient bill at a pharmacy', ms, { ...good, institutionCode: pharmacy.code }, 'InputError', 'input.encounterType'],
      ['malformed idempotency key', caller, { ...good, idempotencyKey: 'short' }, 'InputError', 'input.idempotencyKey'],
      ['idempotency key with spaces', caller, { ...good, idempotencyKey: 'has spaces in it' }, 'InputError', 'input.idempotencyKey'],
      ['no items', caller, { ...good, items: [] }, 'InputError', 'input.items'],
      ['too many items', caller, { ...good, items: manyItems }, 'InputError', 'input.items'],
      ['total over 10 000 000 yuan', caller, { ...good, items: [item('A', '6000000.00'), item('B', '4000000.01')] }, 'InputError', 'input.items'],
      ['item over 10 000 000 yuan', caller, { ...good, items: [item('A', '1.00'), item('C', '10000000.01')] }, 'InputError', 'input.items.1.amount'],
      ['blank item name', caller, { ...good, items: [item('A', '1.00'), item('A', '2.00', { name: ' ' })] }, 'InputError', 'input.items.1.name'],
      ['malformed item code', caller, { ...good, items: [item('A', '1.00', { code: '编码' })] }, 'InputError', 'input.items.0.code'],
      ['malformed diagnosis', caller, { ...good, diagnosis: { code: 'E11.9', name: '2型糖尿病' } }, 'InputError', 'input.diagnosis.code'],
      ['blank diagnosis name', caller, { ...good, diagnosis: { code: 'E11.900', name: '  ' } }, 'InputError', 'input.diagnosis.name'],
      ['diagnosis name over 100 characters', caller, { ...good, diagnosis: { code: 'E11.900', name: '病'.repeat(101) } }, 'InputError', 'input.diagnosis.name'],
      ['item name over 200 characters', caller, { ...good, items: [item('A', '1.00', { name: '项'.repeat(201) })] }, 'InputError', 'input.items.0.name'],
    ];
    const before = await settlementCount(hub.db.database);
    for (const [what, who, bill, typename, field] of cases) {
      const { result, errors } = await settle(who, bill);
      expect(errors, what).toBeUndefined();
      expect(result.__typename, what).toBe(typename);
      expect(result.field ?? result.notFoundField, what).toBe(field);
      expect(result.code, what).toBe(typename === 'InputError' ? 'BAD_USER_INPUT' : 'NOT_FOUND');
    }
    const quote = await caller(QUOTE, { input: { ...good, date: '2023-06-01' } });
    expect(quote.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.date' });
    for (const [input, field] of [
      [{ ...good, items: [] }, 'input.items'],
      [{ ...good, institutionCode: 'X123' }, 'input.institutionCode'],
      [{ ...good, items: [item('A', '1.00', { name: '' })] }, 'input.items.0.name'],
    ] as const) {
      const bad = await caller(QUOTE, { input });
      expect(bad.data?.quoteSettlement ?? null, field).toBeNull();
      expect(bad.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await settlementCount(hub.db.database)).toBe(before);
    expect(await accumulatorsOf(hub.db.database, person.id)).toBeNull();
  });

  it('rejects negative and malformed amounts and unknown item classes before anything runs', async () => {
    const { hospital, caller } = await nantongHospital();
    const person = await f.person({ region: '320600' });
    const good: BillShape = { idNumber: person.idNumber, institutionCode: hospital.code, encounterType: 'INPATIENT', date: '2026-03-21', items: [item('A', '1000.00')] };
    const before = await settlementCount(hub.db.database);
    for (const amount of ['-1.00', '1.234', '1e5', 'abc', '100000000.01']) {
      const { raw } = await settle(caller, { ...good, items: [item('A', '1.00'), item('B', amount)] });
      expect(raw.errors?.[0]?.extensions, amount).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount' });
      expect(raw.data ?? null).toBeNull();
    }
    const unknownClass = await settle(caller, { ...good, items: [item('D', '1.00')] });
    expect(codes(unknownClass.raw)).toEqual(['BAD_USER_INPUT']);
    expect(unknownClass.raw.errors?.[0]?.message).toContain('itemClass');
    const badId = await settle(caller, { ...good, idNumber: '320602199001011235' });
    expect(badId.raw.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idNumber' });
    expect(await settlementCount(hub.db.database)).toBe(before);
  });
});

describe('the settlement’s statements', () => {
  // Unprepared, postgres.js describes a statement with parameters before it sends their values:
  // two round trips each, while the person's accumulator row is locked. PGlite has no round trips.
  it.skipIf(!onPostgres)('are prepared once per connection, the writes one statement whatever the bill’s length', async () => {
    const single = await startHub(COUNTING_STATEMENTS, { poolMax: 1 });
    try {
      const sf = fixtures(single.db.database);
      const hospital = await sf.institution({ region: '320600', level: 3 });
      const caller = single.as('INSTITUTION', { institution: hospital.code });
      for (const items of [[item('A', '100.00')], [item('A', '100.00'), item('B', '50.00')]]) {
        const person = await sf.person({ region: '320600', scheme: 'RESIDENT' });
        const { result, errors } = await settle(caller, { idNumber: person.idNumber, institutionCode: hospital.code, encounterType: 'OUTPATIENT', date: '2026-03-10', items });
        expect(errors).toBeUndefined();
        expect(result.__typename).toBe('SettleClaimPayload');
      }
      const texts = (await single.db.database.rows<{ statement: string }>(sql`select statement from pg_prepared_statements`)).map((r) => r.statement);
      const count = (pattern: RegExp) => texts.filter((t) => pattern.test(t)).length;
      expect(count(/^insert into "accumulators"/)).toBe(1);
      expect(count(/from "accumulators".* for update$/s)).toBe(1);
      // The settlement, its items and the accumulators it leaves: one statement, whatever the bill's length.
      expect(count(/^with "stored" as \(insert into "settlements".*"items" as \(insert into "settlement_items".*update "accumulators"/s)).toBe(1);
      expect(count(/from "settlements" where "settlements"."idempotency_key" = \$1$/)).toBe(1);
      expect(count(/from "benefit_policies"/)).toBe(1);
      expect(count(/from "assistance_recipients"/)).toBe(1);
      expect(count(/from "product_enrollments"/)).toBe(1);
      expect(count(/ audit_append\(/)).toBe(1);
    } finally {
      await single.close();
    }
  });
});
