import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, type Fixtures } from '../helpers/fixtures.js';
import { codes, COUNTING_STATEMENTS, startHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let f: Fixtures;

beforeAll(async () => {
  hub = await startHub(COUNTING_STATEMENTS);
  f = fixtures(hub.db.database);
});
afterAll(() => hub?.close());

describe('read API', () => {
  it('finds a person by ID number and lists them with a cursor', async () => {
    const p = await f.person({ region: '320600', scheme: 'EMPLOYEE', name: '王小明' });
    await f.person({ region: '320600' });
    const ms = hub.as('MEDICAL_SECURITY', { regions: ['320600'] });
    const one = await ms(`query($id: IdNumber!) { person(idNumber: $id) { id idNumber name region { code name } enrollments { year scheme status contributionBase } } }`, { id: p.idNumber });
    expect(one.errors).toBeUndefined();
    expect(one.data?.person).toMatchObject({ idNumber: p.idNumber, name: '王小明', region: { code: '320600', name: '南通市' } });
    expect(one.data?.person.enrollments[0]).toMatchObject({ year: 2026, scheme: 'EMPLOYEE', status: 'ACTIVE', contributionBase: '8000.00' });

    const page1 = await ms(`{ persons(first: 1) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`);
    const page2 = await ms(`query($after: String) { persons(first: 1, after: $after) { edges { node { id } } } }`, { after: page1.data?.persons.pageInfo.endCursor });
    expect(page2.data?.persons.edges[0].node.id).not.toEqual(page1.data?.persons.edges[0].node.id);
  });

  it('rejects malformed ID numbers, bad cursors, oversized pages and unknown regions with the field named', async () => {
    const ms = hub.as('MEDICAL_SECURITY', { regions: ['320600'] });
    const cases: [string, Record<string, unknown>, string][] = [
      ['query($id: IdNumber!) { person(idNumber: $id) { id } }', { id: '32060219900101123' }, 'BAD_USER_INPUT'],
      ['query($id: IdNumber!) { person(idNumber: $id) { id } }', { id: '320602199001011235' }, 'BAD_USER_INPUT'],
      ['query($id: IdNumber!) { person(idNumber: $id) { id } }', { id: '320602199002301234' }, 'BAD_USER_INPUT'],
      ['{ persons(first: 1, after: "not-a-cursor!") { edges { cursor } } }', {}, 'BAD_USER_INPUT'],
      ['{ persons(first: 1000) { edges { cursor } } }', {}, 'BAD_USER_INPUT'],
      ['{ persons(first: 1, filter: { region: ["999999"] }) { edges { cursor } } }', {}, 'BAD_USER_INPUT'],
      ['{ institution(code: "X123") { name } }', {}, 'BAD_USER_INPUT'],
      ['{ node(id: "bm9wZQ==") { id } }', {}, 'BAD_USER_INPUT'],
    ];
    for (const [query, variables, code] of cases) {
      const r = await ms(query, variables);
      expect(codes(r), query).toContain(code);
    }
    const first = await ms('{ persons(first: 1000) { edges { cursor } } }');
    expect(first.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('returns seeded reference data publicly', async () => {
    const r = await hub.anonymous()(`{ indicators: regions { code } insuranceProducts(region: "320600") { code name ratioIn } benefitPolicies(region: "320600", year: 2026) { basic { scheme encounterType ratio isDefault sourceFile } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data?.indicators).toHaveLength(4);
    expect(r.data?.insuranceProducts.length).toBeGreaterThan(0);
    expect(r.data?.benefitPolicies.basic.length).toBeGreaterThan(0);
  });

  it('keeps SQL statements per request constant in page size', async () => {
    const ms = hub.as('MEDICAL_SECURITY', { regions: ['320600'] });
    const hospital = await f.institution();
    const drug = await f.drug();
    for (let i = 0; i < 6; i++) {
      const p = await f.person();
      await f.prescription({ personId: p.id, issuerId: hospital.id, drugId: drug.id });
    }
    const query = `query($n: Int) { persons(last: $n) { edges { node { name enrollments { year } assistance { category } prescriptions(first: 3) { edges { node { code items { quantity drug { name } } } } } } } } }`;
    const small = await ms(query, { n: 2 });
    const large = await ms(query, { n: 6 });
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(large.statements).toBe(small.statements);
  });
});
