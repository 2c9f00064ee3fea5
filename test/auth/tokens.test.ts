/**
 * Authentication over real HTTP: every bad credential is a 401 UNAUTHENTICATED with no data,
 * and nothing reaches a resolver without a credential except the public reads.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../helpers/fixtures.js';
import { startHub, TEST_ENV, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let url = '';
let idNumber = '';

const secret = new TextEncoder().encode(TEST_ENV.AUTH_SECRET);
const claims = { role: 'MEDICAL_SECURITY', regions: ['320600'] };

async function sign(opts: { payload?: Record<string, unknown>; secret?: Uint8Array; aud?: string; iss?: string; exp?: number; alg?: string } = {}) {
  return new SignJWT(opts.payload ?? claims)
    .setProtectedHeader({ alg: opts.alg ?? 'HS256' })
    .setSubject('client-1')
    .setIssuer(opts.iss ?? 'yibao-hub')
    .setAudience(opts.aud ?? 'yibao-hub')
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? Math.floor(Date.now() / 1000) + 600)
    .sign(opts.secret ?? secret);
}

async function post(body: unknown, authorization?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } };
}

const personQuery = () => ({ query: 'query($id: IdNumber!) { person(idNumber: $id) { name } }', variables: { id: idNumber } });

beforeAll(async () => {
  hub = await startHub();
  url = await hub.listen();
  idNumber = (await fixtures(hub.db.database).person()).idNumber;
});
afterAll(() => hub?.close());

describe('bearer tokens', () => {
  it('a valid token reads', async () => {
    const r = await post(personQuery(), `Bearer ${await sign()}`);
    expect(r.status).toBe(200);
    expect(r.body.data?.person.name).toBeTruthy();
  });

  const bad: [string, () => Promise<string>][] = [
    ['malformed header', async () => 'Token abc'],
    ['not a JWT', async () => 'Bearer not-a-jwt'],
    ['forged signature', async () => `Bearer ${await sign({ secret: new TextEncoder().encode('another-secret-another-secret-00001') })}`],
    ['expired', async () => `Bearer ${await sign({ exp: Math.floor(Date.now() / 1000) - 10 })}`],
    ['wrong audience', async () => `Bearer ${await sign({ aud: 'someone-else' })}`],
    ['wrong issuer', async () => `Bearer ${await sign({ iss: 'evil' })}`],
    ['unknown role', async () => `Bearer ${await sign({ payload: { role: 'ADMIN', regions: ['320600'] } })}`],
    ['insurer without insurer code', async () => `Bearer ${await sign({ payload: { role: 'INSURER' } })}`],
    ['agency without regions', async () => `Bearer ${await sign({ payload: { role: 'TAX', regions: [] } })}`],
    ['alg none', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const body = Buffer.from(JSON.stringify({ ...claims, sub: 'x', iss: 'yibao-hub', aud: 'yibao-hub', exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
      return `Bearer ${header}.${body}.`;
    }],
  ];
  for (const [name, make] of bad) {
    it(`${name} → 401 UNAUTHENTICATED, nothing resolved`, async () => {
      const r = await post(personQuery(), await make());
      expect(r.status).toBe(401);
      expect(r.body.data ?? null).toBeNull();
      expect(r.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(JSON.stringify(r.body)).not.toMatch(/stack|jose|signature verification|JWS/i);
    });
  }

  it('a token verified once does not vouch for a look-alike with another signature or payload', async () => {
    const token = await sign();
    expect((await post(personQuery(), `Bearer ${token}`)).status).toBe(200);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const otherSignature = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const widened = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), regions: ['320600', '320100'] })).toString('base64url');
    for (const forged of [otherSignature, `${header}.${widened}.${signature}`]) {
      expect((await post(personQuery(), `Bearer ${forged}`)).status).toBe(401);
    }
  });

  it('a token replayed after expiry is refused even though it once worked', async () => {
    const token = await sign({ exp: Math.floor(Date.now() / 1000) + 2 });
    expect((await post(personQuery(), `Bearer ${token}`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await post(personQuery(), `Bearer ${token}`)).status).toBe(401);
  });
});

describe('anonymous requests', () => {
  it('reach the public reads', async () => {
    const r = await post({ query: '{ regions { code } insuranceProducts(region: "320600") { code } benefitPolicies(region: "320600", year: 2026) { year } }' });
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
  });

  it('are refused anything else before execution, even mixed with a public field', async () => {
    for (const query of [
      '{ viewer { role } }',
      '{ regions { code } persons(first: 1) { edges { cursor } } }',
      '{ ...F } fragment F on Query { institutions(first: 1) { edges { cursor } } }',
      'mutation { revokeConsent(input: { idNumber: "11010519491231002X", insurerCode: "X1" }) { __typename } }',
    ]) {
      const r = await post({ query });
      expect(r.status, query).toBe(401);
      expect(r.body.data ?? null).toBeNull();
      expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });
});
