/**
 * `_entities` is one more way to name a record, so it must reach exactly what node(id) reaches:
 * for every role, in and out of row scope, with and without consent, the same data, the same
 * masked values and the same errors, and an audit record for each.
 */
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/principal.js';
import { auditLog } from '../../src/db/schema/index.js';
import { MAX_REPRESENTATIONS } from '../../src/graphql/federation.js';
import { fixtures } from '../helpers/fixtures.js';
import { codes, startHub, type Scope, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
const s = {} as Record<string, any>;

/** Selections that touch full, masked, denied, consent-bound and row-scoped fields of each entity. */
const SELECTIONS: Record<string, string> = {
  Person: `id name idNumber phone birthDate enrollments { year scheme } contributions { period amount } assistance { category }
    productEnrollments { status } settlements(first: 3) { edges { node { id totalAmount } } } prescriptions(first: 3) { edges { node { code } } }`,
  Institution: 'id code name creditScore violations { pointsDeducted } settlements(first: 3) { edges { node { id } } } prescriptions(first: 3) { edges { node { code } } }',
  Prescription: 'id code status diagnosis { code } items { quantity drug { name } } patient { name idNumber }',
  Settlement: 'id totalAmount fundPaid selfPaid diagnosis { code } items { amount } person { name idNumber }',
};

const CALLERS: [string, Role, Scope][] = [
  ['bureau of the region', 'MEDICAL_SECURITY', { regions: ['320600'] }],
  ['bureau of another region', 'MEDICAL_SECURITY', { regions: ['320100'] }],
  ['tax bureau', 'TAX', { regions: ['320600'] }],
  ['civil affairs', 'CIVIL_AFFAIRS', { regions: ['320600'] }],
  ['health commission', 'HEALTH', { regions: ['320600'] }],
  ['insurer with consent', 'INSURER', {}],
  ['insurer with eligibility consent only', 'INSURER', {}],
  ['the treating hospital', 'INSTITUTION', {}],
  ['another hospital', 'INSTITUTION', {}],
];

beforeAll(async () => {
  hub = await startHub();
  const f = fixtures(hub.db.database);
  s.hospital = await f.institution({ region: '320600' });
  s.otherHospital = await f.institution({ region: '320600' });
  s.drug = await f.drug();
  s.consenting = await f.person({ region: '320600' });
  s.silent = await f.person({ region: '320600' });
  s.product = await f.product('320600', 2026);
  for (const p of [s.consenting, s.silent]) {
    await f.contribution(p.id);
    await f.assistance(p.id);
    await f.enrollInProduct(p.id, s.product);
    s[`rx${p.id}`] = await f.prescription({ personId: p.id, issuerId: s.hospital.id, drugId: s.drug.id });
    s[`st${p.id}`] = await f.settlement({ personId: p.id, institutionId: s.hospital.id });
  }
  await f.consent(s.consenting.id, s.product.insurerCode, ['ELIGIBILITY', 'SETTLEMENTS', 'DIAGNOSIS', 'PRESCRIPTIONS']);
  await f.consent(s.silent.id, s.product.insurerCode, ['ELIGIBILITY']);
});
afterAll(() => hub?.close());

function scopeOf(name: string, scope: Scope): Scope {
  if (name.startsWith('insurer')) return { insurer: s.product.insurerCode };
  if (name === 'the treating hospital') return { institution: s.hospital.code };
  if (name === 'another hospital') return { institution: s.otherHospital.code };
  return scope;
}

/** Errors without the leading path segments that differ between node and _entities. */
const errorsOf = (errors: readonly any[] | undefined, prefix: number) =>
  (errors ?? []).map((e) => ({ code: e.extensions?.code, message: e.message, path: (e.path ?? []).slice(prefix) })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('_entities reaches what node(id) reaches', () => {
  for (const [name, role, scope] of CALLERS) {
    it(`as the ${name}`, async () => {
      const caller = hub.as(role, scopeOf(name, scope));
      const subjects = name === 'insurer with eligibility consent only' ? [s.silent] : [s.consenting];
      const targets: [string, number][] = [
        ['Person', subjects[0].id], ['Institution', s.hospital.id], ['Prescription', s[`rx${subjects[0].id}`].id], ['Settlement', s[`st${subjects[0].id}`].id],
        ['Person', 99_999_999],
      ];
      for (const [type, id] of targets) {
        const selection = `... on ${type} { ${SELECTIONS[type]} }`;
        const direct = await caller(`query($id: ID!) { node(id: $id) { ${selection} } }`, { id: gid(type, id) });
        const entity = await caller(`query($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`, { r: [{ __typename: type, id: gid(type, id) }] });
        expect(entity.data?._entities?.[0] ?? null, `${type} ${id}`).toEqual(direct.data?.node ?? null);
        expect(errorsOf(entity.errors, 2), `${type} ${id}`).toEqual(errorsOf(direct.errors, 1));
      }
    });
  }

  it('the comparison has teeth: denials, masks, consent and scope all occur among the callers', async () => {
    const person = (role: Role, scope: Scope) => hub.as(role, scope)(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { name idNumber phone settlements(first: 1) { edges { node { id } } } } } }`,
      { r: [{ __typename: 'Person', id: gid('Person', s.silent.id) }] },
    );
    const tax = await person('TAX', { regions: ['320600'] });
    expect(tax.data?._entities[0].name).toBe(s.silent.name);
    expect(codes(tax)).toEqual(expect.arrayContaining(['FORBIDDEN']));
    const health = await person('HEALTH', { regions: ['320600'] });
    expect(health.data?._entities[0].idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    const insurer = await person('INSURER', { insurer: s.product.insurerCode });
    expect(codes(insurer)).toContain('CONSENT_REQUIRED');
    const elsewhere = await person('MEDICAL_SECURITY', { regions: ['320100'] });
    expect(elsewhere.data?._entities).toEqual([null]);
    expect(codes(elsewhere)).toEqual(['NOT_FOUND']);
  });
});

describe('_entities and the rest of the request pipeline', () => {
  it('records what it reached in the audit trail, as any other read', async () => {
    await hub.as('TAX', { regions: ['320600'], clientId: 'tax-gateway' })(
      `query Federated($r: [_Any!]!) { _entities(representations: $r) { ... on Person { name phone } } }`,
      { r: [{ __typename: 'Person', id: gid('Person', s.silent.id) }] },
    );
    await hub.app.hub.auditLog.idle();
    const [record] = await hub.db.database.db.select().from(auditLog).where(eq(auditLog.clientId, 'tax-gateway')).orderBy(desc(auditLog.id)).limit(1);
    expect(record).toMatchObject({ operation: 'Federated', personIds: [s.silent.id], fields: ['Person.name'], deniedFields: ['Person.phone'] });
  });

  it('needs a token like every other data field', async () => {
    const r = await hub.anonymous()(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id } } }`, { r: [{ __typename: 'Person', id: gid('Person', s.silent.id) }] });
    expect(r.data?._entities ?? null).toBeNull();
    expect(codes(r)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a representation that is not one of its ids, naming the argument', async () => {
    const ms = hub.as('MEDICAL_SECURITY', { regions: ['320600'] });
    for (const r of [
      [{ __typename: 'Person', id: 'not-an-id' }],
      [{ __typename: 'Person', id: gid('Settlement', s[`st${s.silent.id}`].id) }],
      [{ __typename: 'Person', id: gid('Person', -4) }],
    ]) {
      const result = await ms(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id } } }`, { r });
      expect(result.data?._entities).toEqual([null]);
      expect(codes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors?.[0]?.extensions?.field).toBe('representations');
    }
    for (const r of [[{ __typename: 'Enrollment', id: '1' }], [{ __typename: 'Person', id: 7 }], [{ id: gid('Person', 1) }], ['Person']]) {
      const result = await ms(`query($r: [_Any!]!) { _entities(representations: $r) { __typename } }`, { r });
      expect(result.data?._entities ?? null, JSON.stringify(r)).toBeNull();
      expect(codes(result), JSON.stringify(r)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it(`refuses more than ${MAX_REPRESENTATIONS} representations before loading any`, async () => {
    const r = Array.from({ length: MAX_REPRESENTATIONS + 1 }, (_, i) => ({ __typename: 'Person', id: gid('Person', i + 1) }));
    const result = await hub.as('MEDICAL_SECURITY', { regions: ['320600'] })(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id } } }`, { r });
    expect(codes(result)).toContain('BAD_USER_INPUT');
    expect(result.statements).toBe(0);
  });

  it('publishes the subgraph SDL with an entity key on each of the four record types', async () => {
    const r = await hub.as('MEDICAL_SECURITY', { regions: ['320600'] })('{ _service { sdl } }');
    const sdl: string = r.data?._service.sdl;
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.6"');
    for (const type of ['Person', 'Institution', 'Prescription', 'Settlement']) expect(sdl).toMatch(new RegExp(`type ${type} implements Node\\s+@key\\(fields: "id"\\)`));
  });
});
