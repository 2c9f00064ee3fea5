/**
 * Row scope: a record outside the caller's reach behaves exactly like a missing one, in
 * lookups, lists, node(id) and nested relations alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, type Fixtures } from '../helpers/fixtures.js';
import { codes, startHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let f: Fixtures;
const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

const s = {} as Record<string, any>;

beforeAll(async () => {
  hub = await startHub();
  f = fixtures(hub.db.database);
  s.hospitalA = await f.institution({ region: '320600' });
  s.hospitalA2 = await f.institution({ region: '320600' });
  s.hospitalB = await f.institution({ region: '320100' });
  s.drug = await f.drug();
  s.pA = await f.person({ region: '320600' });
  s.pB = await f.person({ region: '320100' });
  s.pOther = await f.person({ region: '320600' });
  s.rxA = await f.prescription({ personId: s.pA.id, issuerId: s.hospitalA.id, drugId: s.drug.id });
  s.rxB = await f.prescription({ personId: s.pB.id, issuerId: s.hospitalB.id, regionCode: '320100', drugId: s.drug.id });
  s.rxOther = await f.prescription({ personId: s.pOther.id, issuerId: s.hospitalA2.id, drugId: s.drug.id });
  s.settleA = await f.settlement({ personId: s.pA.id, institutionId: s.hospitalA.id });
  s.settleB = await f.settlement({ personId: s.pB.id, institutionId: s.hospitalB.id, regionCode: '320100' });
  s.product = await f.product('320600', 2026);
});
afterAll(() => hub?.close());

describe('region-bound roles', () => {
  const ms = () => hub.as('MEDICAL_SECURITY', { regions: ['320600'] });

  it('a person of another region looks exactly like an unknown one', async () => {
    const other = await ms()(`query($id: IdNumber!) { person(idNumber: $id) { id } }`, { id: s.pB.idNumber });
    const unknown = await ms()(`query($id: IdNumber!) { person(idNumber: $id) { id } }`, { id: '11010519491231002X' });
    expect(other).toMatchObject({ data: { person: null } });
    expect(other.errors).toEqual(unknown.errors);
  });

  it('node(id) with another region’s id is null with the same error as an unknown id', async () => {
    const other = await ms()(`query($id: ID!) { node(id: $id) { id } }`, { id: gid('Person', s.pB.id) });
    const unknown = await ms()(`query($id: ID!) { node(id: $id) { id } }`, { id: gid('Person', 99_999_999) });
    expect(other.data?.node).toBeNull();
    expect(other.errors).toEqual(unknown.errors);
    for (const [type, id] of [['Settlement', s.settleB.id], ['Prescription', s.rxB.id], ['Institution', s.hospitalB.id]] as const) {
      const r = await ms()(`query($id: ID!) { node(id: $id) { id } }`, { id: gid(type, id) });
      expect(r.data?.node, type).toBeNull();
      expect(codes(r)).toEqual(['NOT_FOUND']);
    }
  });

  it('lists never include another region, even when filtered for it', async () => {
    const r = await ms()(`{ persons(first: 100) { edges { node { region { code } } } } prescriptions(first: 100) { edges { node { code } } } settlements(first: 100) { edges { node { id } } } institutions(first: 100) { edges { node { code } } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data?.persons.edges.every((e: any) => e.node.region.code === '320600')).toBe(true);
    expect(r.data?.prescriptions.edges.map((e: any) => e.node.code)).not.toContain(s.rxB.code);
    expect(r.data?.institutions.edges.map((e: any) => e.node.code)).not.toContain(s.hospitalB.code);
    const filtered = await ms()(`{ persons(first: 10, filter: { region: ["320100"] }) { edges { node { id } } } }`);
    expect(filtered.data?.persons.edges).toEqual([]);
  });

  it('a statement prepared for one scope never serves another', async () => {
    // Every scoped read is prepared once per scope (auth/scope.ts scopeKey) and reused; alternate
    // two scopes over the same records so each read finds the other scope's statement in place.
    const nanjing = () => hub.as('MEDICAL_SECURITY', { regions: ['320100'] });
    const reads = `query($id: IdNumber!, $person: ID!, $rx: ID!, $settlement: ID!, $inst: ID!, $code: String!) {
      person(idNumber: $id) { id settlements(first: 5) { edges { node { id } } } prescriptions(first: 5) { edges { node { code } } } }
      p: node(id: $person) { id } rx: node(id: $rx) { id } s: node(id: $settlement) { id } i: node(id: $inst) { id }
      institution(code: $code) { code settlements(first: 5) { edges { node { id } } } prescriptions(first: 5) { edges { node { code } } } }
    }`;
    const of = (p: any, rx: any, settle: any, inst: any) =>
      ({ id: p.idNumber, person: gid('Person', p.id), rx: gid('Prescription', rx.id), settlement: gid('Settlement', settle.id), inst: gid('Institution', inst.id), code: inst.code });
    for (let round = 0; round < 2; round++) {
      const own = await ms()(reads, of(s.pA, s.rxA, s.settleA, s.hospitalA));
      expect(own.errors).toBeUndefined();
      expect(own.data?.person.settlements.edges).toHaveLength(1);
      expect(own.data?.institution.prescriptions.edges.map((e: any) => e.node.code)).toEqual([s.rxA.code]);
      expect([own.data?.p, own.data?.rx, own.data?.s, own.data?.i].every(Boolean)).toBe(true);
      const foreign = await nanjing()(reads, of(s.pA, s.rxA, s.settleA, s.hospitalA));
      expect(foreign.data).toEqual({ person: null, p: null, rx: null, s: null, i: null, institution: null });
      expect(new Set(codes(foreign))).toEqual(new Set(['NOT_FOUND']));
      const theirs = await nanjing()(reads, of(s.pB, s.rxB, s.settleB, s.hospitalB));
      expect(theirs.errors).toBeUndefined();
      expect(theirs.data?.person.prescriptions.edges.map((e: any) => e.node.code)).toEqual([s.rxB.code]);
    }
  });

  it('HEALTH follows institution → prescriptions → patient with the patient masked', async () => {
    const r = await hub.as('HEALTH', { regions: ['320600'] })(
      `query($code: String!) { institution(code: $code) { prescriptions(first: 5) { edges { node { code patient { idNumber name } } } } } }`,
      { code: s.hospitalA.code },
    );
    expect(r.errors).toBeUndefined();
    const patient = r.data?.institution.prescriptions.edges[0].node.patient;
    expect(patient.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
  });
});

describe('INSTITUTION', () => {
  const hospital = () => hub.as('INSTITUTION', { institution: s.hospitalA.code });

  it('verifies any person’s enrollment by ID number at registration', async () => {
    const r = await hospital()(`query($id: IdNumber!) { person(idNumber: $id) { enrollments { status } } }`, { id: s.pB.idNumber });
    expect(r.errors).toBeUndefined();
    expect(r.data?.person.enrollments[0].status).toBe('ACTIVE');
  });

  it('lists only its own patients, prescriptions and settlements', async () => {
    const r = await hospital()(`{ persons(first: 100) { edges { node { id } } } prescriptions(first: 100) { edges { node { code } } } settlements(first: 100) { edges { node { id } } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data?.persons.edges.map((e: any) => e.node.id)).toEqual([gid('Person', s.pA.id)]);
    expect(r.data?.prescriptions.edges.map((e: any) => e.node.code)).toEqual([s.rxA.code]);
    expect(r.data?.settlements.edges.map((e: any) => e.node.id)).toEqual([gid('Settlement', s.settleA.id)]);
  });

  it('cannot reach another institution’s prescription by code or node id', async () => {
    const byCode = await hospital()(`query($c: String!) { prescription(code: $c) { code } }`, { c: s.rxOther.code });
    expect(codes(byCode)).toEqual(['NOT_FOUND']);
    const byNode = await hospital()(`query($id: ID!) { node(id: $id) { id } }`, { id: gid('Prescription', s.rxOther.id) });
    expect(codes(byNode)).toEqual(['NOT_FOUND']);
  });

  it('a pharmacy reaches a prescription presented with its pickup code, and not without it', async () => {
    const pharmacy = await f.institution({ kind: 'PHARMACY' });
    const as = hub.as('INSTITUTION', { institution: pharmacy.code });
    const without = await as(`query($c: String!) { prescription(code: $c) { code } }`, { c: s.rxOther.code });
    expect(codes(without)).toEqual(['NOT_FOUND']);
    const wrong = await as(`query($c: String!) { prescription(code: $c, pickupCode: "000000") { code } }`, { c: s.rxOther.code });
    expect(codes(wrong)).toEqual(['NOT_FOUND']);
    const right = await as(`query($c: String!) { prescription(code: $c, pickupCode: "123456") { code items { quantity } } }`, { c: s.rxOther.code });
    expect(right.errors).toBeUndefined();
    expect(right.data?.prescription.code).toBe(s.rxOther.code);
  });
});

describe('INSURER and consent', () => {
  const insurer = () => hub.as('INSURER', { insurer: s.product.insurerCode });
  const lookup = `query($id: IdNumber!) { person(idNumber: $id) { name } }`;

  it('reaches a person only while enrolled in its product AND consenting', async () => {
    const p = await f.person();
    expect(codes(await insurer()(lookup, { id: p.idNumber }))).toEqual(['NOT_FOUND']);
    await f.consent(p.id, s.product.insurerCode, ['ELIGIBILITY']);
    expect(codes(await insurer()(lookup, { id: p.idNumber }))).toEqual(['NOT_FOUND']); // consent alone
    await f.enrollInProduct(p.id, s.product);
    const both = await insurer()(lookup, { id: p.idNumber });
    expect(both.errors).toBeUndefined();
    expect(both.data?.person.name).toBe(p.name);
    const other = await hub.as('INSURER', { insurer: 'OTHER-INSURER' })(lookup, { id: p.idNumber });
    expect(codes(other)).toEqual(['NOT_FOUND']);
  });

  it('an expired consent reaches nothing', async () => {
    const p = await f.person();
    await f.enrollInProduct(p.id, s.product);
    await f.consent(p.id, s.product.insurerCode, ['ELIGIBILITY', 'SETTLEMENTS'], new Date(Date.now() - 1000));
    expect(codes(await insurer()(lookup, { id: p.idNumber }))).toEqual(['NOT_FOUND']);
  });

  it('a consent that expires between two requests reaches nothing from the second', async () => {
    const p = await f.person();
    await f.enrollInProduct(p.id, s.product);
    await f.consent(p.id, s.product.insurerCode, ['ELIGIBILITY'], new Date(Date.now() + 2000));
    expect((await insurer()(lookup, { id: p.idNumber })).data?.person.name).toBe(p.name);
    await new Promise((r) => setTimeout(r, 2100));
    expect(codes(await insurer()(lookup, { id: p.idNumber }))).toEqual(['NOT_FOUND']);
  });

  it('grant and revoke through the API take effect on the next request', async () => {
    const p = await f.person();
    await f.enrollInProduct(p.id, s.product);
    const ms = hub.as('MEDICAL_SECURITY', { regions: ['320600'] });
    const grant = await ms(
      `mutation($i: GrantConsentInput!) { grantConsent(input: $i) { __typename ... on GrantConsentPayload { consent { scopes active } } ... on UserError { code message } } }`,
      { i: { idNumber: p.idNumber, insurerCode: s.product.insurerCode, scopes: ['ELIGIBILITY', 'SETTLEMENTS'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() } },
    );
    expect(grant.errors).toBeUndefined();
    expect(grant.data?.grantConsent.consent).toEqual({ scopes: ['ELIGIBILITY', 'SETTLEMENTS'], active: true });
    expect((await insurer()(lookup, { id: p.idNumber })).data?.person.name).toBe(p.name);

    const revoke = await ms(`mutation($i: RevokeConsentInput!) { revokeConsent(input: $i) { ... on RevokeConsentPayload { revokedCount } } }`, {
      i: { idNumber: p.idNumber, insurerCode: s.product.insurerCode },
    });
    expect(revoke.data?.revokeConsent.revokedCount).toBe(1);
    expect(codes(await insurer()(lookup, { id: p.idNumber }))).toEqual(['NOT_FOUND']);
  });

  it('consent writes reject bad input with the field named, and nothing changes', async () => {
    const ms = hub.as('MEDICAL_SECURITY', { regions: ['320600'] });
    const p = await f.person();
    const m = `mutation($i: GrantConsentInput!) { grantConsent(input: $i) { __typename ... on InputError { field code } ... on NotFoundError { field code } } }`;
    const base = { idNumber: p.idNumber, insurerCode: s.product.insurerCode, scopes: ['ELIGIBILITY'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() };
    expect((await ms(m, { i: { ...base, expiresAt: '2020-01-01T00:00:00Z' } })).data?.grantConsent).toEqual({ __typename: 'InputError', field: 'expiresAt', code: 'BAD_USER_INPUT' });
    expect((await ms(m, { i: { ...base, scopes: [] } })).data?.grantConsent).toEqual({ __typename: 'InputError', field: 'input.scopes', code: 'BAD_USER_INPUT' });
    expect((await ms(m, { i: { ...base, insurerCode: 'NOPE' } })).data?.grantConsent).toEqual({ __typename: 'NotFoundError', field: 'insurerCode', code: 'NOT_FOUND' });
    expect((await ms(m, { i: { ...base, idNumber: s.pB.idNumber } })).data?.grantConsent).toEqual({ __typename: 'NotFoundError', field: 'idNumber', code: 'NOT_FOUND' });
    const stored = await hub.db.database.db.query.consents.findMany({ where: (c, { eq }) => eq(c.personId, p.id) });
    expect(stored).toEqual([]);
  });
});
