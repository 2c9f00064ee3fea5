/**
 * `person(idNumber:)` reads the person and the lists selected under them (enrollments,
 * contributions, the newest settlements) in one statement. What it answers must be what the
 * loaders answer for the same person: `node(id:)` reaches the same fields through them.
 */
import { eq } from 'drizzle-orm';
import type { GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/principal.js';
import { enrollments, settlements } from '../../src/db/schema/index.js';
import { makeIdNumber } from '../../src/people/id-number.js';
import { fixtures, type Fixtures } from '../helpers/fixtures.js';
import { codes, COUNTING_STATEMENTS, type Scope, startHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let f: Fixtures;

const RECORD = `fragment Record on Person {
  idNumber name
  enrollments { year scheme status startDate endDate subsidized contributionBase region { code } }
  subsidizedEnrollment { year subsidized amount }
  contributions { period payer amount paidDate }
  settlements(first: $n) { edges { cursor node { id billDate encounterType scheme totalAmount policyRangeAmount classBPrepaid deductiblePaid fundPaid
    criticalIllnessPaid assistancePaid commercialPaid selfPaid status crossProvince settledAt reversedAt reversalReason
    region { code } diagnosis { code name } reasons { payer code message } } } pageInfo { hasNextPage hasPreviousPage endCursor } }
}`;
const BY_ID_NUMBER = `query($id: IdNumber!, $n: Int) { person(idNumber: $id) { id ...Record } } ${RECORD}`;
const BY_NODE = `query($node: ID!, $n: Int) { node(id: $node) { id ...Record } } ${RECORD}`;

let person: { idNumber: string; id: number };
let insurerCode: string;

/** Errors by code and path below the root field (`person` here, `node` there), in path order. */
const refusals = (errors: readonly GraphQLFormattedError[] | undefined) =>
  (errors ?? []).map((e) => `${String(e.extensions?.code)} ${(e.path ?? []).slice(1).join('.')}`).sort();
let hospitalCode: string;

beforeAll(async () => {
  hub = await startHub(COUNTING_STATEMENTS);
  f = fixtures(hub.db.database);
  // Rows of other people first, so no list's ids line up with the person's id.
  const hospital = await f.institution({ region: '320600' });
  for (let i = 0; i < 3; i++) {
    const other = await f.person({ region: '320600', year: 2024 });
    await hub.db.database.db.insert(enrollments).values({ personId: other.id, regionCode: '320600', year: 2025, scheme: 'RESIDENT', status: 'ACTIVE', startDate: '2025-01-01' });
    for (let k = 0; k <= i; k++) await f.contribution(other.id, `2024-0${k + 1}`);
    await f.settlement({ personId: other.id, institutionId: hospital.id });
  }
  person = await f.person({ region: '320600', scheme: 'EMPLOYEE', year: 2025 });
  await hub.db.database.db.insert(enrollments).values({
    personId: person.id, regionCode: '320600', year: 2026, scheme: 'RESIDENT', status: 'ACTIVE', startDate: '2026-01-01', endDate: '2026-12-31',
    subsidized: true, subsidyAmount: 38_000,
  });
  await f.contribution(person.id, '2025-01', 'INDIVIDUAL', 12_345);
  await f.contribution(person.id, '2025-01', 'EMPLOYER', 45_678);
  await f.contribution(person.id, '2024-12', 'INDIVIDUAL', 10_000);
  const elsewhere = await f.institution({ region: '320100' });
  hospitalCode = hospital.code;
  for (let i = 0; i < 4; i++) await f.settlement({ personId: person.id, institutionId: hospital.id, total: 10_000 * (i + 1) });
  // A settlement in another pooling area: outside a 320600 caller's settlement scope.
  await f.settlement({ personId: person.id, institutionId: elsewhere.id, regionCode: '320100', total: 77_700 });
  const product = await f.product();
  insurerCode = product.insurerCode;
  await f.enrollInProduct(person.id, product);
  await f.consent(person.id, insurerCode, ['ELIGIBILITY', 'SETTLEMENTS']);
  const [reversed] = await hub.db.database.db.select().from(settlements).where(eq(settlements.personId, person.id)).limit(1);
  // One settlement with 惠民保's share of it: its product.
  await hub.db.database.db.update(settlements).set({ productId: product.id }).where(eq(settlements.id, reversed!.id));
  await hub.db.database.db.update(settlements)
    .set({ status: 'REVERSED', reversedAt: new Date('2026-03-02T08:30:00.123Z'), reversalReason: '重复结算' })
    .where(eq(settlements.id, reversed!.id));
});
afterAll(() => hub?.close());

const callers = (): [Role, Scope][] => [
  ['MEDICAL_SECURITY', { regions: ['320600'] }],
  ['MEDICAL_SECURITY', { regions: ['320600', '320100'] }],
  ['HEALTH', { regions: ['320600'] }],
  ['CIVIL_AFFAIRS', { regions: ['320600'] }],
  ['TAX', { regions: ['320600'] }],
  ['INSTITUTION', { institution: hospitalCode }],
  ['INSURER', { insurer: insurerCode }],
];

describe('person(idNumber:) with its lists', () => {
  it('answers every caller as the loaders do, for every page size', async () => {
    for (const [role, scope] of callers()) {
      const call = hub.as(role, scope);
      for (const n of [null, 1, 3, 10]) {
        const direct = await call(BY_ID_NUMBER, { id: person.idNumber, n });
        const viaNode = await call(BY_NODE, { node: direct.data?.person?.id ?? 'none', n });
        const label = `${role} ${JSON.stringify(scope)} first: ${n}`;
        expect(direct.data?.person, label).toBeTruthy();
        expect(direct.data?.person, label).toEqual(viaNode.data?.node);
        expect(refusals(direct.errors), label).toEqual(refusals(viaNode.errors));
      }
    }
  });

  it('answers as the loaders do when directives decide which lists are shown', async () => {
    const fields = `enrollments @include(if: $with) { year } contributions @skip(if: $with) { amount }
      settlements(first: 2) @include(if: $with) { edges { node { totalAmount } } }`;
    const ms = hub.as('MEDICAL_SECURITY', { regions: ['320600'] });
    const { data } = await ms('query($id: IdNumber!) { person(idNumber: $id) { id } }', { id: person.idNumber });
    for (const shown of [true, false]) {
      const direct = await ms(`query($id: IdNumber!, $with: Boolean!) { person(idNumber: $id) { ${fields} } }`, { id: person.idNumber, with: shown });
      const viaNode = await ms(`query($node: ID!, $with: Boolean!) { node(id: $node) { ... on Person { ${fields} } } }`, { node: data!.person.id, with: shown });
      expect(direct.errors).toBeUndefined();
      expect(direct.data!.person).toEqual(viaNode.data!.node);
      expect(Object.keys(direct.data!.person).sort()).toEqual(shown ? ['enrollments', 'settlements'] : ['contributions']);
    }
  });

  it('reads for each field alone what that field needs, as the loaders do', async () => {
    // The statement reads only the columns of the fields selected: a field whose columns were
    // listed wrong would come back empty or wrong here, where it is the only one selected.
    const settlementFields = ['id', 'person { id }', 'institution { id }', 'region { code }', 'scheme', 'encounterType', 'billDate', 'settledAt',
      'status', 'crossProvince', 'product { code }', 'totalAmount', 'policyRangeAmount', 'classBPrepaid', 'deductiblePaid', 'fundPaid',
      'criticalIllnessPaid', 'assistancePaid', 'commercialPaid', 'selfPaid', 'reasons { payer code message }', 'reversedAt', 'reversalReason',
      'diagnosis { code name }', 'items { code amount }', '__typename'];
    const selections = [
      ...['year', 'region { code }', 'scheme', 'status', 'startDate', 'endDate', 'subsidized', 'contributionBase', '__typename'].map((f) => `enrollments { ${f} }`),
      'subsidizedEnrollment(year: 2026) { year subsidized amount }',
      'enrollments { year } subsidizedEnrollment(year: 2026) { amount }',
      ...['period', 'payer', 'amount', 'paidDate', '__typename'].map((f) => `contributions { ${f} }`),
      ...settlementFields.map((f) => `settlements(first: 10) { edges { node { ${f} } } }`),
      'settlements(first: 10) { edges { cursor } pageInfo { hasNextPage endCursor } }',
    ];
    const ms = hub.as('MEDICAL_SECURITY', { regions: ['320600'] });
    const { data } = await ms('query($id: IdNumber!) { person(idNumber: $id) { id } }', { id: person.idNumber });
    for (const selection of selections) {
      const direct = await ms(`query($id: IdNumber!) { person(idNumber: $id) { ${selection} } }`, { id: person.idNumber });
      const viaNode = await ms(`query($node: ID!) { node(id: $node) { ... on Person { ${selection} } } }`, { node: data!.person.id });
      expect(direct.errors, selection).toBeUndefined();
      expect(direct.data!.person, selection).toEqual(viaNode.data!.node);
      // Some row holds a value for it, so a column left out would show.
      expect(JSON.stringify(direct.data!.person), selection).toMatch(/:(?!null|\[|\{)/);
    }
  });

  it('keeps the settlements to the caller’s scope', async () => {
    const one = await hub.as('MEDICAL_SECURITY', { regions: ['320600'] })(BY_ID_NUMBER, { id: person.idNumber, n: 10 });
    const both = await hub.as('MEDICAL_SECURITY', { regions: ['320600', '320100'] })(BY_ID_NUMBER, { id: person.idNumber, n: 10 });
    expect(one.data?.person.settlements.edges.map((e: { node: { region: { code: string } } }) => e.node.region.code)).toEqual(Array(4).fill('320600'));
    expect(both.data?.person.settlements.edges).toHaveLength(5);
    expect(one.data?.person.settlements.edges[3].node).toMatchObject({ status: 'REVERSED', reversedAt: '2026-03-02T08:30:00.123Z', reversalReason: '重复结算' });
  });

  it('reads the lists in the statement that reads the person', async () => {
    const ms = hub.as('MEDICAL_SECURITY', { regions: ['320600'] });
    const bare = await ms('query($id: IdNumber!) { person(idNumber: $id) { idNumber } }', { id: person.idNumber });
    const full = await ms(BY_ID_NUMBER, { id: person.idNumber, n: 3 });
    const inline = await ms(`query($id: IdNumber!) { person(idNumber: $id) { ... on Person { enrollments { year } } contributions { amount }
      s: settlements(first: 2) { edges { node { totalAmount } } } } }`, { id: person.idNumber });
    expect(full.errors).toBeUndefined();
    expect(inline.errors).toBeUndefined();
    expect(full.statements).toBe(bare.statements);
    expect(inline.statements).toBe(bare.statements);
  });

  it('falls back to the loaders for what it did not read, and still refuses bad arguments', async () => {
    const ms = hub.as('MEDICAL_SECURITY', { regions: ['320600'] });
    const twice = await ms(`query($id: IdNumber!) { person(idNumber: $id) {
      a: settlements(first: 1) { edges { node { totalAmount } } } b: settlements(first: 3) { edges { node { totalAmount } } } } }`, { id: person.idNumber });
    expect(twice.errors).toBeUndefined();
    expect(twice.data?.person.a.edges).toHaveLength(1);
    expect(twice.data?.person.b.edges.map((e: { node: { totalAmount: string } }) => e.node.totalAmount)).toEqual(['400.00', '300.00', '200.00']);

    const tooMany = await ms(BY_ID_NUMBER, { id: person.idNumber, n: 101 });
    expect(codes(tooMany)).toEqual(['BAD_USER_INPUT']);
    const paged = await ms(`query($id: IdNumber!) { person(idNumber: $id) { settlements(first: 1, after: "azox") { edges { cursor } } } }`, { id: person.idNumber });
    expect(codes(paged)).toEqual(['BAD_USER_INPUT']);
    const unknown = await ms(BY_ID_NUMBER, { id: makeIdNumber('320602', '1990-01-01', 999, 'MALE'), n: 1 });
    expect(codes(unknown)).toEqual(['NOT_FOUND']);
  });
});
