/**
 * Nested prescription lists, their items and the items' drugs read only the columns their query
 * selects (server/loaders.ts `columnsFor`). Whatever a query selects, each field must answer what
 * it answers from a whole row: a prescription what `node(id:)` answers (its loader reads whole
 * rows), an item what its stored row holds, a drug what the catalogue list answers; for every
 * role that reads prescriptions, with the audit naming the same persons.
 */
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/principal.js';
import { formatMoney } from '../../src/benefits/settlement/money.js';
import { auditLog, prescriptionItems, prescriptions } from '../../src/db/schema/index.js';
import { columnsFor } from '../../src/server/loaders.js';
import { fixtures } from '../helpers/fixtures.js';
import { startHub, type Scope, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let hospitalCode: string;
let patientIdNumber: string;

const DRUG_FIELDS = ['name', 'dosageForm', 'itemClass', 'dualChannel', 'negotiated', 'volumeProcurement', 'specialDrug', 'unitPrice'];
const ITEM_FIELDS = ['quantity', 'unitPrice', 'amount', 'usage'];
const PRESCRIPTION_FIELDS = [
  '__typename', 'code', 'patient { id }', 'issuer { code }', 'dispenser { code }', 'diagnosis { code name }', 'status', 'issuedAt',
  'validUntil', 'dispensedAt', 'items { quantity }', 'history { status }',
];
/** Each field alone, a few together, and everything. */
const SELECTIONS = [...PRESCRIPTION_FIELDS, 'code items { quantity } status', 'status dispensedAt diagnosis { name }', PRESCRIPTION_FIELDS.join(' ')];

const nestedQuery = (selection: string) =>
  `query($code: String!) { institution(code: $code) { prescriptions(first: 10) { edges { node { id ${selection} } } } } }`;
const nodeQuery = (selection: string) => `query($id: ID!) { node(id: $id) { ... on Prescription { id ${selection} } } }`;
const byPerson = (selection: string) =>
  `query($id: IdNumber!) { person(idNumber: $id) { prescriptions(first: 10) { edges { node { id ${selection} } } } } }`;

const READERS: [Role, () => Scope][] = [
  ['MEDICAL_SECURITY', () => ({ regions: ['320600'] })],
  ['HEALTH', () => ({ regions: ['320600'] })],
  ['INSTITUTION', () => ({ institution: hospitalCode })],
];

type Edges = { node: { id: string } & Record<string, unknown> }[];
const edgesOf = (data: unknown, root: 'institution' | 'person') => ((data as Record<string, { prescriptions: { edges: Edges } }>)[root]!).prescriptions.edges;

/** Error codes with their paths below the prescription (`skip` leading path entries). */
const errorsBelow = (errors: readonly GraphQLFormattedError[] | undefined, skip: number, keep: (path: readonly (string | number)[]) => boolean) =>
  (errors ?? []).filter((e) => keep(e.path ?? [])).map((e) => `${String(e.extensions?.code)} ${(e.path ?? []).slice(skip).join('.')}`).sort();

const lastAudit = async () => (await hub.db.database.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1))[0]!;

beforeAll(async () => {
  hub = await startHub();
  const f = fixtures(hub.db.database);
  const hospital = await f.institution({ region: '320600' });
  const pharmacy = await f.institution({ region: '320600', kind: 'PHARMACY' });
  hospitalCode = hospital.code;
  const drugA = await f.drug({ itemClass: 'B', dualChannel: true, unitPrice: 2_345 });
  const drugB = await f.drug({ specialDrug: true });
  const patient = await f.person({ region: '320600', year: 2026 });
  const other = await f.person({ region: '320600', year: 2026 });
  patientIdNumber = patient.idNumber;
  await f.prescription({ personId: other.id, issuerId: hospital.id, drugId: drugB.id });
  const dispensed = await f.prescription({ personId: patient.id, issuerId: hospital.id, drugId: drugA.id, status: 'DISPENSED', dispenserId: pharmacy.id });
  await hub.db.database.db.update(prescriptions).set({ dispensedAt: new Date() }).where(sql`${prescriptions.id} = ${dispensed.id}`);
  await hub.db.database.db.insert(prescriptionItems).values({ prescriptionId: dispensed.id, drugId: drugB.id, quantity: 1, unitPrice: 990, amount: 990, usage: '外用' });
  await f.prescription({ personId: patient.id, issuerId: hospital.id, drugId: drugB.id, validUntil: new Date(Date.now() - 86_400_000) });
});

afterAll(() => hub.close());

describe('columns read for nested prescriptions', () => {
  it.each(READERS)('%s: every selection answers as whole rows do', async (role, scope) => {
    const as = hub.as(role, scope());
    const everything = await as(nestedQuery(PRESCRIPTION_FIELDS.join(' ')), { code: hospitalCode });
    const persons = (await lastAudit()).personIds.sort();
    expect(edgesOf(everything.data, 'institution')).toHaveLength(3);
    for (const selection of SELECTIONS) {
      const nested = await as(nestedQuery(selection), { code: hospitalCode });
      expect((await lastAudit()).personIds.sort(), selection).toStrictEqual(persons);
      const edges = edgesOf(nested.data, 'institution');
      expect(edges, selection).toHaveLength(3);
      for (const [i, edge] of edges.entries()) {
        const alone = await as(nodeQuery(selection), { id: edge.node.id });
        expect(edge.node, selection).toStrictEqual(alone.data!.node);
        expect(errorsBelow(nested.errors, 5, (p) => p[3] === i), selection).toStrictEqual(errorsBelow(alone.errors, 1, () => true));
      }
    }
  });

  it('through a person, every selection answers as whole rows do', async () => {
    const as = hub.as('MEDICAL_SECURITY', { regions: ['320600'] });
    for (const selection of SELECTIONS) {
      const nested = await as(byPerson(selection), { id: patientIdNumber });
      expect(nested.errors, selection).toBeUndefined();
      const edges = edgesOf(nested.data, 'person');
      expect(edges, selection).toHaveLength(2);
      for (const edge of edges) expect(edge.node, selection).toStrictEqual((await as(nodeQuery(selection), { id: edge.node.id })).data!.node);
    }
  });

  it('items answer their stored rows, and drugs the catalogue, whatever is selected of them', async () => {
    const as = hub.as('MEDICAL_SECURITY', { regions: ['320600'] });
    const { db } = hub.db.database;
    const catalogue = await as(`{ drugs(first: 100) { edges { node { code ${DRUG_FIELDS.join(' ')} } } } }`);
    const drugByCode = new Map((catalogue.data!.drugs as { edges: { node: Record<string, unknown> }[] }).edges.map((e) => [e.node.code, e.node]));
    for (const field of ITEM_FIELDS) {
      const r = await as(nestedQuery(`code items { ${field} }`), { code: hospitalCode });
      for (const edge of edgesOf(r.data, 'institution')) {
        const [rx] = await db.select({ id: prescriptions.id }).from(prescriptions).where(eq(prescriptions.code, edge.node.code as string));
        const stored = await db.select().from(prescriptionItems).where(eq(prescriptionItems.prescriptionId, rx!.id)).orderBy(asc(prescriptionItems.id));
        const expected = stored.map((row) => ({ [field]: field === 'unitPrice' || field === 'amount' ? formatMoney(row[field]) : row[field as 'quantity' | 'usage'] }));
        expect(edge.node.items, field).toStrictEqual(expected);
      }
    }
    for (const field of DRUG_FIELDS) {
      const r = await as(nestedQuery(`items { drug { code ${field} } }`), { code: hospitalCode });
      const drugs = edgesOf(r.data, 'institution').flatMap((e) => (e.node.items as { drug: Record<string, unknown> }[]).map((i) => i.drug));
      expect(drugs.length, field).toBe(4);
      for (const drug of drugs) expect(drug, field).toStrictEqual({ code: drug.code, [field]: drugByCode.get(drug.code)![field] });
    }
  });

  it('aliases with other selections each get their own columns', async () => {
    const as = hub.as('MEDICAL_SECURITY', { regions: ['320600'] });
    const r = await as(`query($code: String!) { institution(code: $code) {
      a: prescriptions(first: 10) { edges { node { code } } }
      b: prescriptions(first: 10) { edges { node { code diagnosis { name } dispensedAt items { usage drug { name } } } } }
      c: prescriptions(first: 10) { edges { node { items { d: drug { code } e: drug { name unitPrice } } } } }
    } }`, { code: hospitalCode });
    expect(r.errors).toBeUndefined();
    const c = (r.data!.institution as { c: { edges: { node: { items: { d: { code: string }; e: { name: string; unitPrice: string } }[] } }[] } }).c;
    const catalogue = await as(`{ drugs(first: 100) { edges { node { code name unitPrice } } } }`);
    const drugByCode = new Map((catalogue.data!.drugs as { edges: { node: { code: string } }[] }).edges.map((e) => [e.node.code, e.node]));
    const items = c.edges.flatMap((e) => e.node.items);
    expect(items).toHaveLength(4);
    for (const item of items) expect({ code: item.d.code, ...item.e }).toStrictEqual(drugByCode.get(item.d.code));
    const b = (r.data!.institution as { b: { edges: { node: { code: string; diagnosis: { name: string }; items: { usage: string; drug: { name: string } }[] } }[] } }).b;
    expect(b.edges).toHaveLength(3);
    expect(b.edges.every((e) => e.node.diagnosis.name === '2型糖尿病' && e.node.items.every((i) => i.usage.length > 0 && i.drug.name.length > 0))).toBe(true);
  });
});

describe('columnsFor', () => {
  const order = ['id', 'personId', 'code', 'status', 'validUntil', 'secret'] as const;
  const byField = { code: ['code'], status: ['status', 'validUntil'], items: [] } as const;

  it('reads the key, the person and what the selected fields read, in the table’s order', () => {
    expect(columnsFor(['status', 'code'], byField, ['id', 'personId'], order)).toStrictEqual(['id', 'personId', 'code', 'status', 'validUntil']);
    expect(columnsFor(['items'], byField, ['id', 'personId'], order)).toStrictEqual(['id', 'personId']);
  });

  it('reads whole rows as soon as a selected field is not listed', () => {
    expect(columnsFor(['code', 'unlisted'], byField, ['id'], order)).toBeNull();
    expect(columnsFor(['toString'], byField, ['id'], order)).toBeNull();
  });
});
