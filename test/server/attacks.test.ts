/**
 * Hostile and broken requests over real HTTP: each gets a clear error with a code and no
 * internals, and the hub serves a normal request right after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../helpers/fixtures.js';
import { startHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let url = '';
let token = '';
let idNumber = '';

async function post(body: unknown, opts: { raw?: string | Buffer; auth?: string | null; headers?: Record<string, string> } = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(opts.auth === null ? {} : { authorization: `Bearer ${opts.auth ?? token}` }),
      ...opts.headers,
    },
    body: opts.raw ?? JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = { text };
  }
  return { status: res.status, body: json };
}

async function stillServes() {
  const r = await post({ query: 'query($id: IdNumber!) { person(idNumber: $id) { name } }', variables: { id: idNumber } });
  expect(r.status).toBe(200);
  expect(r.body.data.person.name).toBeTruthy();
}

const leaks = (body: unknown) => /stack|at \w+ \(|node_modules|SELECT |postgres|drizzle/i.test(JSON.stringify(body));

beforeAll(async () => {
  hub = await startHub({ NODE_ENV: 'production', BODY_LIMIT_BYTES: '65536', RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_BURST: '100000' });
  url = await hub.listen();
  token = await hub.token('HEALTH', { regions: ['320600'] });
  idNumber = (await fixtures(hub.db.database).person()).idNumber;
});
afterAll(() => hub?.close());

const cases: [string, () => Promise<{ status: number; body: any }>, string, number][] = [
  ['deep nesting', () => post({ query: `{ persons(first: 1) { edges { node { prescriptions(first: 1) { edges { node { patient { prescriptions(first: 1) { edges { node { patient { prescriptions(first: 1) { edges { node { patient { name } } } } } } } } } } } } } } } }` }), 'QUERY_TOO_COMPLEX', 400],
  ['1,000 aliases of an expensive field', () => post({ query: `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: persons(first: 100) { edges { cursor } }`).join(' ')} }` }), 'QUERY_TOO_COMPLEX', 400],
  ['a huge list', () => post({ query: '{ persons(first: 100) { edges { node { prescriptions(first: 100) { edges { node { items { drug { name } } } } } } } } }' }), 'QUERY_TOO_COMPLEX', 400],
  ['a page over the maximum', () => post({ query: '{ persons(first: 101) { edges { cursor } } }' }), 'BAD_USER_INPUT', 200],
  ['fragment cycles', () => post({ query: '{ persons(first: 1) { edges { node { ...A } } } } fragment A on Person { ...B } fragment B on Person { ...A }' }), 'BAD_REQUEST', 400],
  ['a batched operation array', () => post([{ query: '{ __typename }' }, { query: '{ __typename }' }]), 'BAD_REQUEST', 400],
  ['a giant string', () => post({ query: `{ person(idNumber: "${'9'.repeat(200_000)}") { name } }` }), 'BAD_REQUEST', 413],
  ['invalid UTF-8', () => post(null, { raw: Buffer.from([0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]) }), 'BAD_REQUEST', 400],
  ['malformed JSON', () => post(null, { raw: '{"query": ' }), 'BAD_REQUEST', 400],
  ['a syntax error', () => post({ query: '{ persons(first: 1) { edges { ' }), 'BAD_REQUEST', 400],
  ['too many tokens', () => post({ query: `{ ${'__typename '.repeat(5000)} }` }), 'QUERY_TOO_COMPLEX', 400],
  ['introspection probing as a partner', () => post({ query: '{ __schema { types { name } } }' }), 'FORBIDDEN', 403],
  ['__type probing as a partner', () => post({ query: '{ __type(name: "Person") { fields { name } } }' }), 'FORBIDDEN', 403],
  ['the federation SDL as a partner', () => post({ query: '{ _service { sdl } }' }), 'FORBIDDEN', 403],
  ['introspection inside an inline fragment', () => post({ query: '{ ... on Query { __schema { types { name } } } }' }), 'FORBIDDEN', 403],
  ['the federation SDL inside a named fragment', () => post({ query: '{ ...F } fragment F on Query { _service { sdl } }' }), 'FORBIDDEN', 403],
  ['_entities with a forged representation type', () => post({ query: 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', variables: { r: [{ __typename: 'AuditRecord', id: '1' }] } }), 'BAD_USER_INPUT', 200],
  ['_entities with more representations than a page', () => post({ query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id } } }', variables: { r: Array.from({ length: 501 }, () => ({ __typename: 'Person', id: 'UGVyc29uOjE=' })) } }), 'BAD_USER_INPUT', 200],
  // graphql-armor < 3.1.5 skipped the cost of an operation or fragment merely *named* __schema.
  ['an operation named __schema (cost bypass)', () => post({ query: `query __schema { ${Array.from({ length: 15 }, (_, i) => `a${i}: persons(first: 100) { edges { node { prescriptions(first: 100) { edges { cursor } } } } }`).join(' ')} }` }), 'QUERY_TOO_COMPLEX', 400],
  ['a fragment named __schema (depth bypass)', () => post({ query: `query { persons(first: 1) { edges { node { ...__schema } } } } fragment __schema on Person { prescriptions(first: 1) { edges { node { patient { prescriptions(first: 1) { edges { node { patient { prescriptions(first: 1) { edges { node { code } } } } } } } } } } } }` }), 'QUERY_TOO_COMPLEX', 400],
];

describe('attack suite', () => {
  for (const [name, send, code, status] of cases) {
    it(`${name} → ${code}`, async () => {
      const r = await send();
      expect(r.status).toBe(status);
      expect(r.body.errors?.[0]?.extensions?.code).toBe(code);
      expect(Object.values(r.body.data ?? {}).every((v) => v === null)).toBe(true);
      expect(leaks(r.body)).toBe(false);
      await stillServes();
    });
  }

  it('measures the same document again for other page sizes: a cheap request does not let an expensive one through', async () => {
    const query = `query Pages($a: Int!, $b: Int!) {
      persons(first: $a) { edges { node { prescriptions(first: $b) { edges { node { items { drug { name } } } } } } } }
    }`;
    const cheap = () => post({ query, variables: { a: 1, b: 1 } });
    const costly = await (async () => {
      expect((await cheap()).status).toBe(200);
      return post({ query, variables: { a: 100, b: 100 } });
    })();
    expect(costly.status).toBe(400);
    expect(costly.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect((await cheap()).status).toBe(200);
    expect((await post({ query, variables: { a: 100, b: 100 } })).body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('hides field suggestions from partners and keeps them for the bureau', async () => {
    const partner = await post({ query: '{ persons(first: 1) { edges { node { nme } } } }' });
    expect(partner.body.errors[0].message).not.toMatch(/Did you mean/);
    const bureau = await post({ query: '{ persons(first: 1) { edges { node { nme } } } }' }, { auth: await hub.token('MEDICAL_SECURITY', { regions: ['320600'] }) });
    expect(bureau.body.errors[0].message).toMatch(/Did you mean "name"/);
  });

  it('lets the bureau introspect in production', async () => {
    const r = await post({ query: '{ __schema { queryType { name } } }' }, { auth: await hub.token('MEDICAL_SECURITY', { regions: ['320600'] }) });
    expect(r.body.data.__schema.queryType.name).toBe('Query');
  });

  it('refuses a simple GET without a preflight header (CSRF prevention)', async () => {
    const res = await fetch(`${url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(res.status).toBe(400);
  });
});
