/**
 * enrollInProduct: an insurer enrolls a person in one of its own 惠民保 products; the only
 * condition is active basic insurance in the product's region for its year. Existence of a
 * person does not leak through the error.
 */
import { and, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/principal.js';
import { auditLog, insuranceProducts, productEnrollments } from '../../src/db/schema/index.js';
import { makeIdNumber } from '../../src/people/id-number.js';
import { fixtures, type Fixtures } from '../helpers/fixtures.js';
import { codes, startHub, type Scope, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let f: Fixtures;
const db = () => hub.db.database.db;
const picc = () => hub.as('INSURER', { insurer: 'PICC' });
const PRODUCT = 'HMB-320600-2026';

const ENROLL = `mutation Enroll($input: EnrollInProductInput!) { enrollInProduct(input: $input) {
  __typename
  ... on EnrollInProductPayload { productCode alreadyEnrolled enrollment { insurerCode status enrolledAt } }
  ... on UserError { code message field }
} }`;

const enrolledCount = async (personId: number) =>
  (await db().select({ n: sql<number>`count(*)::int` }).from(productEnrollments).where(eq(productEnrollments.personId, personId)))[0]!.n;

beforeAll(async () => {
  hub = await startHub();
  f = fixtures(hub.db.database);
});
afterAll(() => hub?.close());

describe('enrollInProduct', () => {
  it('enrolls a basic-insured person of the product’s region, whatever the age, and a re-send says it was already done', async () => {
    const person = await f.person({ region: '320600', birthDate: '1926-02-03', scheme: 'RESIDENT' });
    const r = await picc()(ENROLL, { input: { idNumber: person.idNumber, productCode: PRODUCT } });
    expect(r.errors).toBeUndefined();
    expect(r.data?.enrollInProduct).toMatchObject({
      __typename: 'EnrollInProductPayload', productCode: PRODUCT, alreadyEnrolled: false, enrollment: { insurerCode: 'PICC', status: 'ACTIVE' },
    });
    const again = await picc()(ENROLL, { input: { idNumber: person.idNumber, productCode: PRODUCT } });
    expect(again.data?.enrollInProduct).toEqual({ ...r.data?.enrollInProduct, alreadyEnrolled: true });
    expect(await enrolledCount(person.id)).toBe(1);
  });

  it('gives one answer for an unknown person and one not basic-insured in the product’s region that year', async () => {
    const nanjing = await f.person({ region: '320100' });
    const suspended = await f.person({ region: '320600', status: 'SUSPENDED' });
    const lastYear = await f.person({ region: '320600', year: 2025 });
    const unknown = makeIdNumber('320623', '1960-07-08', 9, 'MALE');
    const answers = [];
    for (const idNumber of [unknown, nanjing.idNumber, suspended.idNumber, lastYear.idNumber]) {
      answers.push((await picc()(ENROLL, { input: { idNumber, productCode: PRODUCT } })).data?.enrollInProduct);
    }
    expect(answers[0]).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', field: 'input.idNumber' });
    for (const a of answers.slice(1)) expect(a).toEqual(answers[0]);
    for (const p of [nanjing, suspended, lastYear]) expect(await enrolledCount(p.id)).toBe(0);
  });

  it('answers NOT_FOUND for another insurer’s product, as for an unknown one', async () => {
    const person = await f.person({ region: '320600' });
    const other = await hub.as('INSURER', { insurer: 'CLPC' })(ENROLL, { input: { idNumber: person.idNumber, productCode: PRODUCT } });
    const unknown = await picc()(ENROLL, { input: { idNumber: person.idNumber, productCode: 'HMB-999999-2026' } });
    expect(other.data?.enrollInProduct).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND', message: 'Product not found', field: 'input.productCode' });
    expect(unknown.data?.enrollInProduct).toEqual(other.data?.enrollInProduct);
    expect(await enrolledCount(person.id)).toBe(0);
  });

  it('refuses a product whose period has ended or that is no longer active', async () => {
    const person = await f.person({ region: '320600', year: 2025 });
    const ended = await picc()(ENROLL, { input: { idNumber: person.idNumber, productCode: 'HMB-320600-2025' } });
    expect(ended.data?.enrollInProduct).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    const current = await f.person({ region: '320600' });
    await db().update(insuranceProducts).set({ status: 'CLOSED' }).where(eq(insuranceProducts.code, PRODUCT));
    try {
      const closed = await picc()(ENROLL, { input: { idNumber: current.idNumber, productCode: PRODUCT } });
      expect(closed.data?.enrollInProduct).toMatchObject({ __typename: 'ConflictError', message: expect.stringContaining('CLOSED') });
    } finally {
      await db().update(insuranceProducts).set({ status: 'ACTIVE' }).where(eq(insuranceProducts.code, PRODUCT));
    }
    expect(await enrolledCount(person.id)).toBe(0);
    expect(await enrolledCount(current.id)).toBe(0);
  });

  it('rejects malformed input with the field named', async () => {
    const person = await f.person();
    const bad = await picc()(ENROLL, { input: { idNumber: person.idNumber, productCode: 'hmb 2026' } });
    expect(bad.data?.enrollInProduct).toMatchObject({ __typename: 'InputError', field: 'input.productCode' });
    expect(codes(await picc()(ENROLL, { input: { idNumber: '32060219900101123', productCode: PRODUCT } }))).toEqual(['BAD_USER_INPUT']);
    expect(await enrolledCount(person.id)).toBe(0);
  });

  it('refuses every role but INSURER with nothing written', async () => {
    const person = await f.person();
    const roles: [Role, Scope][] = [
      ['MEDICAL_SECURITY', { regions: ['320600'] }], ['TAX', { regions: ['320600'] }], ['CIVIL_AFFAIRS', { regions: ['320600'] }],
      ['HEALTH', { regions: ['320600'] }], ['INSTITUTION', { institution: 'H32060200001' }],
    ];
    for (const [role, scope] of roles) {
      expect(codes(await hub.as(role, scope)(ENROLL, { input: { idNumber: person.idNumber, productCode: PRODUCT } })), role).toEqual(['FORBIDDEN']);
    }
    expect(await enrolledCount(person.id)).toBe(0);
  });

  it('commits the audit record with the enrollment', async () => {
    const person = await f.person();
    await hub.as('INSURER', { insurer: 'PICC', clientId: 'picc-enroll' })(ENROLL, { input: { idNumber: person.idNumber, productCode: PRODUCT } });
    const [record] = await db().select().from(auditLog).where(and(like(auditLog.operation, '%:enrollInProduct'), eq(auditLog.clientId, 'picc-enroll')));
    expect(record).toMatchObject({ role: 'INSURER', operation: 'Enroll:enrollInProduct', personIds: [person.id] });
  });
});
