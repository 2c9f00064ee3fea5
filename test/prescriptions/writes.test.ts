/**
 * E-prescription circulation through the API: a hospital issues, a pharmacy dispenses after
 * 三重认证, the issuer cancels. Refusals change nothing; concurrent dispensing has one winner.
 */
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/principal.js';
import { auditLog, drugTraceCodes, prescriptionEvents, prescriptions } from '../../src/db/schema/index.js';
import { makeIdNumber } from '../../src/people/id-number.js';
import { pickupCodeHash } from '../../src/prescriptions/service.js';
import { fixtures, type Fixtures } from '../helpers/fixtures.js';
import { codes, startHub, type Scope, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let f: Fixtures;
const db = () => hub.db.database.db;

type Institution = Awaited<ReturnType<Fixtures['institution']>>;
type Drug = Awaited<ReturnType<Fixtures['drug']>>;
let hospital: Institution;
let clinic: Institution;
let otherHospital: Institution;
let suspendedHospital: Institution;
let pharmacy: Institution;
let dualPharmacy: Institution;
let suspendedPharmacy: Institution;
let drug: Drug;
let otherDrug: Drug;
let dualDrug: Drug;

const as = (inst: { code: string }) => hub.as('INSTITUTION', { institution: inst.code });

const ISSUE = `mutation Issue($input: IssuePrescriptionInput!) { issuePrescription(input: $input) {
  __typename
  ... on IssuePrescriptionPayload { pickupCode prescription { code status validUntil diagnosis { code name } issuer { code } patient { name region { code } }
    items { quantity usage amount drug { code } } history { status institution { code } } } }
  ... on UserError { code message field }
} }`;
const DISPENSE = `mutation Dispense($input: DispensePrescriptionInput!) { dispensePrescription(input: $input) {
  __typename
  ... on DispensePrescriptionPayload { prescription { code status dispensedAt dispenser { code } history { status institution { code } } } }
  ... on UserError { code message field }
} }`;
const CANCEL = `mutation Cancel($input: CancelPrescriptionInput!) { cancelPrescription(input: $input) {
  __typename
  ... on CancelPrescriptionPayload { prescription { code status history { status note } } }
  ... on UserError { code message field }
} }`;

let traceSeq = 0;
const traceCodes = (n: number) => Array.from({ length: n }, () => `8${String(++traceSeq).padStart(6, '0')}${String(Date.now()).slice(-13)}`);

const issueInput = (idNumber: string, over: Record<string, unknown> = {}) => ({
  idNumber,
  diagnosis: { code: 'E11.900', name: '2型糖尿病' },
  items: [
    { drugCode: drug.code, quantity: 2, usage: '口服 一日两次' },
    { drugCode: otherDrug.code, quantity: 1, usage: '口服 每晚一次' },
  ],
  ...over,
});

async function issue(patient: { idNumber: string }, over: Record<string, unknown> = {}, by: Institution = hospital) {
  const r = await as(by)(ISSUE, { input: issueInput(patient.idNumber, over) });
  expect(r.errors).toBeUndefined();
  expect(r.data?.issuePrescription.__typename).toBe('IssuePrescriptionPayload');
  return r.data!.issuePrescription as { pickupCode: string; prescription: { code: string; [k: string]: any } };
}

const stored = async (code: string) => (await db().select().from(prescriptions).where(eq(prescriptions.code, code)))[0]!;
const events = async (code: string) =>
  (await db().select({ status: prescriptionEvents.status }).from(prescriptionEvents).innerJoin(prescriptions, eq(prescriptions.id, prescriptionEvents.prescriptionId)).where(eq(prescriptions.code, code)).orderBy(prescriptionEvents.id)).map((e) => e.status);
const prescriptionCount = async () => (await db().select({ n: sql<number>`count(*)::int` }).from(prescriptions))[0]!.n;
const traceCount = async (codesList: string[]) =>
  (await db().select({ n: sql<number>`count(*)::int` }).from(drugTraceCodes).where(inArray(drugTraceCodes.code, codesList)))[0]!.n;

beforeAll(async () => {
  hub = await startHub();
  f = fixtures(hub.db.database);
  [hospital, clinic, otherHospital, suspendedHospital, pharmacy, dualPharmacy, suspendedPharmacy] = await Promise.all([
    f.institution({ kind: 'HOSPITAL' }),
    f.institution({ kind: 'PRIMARY_CARE', level: 1 }),
    f.institution({ kind: 'HOSPITAL', region: '320100' }),
    f.institution({ kind: 'HOSPITAL', agreementStatus: 'SUSPENDED' }),
    f.institution({ kind: 'PHARMACY' }),
    f.institution({ kind: 'PHARMACY', dualChannel: true }),
    f.institution({ kind: 'PHARMACY', agreementStatus: 'SUSPENDED' }),
  ]);
  [drug, otherDrug, dualDrug] = await Promise.all([f.drug(), f.drug({ unitPrice: 2_000 }), f.drug({ dualChannel: true })]);
});
afterAll(() => hub?.close());

describe('issue → dispense, end to end', () => {
  it('a hospital issues, the patient takes the pickup code to a pharmacy, the pharmacy dispenses', async () => {
    const patient = await f.person({ region: '320100', name: '李四' });
    const issued = await issue(patient);
    expect(issued.pickupCode).toMatch(/^\d{6}$/);
    expect(issued.prescription).toMatchObject({
      status: 'ISSUED', diagnosis: { code: 'E11.900' }, issuer: { code: hospital.code }, patient: { name: '李四', region: { code: '320100' } },
      items: [{ quantity: 2, amount: '30.00', drug: { code: drug.code } }, { quantity: 1, amount: '20.00', drug: { code: otherDrug.code } }],
      history: [{ status: 'ISSUED', institution: { code: hospital.code } }],
    });
    expect(issued.prescription.code).toMatch(/^RX\d{8}[0-9A-Z]{10}$/);
    const row = await stored(issued.prescription.code);
    // The patient's region, whichever city the issuing hospital is in; only the pickup code's hash is kept.
    expect(row.regionCode).toBe('320100');
    expect(row.pickupCodeHash).toBe(pickupCodeHash(row.code, issued.pickupCode));
    expect(row.validUntil.getTime() - row.issuedAt.getTime()).toBe(3 * 86_400_000);

    const scanned = traceCodes(3);
    const r = await as(pharmacy)(DISPENSE, { input: { code: issued.prescription.code, idNumber: patient.idNumber, pickupCode: issued.pickupCode, traceCodes: scanned } });
    expect(r.errors).toBeUndefined();
    expect(r.data?.dispensePrescription).toMatchObject({
      __typename: 'DispensePrescriptionPayload',
      prescription: {
        status: 'DISPENSED', dispenser: { code: pharmacy.code },
        history: [{ status: 'ISSUED', institution: { code: hospital.code } }, { status: 'DISPENSED', institution: { code: pharmacy.code } }],
      },
    });
    expect(await traceCount(scanned)).toBe(3);
    const ops = await db().select({ operation: auditLog.operation, personIds: auditLog.personIds }).from(auditLog)
      .where(sql`${auditLog.personIds} @> array[${patient.id}]::int[] and ${auditLog.operation} like '%Prescription'`);
    expect(ops.map((o) => o.operation)).toEqual(['Issue:issuePrescription', 'Dispense:dispensePrescription']);
  });

  it('lets a primary-care institution issue, with the validity asked for', async () => {
    const patient = await f.person();
    const issued = await issue(patient, { validDays: 7 }, clinic);
    const row = await stored(issued.prescription.code);
    expect(row.issuerId).toBe(clinic.id);
    expect(row.validUntil.getTime() - row.issuedAt.getTime()).toBe(7 * 86_400_000);
  });
});

describe('issuePrescription refusals', () => {
  it('rejects each bad input with its field, writing nothing', async () => {
    const patient = await f.person();
    const uninsured = await f.person({ status: 'TERMINATED' });
    const lastYearOnly = await f.person({ year: 2025 });
    const unknown = makeIdNumber('320623', '1941-03-04', 7, 'FEMALE');
    const item = (over: Record<string, unknown>) => ({ items: [{ drugCode: drug.code, quantity: 1, usage: '口服', ...over }] });
    const cases: [string, Record<string, unknown>, string, string | null][] = [
      [patient.idNumber, { validDays: 0 }, 'InputError', 'input.validDays'],
      [patient.idNumber, { validDays: 8 }, 'InputError', 'input.validDays'],
      [patient.idNumber, item({ quantity: 0 }), 'InputError', 'input.items.0.quantity'],
      [patient.idNumber, item({ quantity: 101 }), 'InputError', 'input.items.0.quantity'],
      [patient.idNumber, item({ usage: ' ' }), 'InputError', 'input.items.0.usage'],
      [patient.idNumber, item({ drugCode: 'X123' }), 'InputError', 'input.items.0.drugCode'],
      [patient.idNumber, { items: [] }, 'InputError', 'input.items'],
      [patient.idNumber, { items: [{ drugCode: drug.code, quantity: 1, usage: 'a' }, { drugCode: drug.code, quantity: 1, usage: 'b' }] }, 'InputError', 'input.items.1.drugCode'],
      [patient.idNumber, { diagnosis: { code: 'E11', name: '糖尿病' } }, 'InputError', 'input.diagnosis.code'],
      [patient.idNumber, { diagnosis: { code: 'E11.900', name: '' } }, 'InputError', 'input.diagnosis.name'],
      [patient.idNumber, { diagnosis: { code: 'E11.900', name: '病'.repeat(101) } }, 'InputError', 'input.diagnosis.name'],
      [patient.idNumber, item({ usage: '用'.repeat(201) }), 'InputError', 'input.items.0.usage'],
      [patient.idNumber, { items: Array.from({ length: 21 }, (_, i) => ({ drugCode: drug.code, quantity: 1, usage: `第${i}` })) }, 'InputError', 'input.items'],
      [patient.idNumber, { items: [{ drugCode: drug.code, quantity: 1, usage: 'a' }, { drugCode: 'XJ01CAA999A001999909999', quantity: 1, usage: 'b' }] }, 'NotFoundError', 'input.items.1.drugCode'],
      [unknown, {}, 'NotFoundError', 'input.idNumber'],
      [uninsured.idNumber, {}, 'ConflictError', null],
      [lastYearOnly.idNumber, {}, 'ConflictError', null],
    ];
    const before = await prescriptionCount();
    for (const [idNumber, over, typename, field] of cases) {
      const r = await as(hospital)(ISSUE, { input: issueInput(idNumber, over) });
      expect(r.data?.issuePrescription, JSON.stringify(over)).toMatchObject({ __typename: typename, field });
    }
    const malformed = await as(hospital)(ISSUE, { input: issueInput('32060219900101123') });
    expect(codes(malformed)).toEqual(['BAD_USER_INPUT']);
    expect(await prescriptionCount()).toBe(before);
  });

  it('refuses pharmacies, institutions without an active agreement and every other role; the issuer cannot be chosen', async () => {
    const patient = await f.person();
    const before = await prescriptionCount();
    for (const inst of [pharmacy, suspendedHospital, { code: 'H32060299999' }]) {
      expect(codes(await as(inst)(ISSUE, { input: issueInput(patient.idNumber) })), inst.code).toEqual(['FORBIDDEN']);
    }
    const roles: [Role, Scope][] = [
      ['MEDICAL_SECURITY', { regions: ['320600'] }], ['TAX', { regions: ['320600'] }], ['CIVIL_AFFAIRS', { regions: ['320600'] }],
      ['HEALTH', { regions: ['320600'] }], ['INSURER', { insurer: 'PICC' }],
    ];
    for (const [role, scope] of roles) {
      expect(codes(await hub.as(role, scope)(ISSUE, { input: issueInput(patient.idNumber) })), role).toEqual(['FORBIDDEN']);
    }
    const chosen = await as(hospital)(ISSUE, { input: { ...issueInput(patient.idNumber), issuerCode: otherHospital.code } });
    expect(codes(chosen)).toEqual(['BAD_USER_INPUT']);
    expect(await prescriptionCount()).toBe(before);
  });
});

describe('dispensePrescription (三重认证)', () => {
  it('answers an unknown code, a wrong ID number and a wrong pickup code alike, and writes nothing', async () => {
    const patient = await f.person();
    const other = await f.person();
    const { prescription, pickupCode } = await issue(patient);
    const wrongPickup = pickupCode === '000000' ? '000001' : '000000';
    const answers = [];
    for (const input of [
      { code: 'RX20260101UNKNOWN0000', idNumber: patient.idNumber, pickupCode },
      { code: prescription.code, idNumber: other.idNumber, pickupCode },
      { code: prescription.code, idNumber: patient.idNumber, pickupCode: wrongPickup },
    ]) {
      const r = await as(pharmacy)(DISPENSE, { input: { ...input, traceCodes: traceCodes(3) } });
      answers.push(r.data?.dispensePrescription);
    }
    expect(answers[0]).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND', message: 'Prescription not found', field: 'input.code' });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect((await stored(prescription.code)).status).toBe('ISSUED');
  });

  it('rejects malformed input with its field', async () => {
    const patient = await f.person();
    const { prescription, pickupCode } = await issue(patient);
    const base = { code: prescription.code, idNumber: patient.idNumber, pickupCode };
    const [a, b] = traceCodes(2);
    const cases: [Record<string, unknown>, string][] = [
      [{ code: 'rx-1' }, 'input.code'],
      [{ pickupCode: '12345' }, 'input.pickupCode'],
      [{ traceCodes: [] }, 'input.traceCodes'],
      [{ traceCodes: [a, '123', b] }, 'input.traceCodes.1'],
      [{ traceCodes: [a, b, a] }, 'input.traceCodes.2'],
      [{ traceCodes: [a, b] }, 'input.traceCodes'],
      [{ traceCodes: traceCodes(2001) }, 'input.traceCodes'],
    ];
    for (const [over, field] of cases) {
      const r = await as(pharmacy)(DISPENSE, { input: { ...base, traceCodes: traceCodes(3), ...over } });
      expect(r.data?.dispensePrescription, field).toMatchObject({ __typename: 'InputError', code: 'BAD_USER_INPUT', field });
    }
    const malformedId = await as(pharmacy)(DISPENSE, { input: { ...base, idNumber: '3206021990010112', traceCodes: traceCodes(3) } });
    expect(malformedId.data?.dispensePrescription ?? null).toBeNull();
    expect(malformedId.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idNumber' });
    expect((await stored(prescription.code)).status).toBe('ISSUED');
  });

  it('refuses hospitals, pharmacies without an active agreement and other roles', async () => {
    const patient = await f.person();
    const { prescription, pickupCode } = await issue(patient);
    const input = { code: prescription.code, idNumber: patient.idNumber, pickupCode, traceCodes: traceCodes(3) };
    for (const inst of [hospital, suspendedPharmacy]) expect(codes(await as(inst)(DISPENSE, { input })), inst.code).toEqual(['FORBIDDEN']);
    for (const role of ['MEDICAL_SECURITY', 'TAX', 'CIVIL_AFFAIRS', 'HEALTH'] as const) {
      expect(codes(await hub.as(role, { regions: ['320600'] })(DISPENSE, { input })), role).toEqual(['FORBIDDEN']);
    }
    expect(codes(await hub.as('INSURER', { insurer: 'PICC' })(DISPENSE, { input }))).toEqual(['FORBIDDEN']);
    expect((await stored(prescription.code)).status).toBe('ISSUED');
    expect(await traceCount(input.traceCodes)).toBe(0);
  });

  it('dispenses 双通道 drugs only at a dual-channel pharmacy', async () => {
    const patient = await f.person();
    const { prescription, pickupCode } = await issue(patient, { items: [{ drugCode: dualDrug.code, quantity: 1, usage: '皮下注射' }] });
    const input = { code: prescription.code, idNumber: patient.idNumber, pickupCode, traceCodes: traceCodes(1) };
    expect(codes(await as(pharmacy)(DISPENSE, { input }))).toEqual(['FORBIDDEN']);
    expect((await stored(prescription.code)).status).toBe('ISSUED');
    const ok = await as(dualPharmacy)(DISPENSE, { input });
    expect(ok.data?.dispensePrescription).toMatchObject({ prescription: { status: 'DISPENSED', dispenser: { code: dualPharmacy.code } } });
  });

  it('refuses a reused trace code, naming it, and rolls the whole dispense back', async () => {
    const patient = await f.person();
    const first = await issue(patient);
    const second = await issue(patient);
    const codesFirst = traceCodes(3);
    await as(pharmacy)(DISPENSE, { input: { code: first.prescription.code, idNumber: patient.idNumber, pickupCode: first.pickupCode, traceCodes: codesFirst } });
    const reused = [...traceCodes(2), codesFirst[1]!];
    const r = await as(pharmacy)(DISPENSE, { input: { code: second.prescription.code, idNumber: patient.idNumber, pickupCode: second.pickupCode, traceCodes: reused } });
    expect(r.data?.dispensePrescription).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT', message: expect.stringContaining(codesFirst[1]!) });
    expect(await stored(second.prescription.code)).toMatchObject({ status: 'ISSUED', dispenserId: null });
    expect(await traceCount(reused.slice(0, 2))).toBe(0);
    expect(await events(second.prescription.code)).toEqual(['ISSUED']);
  });

  it('refuses a dispensed or cancelled prescription', async () => {
    const patient = await f.person();
    const { prescription, pickupCode } = await issue(patient);
    await as(pharmacy)(DISPENSE, { input: { code: prescription.code, idNumber: patient.idNumber, pickupCode, traceCodes: traceCodes(3) } });
    const again = await as(dualPharmacy)(DISPENSE, { input: { code: prescription.code, idNumber: patient.idNumber, pickupCode, traceCodes: traceCodes(3) } });
    expect(again.data?.dispensePrescription).toMatchObject({ __typename: 'ConflictError', message: expect.stringContaining('DISPENSED') });
    const cancelled = await issue(patient);
    await as(hospital)(CANCEL, { input: { code: cancelled.prescription.code, reason: '患者要求' } });
    const r = await as(pharmacy)(DISPENSE, { input: { code: cancelled.prescription.code, idNumber: patient.idNumber, pickupCode: cancelled.pickupCode, traceCodes: traceCodes(3) } });
    expect(r.data?.dispensePrescription).toMatchObject({ __typename: 'ConflictError', message: expect.stringContaining('CANCELLED') });
  });

  it('marks an expired prescription EXPIRED, with an event, and refuses it', async () => {
    const patient = await f.person();
    const rx = await f.prescription({ personId: patient.id, issuerId: hospital.id, drugId: drug.id, pickupCode: '246810', validUntil: new Date(Date.now() - 60_000) });
    const r = await as(pharmacy)(DISPENSE, { input: { code: rx.code, idNumber: patient.idNumber, pickupCode: '246810', traceCodes: traceCodes(2) } });
    expect(r.data?.dispensePrescription).toMatchObject({ __typename: 'ConflictError', message: 'The prescription has expired' });
    expect((await stored(rx.code)).status).toBe('EXPIRED');
    expect(await events(rx.code)).toEqual(['EXPIRED']);
    const [record] = await db().select().from(auditLog).where(and(like(auditLog.operation, '%:dispensePrescription'), sql`${auditLog.personIds} @> array[${patient.id}]::int[]`));
    expect(record).toBeDefined();
  });

  it('lets exactly one of two pharmacies dispensing one prescription at once succeed', async () => {
    const patient = await f.person();
    const { prescription, pickupCode } = await issue(patient);
    const attempts = [traceCodes(3), traceCodes(3)];
    const results = await Promise.all([
      as(pharmacy)(DISPENSE, { input: { code: prescription.code, idNumber: patient.idNumber, pickupCode, traceCodes: attempts[0] } }),
      as(dualPharmacy)(DISPENSE, { input: { code: prescription.code, idNumber: patient.idNumber, pickupCode, traceCodes: attempts[1] } }),
    ]);
    const kinds = results.map((r) => r.data?.dispensePrescription.__typename).sort();
    expect(kinds).toEqual(['ConflictError', 'DispensePrescriptionPayload']);
    const winner = results.findIndex((r) => r.data?.dispensePrescription.__typename === 'DispensePrescriptionPayload');
    expect(await traceCount(attempts[winner]!)).toBe(3);
    expect(await traceCount(attempts[1 - winner]!)).toBe(0);
    expect(await events(prescription.code)).toEqual(['ISSUED', 'DISPENSED']);
  });

  it('accepts one trace code in two concurrent dispenses only once', async () => {
    const patient = await f.person();
    const [one, two] = [await issue(patient), await issue(patient)];
    const shared = traceCodes(1)[0]!;
    const results = await Promise.all([
      as(pharmacy)(DISPENSE, { input: { code: one.prescription.code, idNumber: patient.idNumber, pickupCode: one.pickupCode, traceCodes: [...traceCodes(2), shared] } }),
      as(dualPharmacy)(DISPENSE, { input: { code: two.prescription.code, idNumber: patient.idNumber, pickupCode: two.pickupCode, traceCodes: [shared, ...traceCodes(2)] } }),
    ]);
    const payloads = results.map((r) => r.data?.dispensePrescription);
    expect(payloads.map((p) => p.__typename).sort()).toEqual(['ConflictError', 'DispensePrescriptionPayload']);
    expect(payloads.find((p) => p.__typename === 'ConflictError').message).toContain(shared);
    const statuses = [(await stored(one.prescription.code)).status, (await stored(two.prescription.code)).status].sort();
    expect(statuses).toEqual(['DISPENSED', 'ISSUED']);
  });
});

describe('cancelPrescription', () => {
  it('lets the issuer cancel an issued prescription, once', async () => {
    const patient = await f.person();
    const { prescription } = await issue(patient);
    const r = await as(hospital)(CANCEL, { input: { code: prescription.code, reason: '医师撤销：剂量有误' } });
    expect(r.data?.cancelPrescription).toMatchObject({
      __typename: 'CancelPrescriptionPayload',
      prescription: { status: 'CANCELLED', history: [{ status: 'ISSUED', note: null }, { status: 'CANCELLED', note: '医师撤销：剂量有误' }] },
    });
    const again = await as(hospital)(CANCEL, { input: { code: prescription.code, reason: '重复' } });
    expect(again.data?.cancelPrescription).toMatchObject({ __typename: 'ConflictError' });
    expect(await events(prescription.code)).toEqual(['ISSUED', 'CANCELLED']);
    const [record] = await db().select().from(auditLog).where(and(eq(auditLog.operation, 'Cancel:cancelPrescription'), sql`${auditLog.personIds} @> array[${patient.id}]::int[]`));
    expect(record).toBeDefined();
  });

  it('answers NOT_FOUND to another institution, FORBIDDEN to a pharmacy, and refuses dispensed or expired ones', async () => {
    const patient = await f.person();
    const { prescription, pickupCode } = await issue(patient);
    expect((await as(otherHospital)(CANCEL, { input: { code: prescription.code, reason: 'x' } })).data?.cancelPrescription).toMatchObject({
      __typename: 'NotFoundError', field: 'input.code',
    });
    expect(codes(await as(pharmacy)(CANCEL, { input: { code: prescription.code, reason: 'x' } }))).toEqual(['FORBIDDEN']);
    expect((await as(hospital)(CANCEL, { input: { code: prescription.code, reason: '' } })).data?.cancelPrescription).toMatchObject({
      __typename: 'InputError', field: 'input.reason',
    });
    expect((await as(hospital)(CANCEL, { input: { code: prescription.code, reason: '撤'.repeat(201) } })).data?.cancelPrescription).toMatchObject({
      __typename: 'InputError', field: 'input.reason',
    });
    expect((await as(hospital)(CANCEL, { input: { code: 'RX 2026', reason: '撤销' } })).data?.cancelPrescription).toMatchObject({
      __typename: 'InputError', field: 'input.code',
    });
    expect((await stored(prescription.code)).status).toBe('ISSUED');
    await as(pharmacy)(DISPENSE, { input: { code: prescription.code, idNumber: patient.idNumber, pickupCode, traceCodes: traceCodes(3) } });
    expect((await as(hospital)(CANCEL, { input: { code: prescription.code, reason: 'x' } })).data?.cancelPrescription).toMatchObject({
      __typename: 'ConflictError', message: expect.stringContaining('DISPENSED'),
    });
    const expired = await f.prescription({ personId: patient.id, issuerId: hospital.id, drugId: drug.id, validUntil: new Date(Date.now() - 1_000) });
    expect((await as(hospital)(CANCEL, { input: { code: expired.code, reason: 'x' } })).data?.cancelPrescription).toMatchObject({
      __typename: 'ConflictError', message: expect.stringContaining('EXPIRED'),
    });
  });
});
