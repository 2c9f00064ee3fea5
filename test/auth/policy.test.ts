/**
 * The data-sharing policy, cell by cell. The matrices below are transcribed by hand from
 * ACCESS-POLICY.md, independently of src/auth/policy.ts: each cell is checked twice, once
 * against the declaration the hub is built from, once against the running hub.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber, maskName } from '../../src/auth/mask.js';
import { accessFor } from '../../src/auth/policy.js';
import { ROLES, type Role } from '../../src/auth/principal.js';
import { fixtures } from '../helpers/fixtures.js';
import { startHub, type Caller, type Result, type TestHub } from '../helpers/hub.js';

type Expect = 'F' | 'M' | '-' | 'R' | `C:${'SETTLEMENTS' | 'DIAGNOSIS' | 'PRESCRIPTIONS'}`;
type Row = [field: string, ms: Expect, tax: Expect, ca: Expect, health: Expect, insurer: Expect, institution: Expect];

// ACCESS-POLICY.md § Person. R = the value, rows narrowed (own products, amounts only, own institution…).
const PERSON: Row[] = [
  ['id', 'F', 'F', 'F', 'F', 'F', 'F'],
  ['region', 'F', 'F', 'F', 'F', 'F', 'F'],
  ['gender', 'F', 'F', 'F', 'F', 'F', 'F'],
  ['birthDate', 'F', 'F', 'F', 'F', 'F', 'F'],
  ['idNumber', 'F', 'F', 'F', 'M', 'M', 'M'],
  ['name', 'F', 'F', 'F', 'M', 'F', 'F'],
  ['phone', 'F', '-', 'F', '-', '-', '-'],
  ['enrollments', 'F', 'F', 'F', 'F', 'F', 'F'],
  ['contributions', 'F', 'F', '-', '-', '-', '-'],
  ['subsidizedEnrollment', 'F', 'F', 'F', '-', '-', '-'],
  ['assistance', 'F', '-', 'F', '-', '-', '-'],
  ['productEnrollments', 'F', '-', '-', '-', 'R', '-'],
  ['consents', 'F', '-', '-', '-', 'R', '-'],
  ['settlements', 'F', '-', 'R', '-', 'C:SETTLEMENTS', 'R'],
  ['prescriptions', 'F', '-', '-', 'R', 'C:PRESCRIPTIONS', 'R'],
];
const ENROLLMENT: Row[] = [['contributionBase', 'F', 'F', '-', '-', '-', '-']];
// § Settlement (TAX and HEALTH reach no individual settlement).
const SETTLEMENT: Row[] = [
  ['fundPaid', 'F', '-', 'F', '-', 'F', 'F'],
  ['selfPaid', 'F', '-', 'F', '-', 'F', 'F'],
  ['settledAt', 'F', '-', 'F', '-', 'F', 'F'],
  ['encounterType', 'F', '-', 'F', '-', 'F', 'F'],
  ['diagnosis', 'F', '-', '-', '-', 'C:DIAGNOSIS', 'F'],
  ['items', 'F', '-', '-', '-', 'C:DIAGNOSIS', 'F'],
];
// § Institution.
const INSTITUTION: Row[] = [
  ['name', 'F', 'F', 'F', 'F', 'F', 'F'],
  ['agreementStatus', 'F', 'F', 'F', 'F', 'F', 'F'],
  ['paymentMethod', 'F', 'F', 'F', 'F', 'F', 'F'],
  ['creditScore', 'F', '-', '-', 'F', '-', '-'],
  ['violations', 'F', '-', '-', 'F', '-', '-'],
];

const SELECT: Record<string, string> = {
  region: 'region { code }',
  enrollments: 'enrollments { year }',
  contributions: 'contributions { amount }',
  subsidizedEnrollment: 'subsidizedEnrollment { subsidized }',
  assistance: 'assistance { category }',
  productEnrollments: 'productEnrollments { insurerCode }',
  consents: 'consents { insurerCode }',
  settlements: 'settlements(first: 5) { edges { node { id } } }',
  prescriptions: 'prescriptions(first: 5) { edges { node { code } } }',
  diagnosis: 'diagnosis { code }',
  items: 'items { amount }',
  violations: 'violations { description }',
};
const select = (field: string) => SELECT[field] ?? field;

const cellOf = (row: Row, role: Role): Expect => row[1 + ROLES.indexOf(role)] as Expect;

/** The declaration's view of a cell, in the matrix's letters. */
function declared(type: string, field: string, role: Role): Expect {
  const a = accessFor(type, field, role);
  if (!a) return '-';
  if (a.kind === 'full') return 'F';
  if (a.kind === 'masked') return 'M';
  if (a.kind === 'rows') return 'R';
  return `C:${a.scope}` as Expect;
}

let hub: TestHub;
const ctx = {} as {
  hospital: { id: number; code: string };
  insurer: string;
  pA: { id: number; idNumber: string; name: string };
  pB: { id: number; idNumber: string };
  settlementA: number;
  settlementB: number;
  prescriptionA: string;
};

function callerFor(role: Role): Caller {
  if (role === 'INSURER') return hub.as(role, { insurer: ctx.insurer });
  if (role === 'INSTITUTION') return hub.as(role, { institution: ctx.hospital.code });
  return hub.as(role, { regions: ['320600'] });
}

const errorAt = (r: Result, path: (string | number)[]) => r.errors?.find((e) => JSON.stringify(e.path) === JSON.stringify(path))?.extensions?.code;

beforeAll(async () => {
  hub = await startHub();
  const f = fixtures(hub.db.database);
  const hospital = await f.institution({ region: '320600' });
  const drug = await f.drug();
  const product = await f.product('320600', 2026);
  const pA = await f.person({ region: '320600', scheme: 'EMPLOYEE', name: '欧阳娜娜' });
  const pB = await f.person({ region: '320600' });
  await f.contribution(pA.id);
  await f.assistance(pA.id);
  for (const p of [pA, pB]) await f.enrollInProduct(p.id, product);
  await f.consent(pA.id, product.insurerCode, ['ELIGIBILITY', 'SETTLEMENTS', 'DIAGNOSIS', 'PRESCRIPTIONS']);
  await f.consent(pB.id, product.insurerCode, ['ELIGIBILITY']);
  const sA = await f.settlement({ personId: pA.id, institutionId: hospital.id });
  const sB = await f.settlement({ personId: pB.id, institutionId: hospital.id });
  const rxA = await f.prescription({ personId: pA.id, issuerId: hospital.id, drugId: drug.id });
  await f.prescription({ personId: pB.id, issuerId: hospital.id, drugId: drug.id });
  Object.assign(ctx, { hospital, insurer: product.insurerCode, pA, pB, settlementA: sA.id, settlementB: sB.id, prescriptionA: rxA.code });
});
afterAll(() => hub?.close());

describe('the declaration matches ACCESS-POLICY.md', () => {
  const tables: [string, Row[]][] = [['Person', PERSON], ['Enrollment', ENROLLMENT], ['Settlement', SETTLEMENT], ['Institution', INSTITUTION]];
  for (const [type, rows] of tables) {
    for (const row of rows) {
      it(`${type}.${row[0]}`, () => {
        for (const role of ROLES) expect(declared(type, row[0], role), `${type}.${row[0]} for ${role}`).toBe(cellOf(row, role));
      });
    }
  }
});

describe('Person fields, role by role', () => {
  for (const row of PERSON) {
    for (const role of ROLES) {
      const cell = cellOf(row, role);
      it(`${row[0]} for ${role} is ${cell}`, async () => {
        const field = row[0];
        const r = await callerFor(role)(`query($id: IdNumber!) { person(idNumber: $id) { ${select(field)} } }`, { id: ctx.pA.idNumber });
        const value = r.data?.person?.[field];
        if (cell === '-') {
          expect(value).toBeNull();
          expect(errorAt(r, ['person', field])).toBe('FORBIDDEN');
          return;
        }
        expect(errorAt(r, ['person', field])).toBeUndefined();
        expect(value).not.toBeNull();
        if (field === 'idNumber') expect(value).toBe(cell === 'M' ? maskIdNumber(ctx.pA.idNumber) : ctx.pA.idNumber);
        if (field === 'name') expect(value).toBe(cell === 'M' ? maskName(ctx.pA.name) : ctx.pA.name);
        if (Array.isArray(value)) expect(value.length).toBeGreaterThan(0);
        if (cell.startsWith('C:')) {
          // pB consented to ELIGIBILITY only: the same field is refused for lack of consent.
          const other = await callerFor(role)(`query($id: IdNumber!) { person(idNumber: $id) { ${select(field)} } }`, { id: ctx.pB.idNumber });
          expect(other.data?.person?.[field]).toBeNull();
          expect(errorAt(other, ['person', field])).toBe('CONSENT_REQUIRED');
        }
      });
    }
  }
  for (const role of ROLES) {
    const cell = cellOf(ENROLLMENT[0]!, role);
    it(`enrollments.contributionBase for ${role} is ${cell}`, async () => {
      const r = await callerFor(role)(`query($id: IdNumber!) { person(idNumber: $id) { enrollments { year contributionBase } } }`, { id: ctx.pA.idNumber });
      const e = r.data?.person?.enrollments?.[0];
      expect(e.year).toBe(2026);
      if (cell === '-') expect(errorAt(r, ['person', 'enrollments', 0, 'contributionBase'])).toBe('FORBIDDEN');
      else expect(e.contributionBase).toBe('8000.00');
    });
  }
});

describe('Settlement fields, role by role', () => {
  for (const row of SETTLEMENT) {
    for (const role of ROLES) {
      const cell = cellOf(row, role);
      it(`${row[0]} for ${role} is ${cell}`, async () => {
        const id = Buffer.from(`Settlement:${ctx.settlementA}`).toString('base64');
        const r = await callerFor(role)(`query($id: ID!) { node(id: $id) { ... on Settlement { id ${select(row[0])} } } }`, { id });
        if (role === 'TAX' || role === 'HEALTH') {
          // They reach no individual settlement: it behaves as if it did not exist.
          expect(r.data?.node).toBeNull();
          expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
          return;
        }
        const value = r.data?.node?.[row[0]];
        if (cell === '-') {
          expect(value).toBeNull();
          expect(errorAt(r, ['node', row[0]])).toBe('FORBIDDEN');
        } else {
          expect(errorAt(r, ['node', row[0]])).toBeUndefined();
          expect(value).not.toBeNull();
        }
      });
    }
  }
  it('the settlements list is refused to TAX and HEALTH', async () => {
    for (const role of ['TAX', 'HEALTH'] as const) {
      const r = await callerFor(role)('{ settlements(first: 1) { edges { node { id } } } }');
      expect(r.data?.settlements ?? null).toBeNull();
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});

describe('Institution fields, role by role', () => {
  for (const row of INSTITUTION) {
    for (const role of ROLES) {
      const cell = cellOf(row, role);
      it(`${row[0]} for ${role} is ${cell}`, async () => {
        const r = await callerFor(role)(`query($code: String!) { institution(code: $code) { code ${select(row[0])} } }`, { code: ctx.hospital.code });
        expect(r.data?.institution?.code).toBe(ctx.hospital.code);
        const value = r.data?.institution?.[row[0]];
        if (cell === '-') expect(errorAt(r, ['institution', row[0]])).toBe('FORBIDDEN');
        else expect(value).not.toBeNull();
      });
    }
  }
});

describe('Prescription, role by role', () => {
  const query = `query($code: String!) { prescription(code: $code) { code status diagnosis { code } patient { idNumber name } items { quantity } } }`;
  it('MEDICAL_SECURITY reads it in full', async () => {
    const r = await callerFor('MEDICAL_SECURITY')(query, { code: ctx.prescriptionA });
    expect(r.errors).toBeUndefined();
    expect(r.data?.prescription.patient.idNumber).toBe(ctx.pA.idNumber);
  });
  it('HEALTH reads it with the patient masked', async () => {
    const r = await callerFor('HEALTH')(query, { code: ctx.prescriptionA });
    expect(r.errors).toBeUndefined();
    expect(r.data?.prescription.patient).toEqual({ idNumber: maskIdNumber(ctx.pA.idNumber), name: maskName(ctx.pA.name) });
    expect(r.data?.prescription.diagnosis.code).toBe('E11.900');
  });
  it('the issuing institution reads it', async () => {
    const r = await callerFor('INSTITUTION')(query, { code: ctx.prescriptionA });
    expect(r.errors).toBeUndefined();
    expect(r.data?.prescription.code).toBe(ctx.prescriptionA);
  });
  it('an insurer reads it only with PRESCRIPTIONS consent, the diagnosis only with DIAGNOSIS', async () => {
    const r = await callerFor('INSURER')(query, { code: ctx.prescriptionA });
    expect(r.errors).toBeUndefined();
    expect(r.data?.prescription.diagnosis.code).toBe('E11.900');
    const list = await callerFor('INSURER')(`{ prescriptions(first: 10) { edges { node { patient { id } } } } }`);
    expect(list.data?.prescriptions.edges).toHaveLength(1);
  });
  it('TAX and CIVIL_AFFAIRS are refused', async () => {
    for (const role of ['TAX', 'CIVIL_AFFAIRS'] as const) {
      const r = await callerFor(role)(query, { code: ctx.prescriptionA });
      expect(r.data?.prescription ?? null).toBeNull();
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
  it('no schema field returns a pickup code', () => {
    const type = hub.app.schema.getType('Prescription') as { getFields(): Record<string, unknown> };
    expect(Object.keys(type.getFields()).some((f) => /pickup/i.test(f))).toBe(false);
  });
});
