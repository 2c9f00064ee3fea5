import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { institutions } from '../../src/db/schema/index.js';
import { encodeCursor } from '../../src/graphql/pagination.js';
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

  it('lists institutions by every filter and cursor as a plain reading of the table, each filter shape on a statement of its own', async () => {
    const made = [
      await f.institution({ level: 1 }),
      await f.institution({ level: 2, agreementStatus: 'SUSPENDED' }),
      await f.institution({ kind: 'PHARMACY' }),
      await f.institution({ region: '320100', level: 2 }),
      await f.institution({ level: 3, dualChannel: true }),
    ];
    const { db } = hub.db.database;
    await db.update(institutions).set({ paymentMethod: 'DIP', crossProvinceLinked: false, creditScore: 61 }).where(eq(institutions.id, made[0]!.id));
    await db.update(institutions).set({ creditScore: 95 }).where(eq(institutions.id, made[4]!.id));
    const all = (await db.select().from(institutions)).sort((a, b) => a.id - b.id);
    const ms = hub.as('MEDICAL_SECURITY', { regions: ['320600', '320100'] });
    const inScope = all.filter((i) => ['320600', '320100'].includes(i.regionCode));

    type Row = (typeof all)[number];
    const filters: [Record<string, unknown>, (i: Row) => boolean][] = [
      [{}, () => true],
      [{ region: ['320100'] }, (i) => i.regionCode === '320100'],
      [{ region: [] }, () => true],
      [{ kind: 'PHARMACY' }, (i) => i.kind === 'PHARMACY'],
      [{ level: 2 }, (i) => i.level === 2],
      [{ agreementStatus: 'SUSPENDED' }, (i) => i.agreementStatus === 'SUSPENDED'],
      [{ paymentMethod: 'DIP' }, (i) => i.paymentMethod === 'DIP'],
      [{ crossProvinceLinked: false }, (i) => !i.crossProvinceLinked],
      [{ minCreditScore: 90 }, (i) => i.creditScore >= 90],
      [{ region: ['320600'], level: 3, kind: 'HOSPITAL', minCreditScore: 90 }, (i) => i.regionCode === '320600' && i.level === 3 && i.kind === 'HOSPITAL' && i.creditScore >= 90],
    ];
    const list = `query($filter: InstitutionFilter, $first: Int, $after: String, $last: Int, $before: String) {
      institutions(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
        edges { cursor node { code level kind creditScore region { code } } } pageInfo { hasNextPage hasPreviousPage endCursor startCursor } } }`;
    type Page = { institutions: { edges: { cursor: string; node: { code: string } }[]; pageInfo: Record<string, any> } };
    /** Every page of two, by `after` from the start or by `before` from the end, in list order. */
    const walk = async (filter: Record<string, unknown>, direction: 'forward' | 'backward') => {
      const codes: string[] = [];
      const forward = direction === 'forward';
      for (let cursor: string | undefined, more = true; more; ) {
        const page = (await ms<Page>(list, forward ? { filter, first: 2, after: cursor } : { filter, last: 2, before: cursor })).data!.institutions;
        const found = page.edges.map((e) => e.node.code);
        if (forward) codes.push(...found);
        else codes.unshift(...found);
        more = forward ? page.pageInfo.hasNextPage : page.pageInfo.hasPreviousPage;
        cursor = forward ? page.pageInfo.endCursor : page.pageInfo.startCursor;
      }
      return codes;
    };
    for (const [filter, keep] of filters) {
      const expected = inScope.filter(keep).map((i) => i.code);
      const whole = await ms<Page>(list, { filter, first: 100 });
      expect(whole.errors, JSON.stringify(filter)).toBeUndefined();
      expect(whole.data!.institutions.edges.map((e) => e.node.code), JSON.stringify(filter)).toEqual(expected);

      expect(await walk(filter, 'forward'), JSON.stringify(filter)).toEqual(expected);
      expect(await walk(filter, 'backward'), JSON.stringify(filter)).toEqual(expected);
    }

    const middle = inScope[1]!;
    const between = await ms<Page>(list, { first: 100, after: encodeCursor(inScope[0]!.id), before: encodeCursor(inScope[3]!.id) });
    expect(between.data!.institutions.edges.map((e) => e.node.code)).toEqual([middle.code, inScope[2]!.code]);

    const regionOnly = await hub.as('MEDICAL_SECURITY', { regions: ['320100'] })<Page>(list, { first: 100 });
    expect(regionOnly.data!.institutions.edges.map((e) => e.node.code)).toEqual(all.filter((i) => i.regionCode === '320100').map((i) => i.code));
    const outside = await hub.as('MEDICAL_SECURITY', { regions: ['320100'] })<Page>(list, { first: 100, filter: { region: ['320600'] } });
    expect(outside.errors).toBeUndefined();
    expect(outside.data!.institutions.edges).toEqual([]);
  });

  it('refuses bad institution filters and cursors with the field named, and a credit-score filter to roles that cannot read the score', async () => {
    const list = `query($filter: InstitutionFilter, $first: Int, $after: String) { institutions(filter: $filter, first: $first, after: $after) { edges { node { code } } } }`;
    const ms = hub.as('MEDICAL_SECURITY', { regions: ['320600'] });
    const bad: [Record<string, unknown>, string, string][] = [
      [{ filter: { level: 7 }, first: 5 }, 'BAD_USER_INPUT', 'filter.level'],
      [{ filter: { region: ['999999'] }, first: 5 }, 'BAD_USER_INPUT', 'filter.region'],
      [{ first: 5, after: 'not-a-cursor!' }, 'BAD_USER_INPUT', 'after'],
      [{ first: 101 }, 'BAD_USER_INPUT', 'first'],
      [{ first: -1 }, 'BAD_USER_INPUT', 'first'],
    ];
    for (const [variables, code, field] of bad) {
      const r = await ms(list, variables);
      expect(r.errors?.[0]?.extensions, JSON.stringify(variables)).toMatchObject({ code, field });
      expect(r.data?.institutions ?? null, JSON.stringify(variables)).toBeNull();
    }
    // Policy: creditScore is read by MEDICAL_SECURITY and HEALTH only; filtering on it would reveal it.
    const byScore = { filter: { minCreditScore: 0 }, first: 5 };
    expect((await hub.as('HEALTH', { regions: ['320600'] })(list, byScore)).errors).toBeUndefined();
    for (const caller of [hub.as('INSURER', { insurer: 'PICC' }), hub.as('INSTITUTION', { institution: (await f.institution()).code })]) {
      expect(codes(await caller(list, byScore))).toEqual(['FORBIDDEN']);
      expect((await caller(list, { first: 5 })).errors).toBeUndefined();
    }
  });

  it('answers every Institution field from the list as the lookup by code does, whatever is selected', async () => {
    const hospital = await f.institution({ level: 2 });
    const fields = [
      'code', 'name', 'kind', 'level', 'ownership', 'region { code }', 'agreementStatus', 'paymentMethod', 'crossProvinceLinked', 'dualChannel',
      'creditScore', 'violations { description }', 'prescriptions(first: 2) { edges { node { code } } }', 'settlements(first: 2) { edges { node { id } } }',
    ];
    const ms = hub.as('MEDICAL_SECURITY', { regions: ['320600'] });
    for (const selection of [...fields, 'name level region { name }', fields.join(' ')]) {
      const listed = await ms(`query($f: InstitutionFilter) { institutions(last: 10, filter: $f) { edges { node { id code ${selection} } } } }`, { f: { region: ['320600'] } });
      expect(listed.errors, selection).toBeUndefined();
      const node = (listed.data!.institutions.edges as { node: { code: string } }[]).map((e) => e.node).find((n) => n.code === hospital.code);
      const alone = await ms(`query($code: String!) { institution(code: $code) { id code ${selection} } }`, { code: hospital.code });
      expect(node, selection).toEqual(alone.data!.institution);
    }
  });
});
