/**
 * The hub composed with an agency's subgraph (examples/federation) behind an in-process Apollo
 * gateway: the supergraph composes, a federated query runs across both services, and the hub's
 * field policy, row scope and audit still hold for whatever part of the query it serves, because
 * the gateway forwards the caller's own token.
 */
import { desc, eq } from 'drizzle-orm';
import type { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { compose, createGateway, fetchSubgraphSdl, type GatewayContext } from '../../examples/federation/gateway.js';
import { startTaxSubgraph } from '../../examples/federation/tax-subgraph.js';
import type { Role } from '../../src/auth/principal.js';
import { auditLog } from '../../src/db/schema/index.js';
import { fixtures } from '../helpers/fixtures.js';
import { startHub, type Scope, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let tax: Awaited<ReturnType<typeof startTaxSubgraph>>;
let gateway: ApolloServer<GatewayContext>;
let supergraph: string;
const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
const s = {} as Record<string, any>;
const taxSaw: (string | string[] | undefined)[] = [];

beforeAll(async () => {
  hub = await startHub();
  const f = fixtures(hub.db.database);
  s.local = await f.person({ region: '320600', scheme: 'EMPLOYEE' });
  s.elsewhere = await f.person({ region: '320100', scheme: 'EMPLOYEE' });
  await f.contribution(s.local.id, '2026', 'EMPLOYER', 64_000);
  tax = await startTaxSubgraph([
    { personId: gid('Person', s.local.id), year: 2026, employerName: '南通某纺织有限公司', withheld: 640 },
    { personId: gid('Person', s.elsewhere.id), year: 2026, employerName: '南京某软件有限公司', withheld: 880 },
  ], 0, (headers) => taxSaw.push(headers.authorization));
  const hubUrl = await hub.listen();
  const sdlToken = `Bearer ${await hub.token('MEDICAL_SECURITY', { regions: ['320600'] })}`;
  s.hubSdl = await fetchSubgraphSdl(hubUrl, sdlToken);
  supergraph = compose([
    { name: 'hub', url: hubUrl, typeDefs: s.hubSdl },
    { name: 'tax', url: tax.url, typeDefs: await fetchSubgraphSdl(tax.url) },
  ]);
  gateway = createGateway(supergraph);
  await gateway.start();
});
afterAll(async () => {
  await gateway?.stop();
  await tax?.stop();
  await hub?.close();
});

async function viaGateway(role: Role | null, scope: Scope, query: string, variables?: Record<string, unknown>, purpose?: string) {
  const authorization = role ? `Bearer ${await hub.token(role, scope)}` : undefined;
  const response = await gateway.executeOperation({ query, variables }, { contextValue: { authorization, purpose } });
  if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
  return response.body.singleResult as { data?: any; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };
}

const codesAt = (r: Awaited<ReturnType<typeof viaGateway>>) => (r.errors ?? []).map((e) => `${(e.path ?? []).join('.')}:${e.extensions?.code}`).sort();

describe('composition', () => {
  it('composes the hub with the tax bureau’s subgraph, Person keyed by id in both', () => {
    expect(supergraph).toMatch(/type Person implements Node\s+@join__implements\(graph: HUB, interface: "Node"\)\s+@join__type\(graph: HUB, key: "id"\)\s+@join__type\(graph: TAX, key: "id"\)/);
    for (const type of ['Institution', 'Prescription', 'Settlement']) expect(supergraph).toMatch(new RegExp(`type ${type}[^{]*@join__type\\(graph: HUB, key: "id"\\)`));
    expect(supergraph).toContain('taxWithholdings: [Withholding!]! @join__field(graph: TAX)');
  });

  it('refuses a subgraph that redefines a hub field', () => {
    const rogue = parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])
      type Person @key(fields: "id") { id: ID! idNumber: Int }
      type Query { rogue: Person }
    `);
    expect(() => compose([
      { name: 'hub', url: 'http://hub.invalid/graphql', typeDefs: s.hubSdl },
      { name: 'rogue', url: 'http://rogue.invalid/graphql', typeDefs: rogue },
    ])).toThrow(/composition failed[\s\S]*idNumber/);
  });
});

describe('a federated query through the gateway', () => {
  const query = `query Withholdings { withholdings(year: 2026) { employerName withheld person { name idNumber phone contributions { payer amount } } } }`;

  it('joins the tax bureau’s records with the hub’s persons under the tax bureau’s own access', async () => {
    const r = await viaGateway('TAX', { regions: ['320600'] }, query);
    const local = r.data.withholdings.find((w: any) => w.employerName.startsWith('南通'));
    expect(local).toMatchObject({ withheld: 640, person: { name: s.local.name, idNumber: s.local.idNumber, phone: null, contributions: [{ payer: 'EMPLOYER', amount: '640.00' }] } });
    // Phone is not in the tax bureau's cells; the person of another region is outside its rows.
    const other = r.data.withholdings.find((w: any) => w.employerName.startsWith('南京'));
    expect(Object.values(other.person ?? {}).every((v) => v === null)).toBe(true);
    expect(codesAt(r)).toEqual(['withholdings.0.person.phone:FORBIDDEN', 'withholdings.1.person:NOT_FOUND'].sort());
    expect(JSON.stringify(r.errors)).not.toMatch(/stacktrace|node_modules|\.ts:\d/);
  });

  it('masks for the health commission exactly as the hub does directly', async () => {
    const r = await viaGateway('HEALTH', { regions: ['320600'] }, `{ withholdings(year: 2026) { person { name idNumber } } }`);
    const direct = await hub.as('HEALTH', { regions: ['320600'] })(`query($id: ID!) { node(id: $id) { ... on Person { name idNumber } } }`, { id: gid('Person', s.local.id) });
    expect(r.data.withholdings[0].person).toEqual(direct.data?.node);
    expect(r.data.withholdings[0].person.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
  });

  it('extends a hub-rooted query with the agency’s fields', async () => {
    const r = await viaGateway('TAX', { regions: ['320600'] }, `query($id: IdNumber!) { person(idNumber: $id) { name taxWithholdings { year employerName withheld } } }`, { id: s.local.idNumber });
    expect(r.errors).toBeUndefined();
    expect(r.data.person).toEqual({ name: s.local.name, taxWithholdings: [{ year: 2026, employerName: '南通某纺织有限公司', withheld: 640 }] });
  });

  it('gives an unauthenticated caller nothing from the hub', async () => {
    const r = await viaGateway(null, {}, `{ withholdings(year: 2026) { withheld person { name } } }`);
    expect(r.data.withholdings.map((w: any) => w.person?.name ?? null)).toEqual([null, null]);
    expect(JSON.stringify(r.data)).not.toContain(s.local.name);
    expect((r.errors ?? []).map((e) => e.extensions?.code)).toContain('UNAUTHENTICATED');
  });

  it('is audited at the hub under the caller’s client id and purpose', async () => {
    await viaGateway('TAX', { regions: ['320600'], clientId: 'tax-through-gateway' }, query, undefined, '稽核 2026-031');
    await hub.app.hub.auditLog.idle();
    const [record] = await hub.db.database.db.select().from(auditLog).where(eq(auditLog.clientId, 'tax-through-gateway')).orderBy(desc(auditLog.id)).limit(1);
    expect(record?.personIds).toEqual([s.local.id]);
    expect(record?.deniedFields).toEqual(['Person.phone']);
    expect(record?.purpose).toBe('稽核 2026-031');
  });

  it('hands the caller’s hub token to the hub only, never to the agency’s service', () => {
    expect(taxSaw.length).toBeGreaterThan(0);
    expect(taxSaw.every((a) => a === undefined)).toBe(true);
  });
});

