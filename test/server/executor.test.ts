/**
 * Requests run on the schema specialised for their caller, queries compiled by graphql-jit
 * (server/executor.ts). These tests hold that path to the plain one: graphql-js executing on
 * the schema that decides per call for any caller, behind an Apollo Server of its own. For each
 * caller and query, both must give the same data, the same errors (code, path, message) and the
 * same audit reach.
 */
import { ApolloServer } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/principal.js';
import type { Context } from '../../src/server/context.js';
import { formatError } from '../../src/server/format-error.js';
import { fixtures, type Fixtures } from '../helpers/fixtures.js';
import { startHub, type Scope, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let f: Fixtures;
let plainApollo: ApolloServer<Context>;

interface Outcome {
  data: unknown;
  errors: { code: unknown; path: unknown; message: string }[];
  audit: { personIds: number[]; fields: string[]; deniedFields: string[] };
}

const sortedErrors = (errors: readonly GraphQLFormattedError[] | undefined) =>
  (errors ?? []).map((e) => ({ code: e.extensions?.code, path: e.path, message: e.message })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
const auditOf = (ctx: Context) => ({
  personIds: [...ctx.audit.personIds].sort((a, b) => a - b), fields: [...ctx.audit.fields].sort(), deniedFields: [...ctx.audit.deniedFields].sort(),
});

async function contextAs(role: Role | null, scope: Scope): Promise<Context> {
  const authorization = role ? `Bearer ${await hub.token(role, scope)}` : undefined;
  return hub.app.contextFor({ authorization });
}

async function run(apollo: ApolloServer<Context>, role: Role | null, scope: Scope, query: string, variables: Record<string, unknown>): Promise<Outcome> {
  const ctx = await contextAs(role, scope);
  const response = await apollo.executeOperation({ query, variables }, { contextValue: ctx });
  if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
  const { data, errors } = response.body.singleResult;
  return { data: data ?? null, errors: sortedErrors(errors), audit: auditOf(ctx) };
}

/** The hub's Apollo: the executor, on the caller's specialised schema (compiled when it can be). */
const served = (role: Role | null, scope: Scope, query: string, variables: Record<string, unknown>) => run(hub.app.apollo, role, scope, query, variables);
/** Apollo's own graphql-js execution on the schema for any caller, with the hub's error formatting. */
const plain = (role: Role | null, scope: Scope, query: string, variables: Record<string, unknown>) => run(plainApollo, role, scope, query, variables);

const NESTED = `query Nested($first: Int!, $region: String!) {
  institutions(first: $first, filter: { region: [$region] }) {
    edges { cursor node { code name level creditScore violations { pointsDeducted }
      prescriptions(first: 5) { edges { node { code status issuedAt diagnosis { code } patient { name idNumber phone }
        items { quantity amount drug { code name itemClass } } } } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const PERSON = `query Person($id: IdNumber!) {
  person(idNumber: $id) {
    id name idNumber phone gender birthDate region { code }
    enrollments { year scheme status contributionBase }
    contributions { period amount }
    settlements(first: 5) { edges { node { id totalAmount fundPaid diagnosis { code } items { name amount } } } }
    prescriptions(first: 5) { edges { node { code } } }
    consents { insurerCode scopes }
  }
}`;

const FILTERED = `query Filtered($filter: InstitutionFilter) { institutions(first: 5, filter: $filter) { edges { node { code name } } } }`;

/** A nullable variable inside an input-object literal: left out, graphql-js treats the field as not given. */
const LEVEL_IN_LITERAL = `query Level($region: String!, $level: Int) {
  institutions(first: 5, filter: { region: [$region], level: $level }) { edges { node { code level } } }
}`;

const SHAPES = `query Shapes($id: IdNumber!) {
  me: person(idNumber: $id) { __typename ...Who who: name again: name }
  regions { __typename code }
}
fragment Who on Person { id gender region { code } enrollments { ...Enrolled } }
fragment Enrolled on Enrollment { year status }`;

const DIRECTIVES = `query Directives($id: IdNumber!, $withPhone: Boolean!) {
  person(idNumber: $id) { name ...P @include(if: $withPhone) ...P @skip(if: $withPhone) }
}
fragment P on Person { phone }`;

const TWO_OPERATIONS = `query One { regions { code } } query Two { regions { name } }`;
// graphql-jit names a field's resolve info by its response path joined with _: b_c.a and c.a_b
// would share one; under node() the object type's name is a part of the path, so an alias named
// like a type could meet it.
const JOINED_ALIASES = `query J($h: String!) {
  b_c: institution(code: $h) { a: prescriptions(first: 10) { edges { node { code status issuedAt items { quantity drug { name } } } } } }
  c: institution(code: $h) { a_b: prescriptions(first: 1) { edges { node { id } } } }
}`;
const TWO_TYPES = `query T($id: ID!) { node(id: $id) {
  ... on Person { prescriptions(first: 5) { edges { node { code status issuedAt } } } }
  ... on Institution { prescriptions(first: 1) { edges { node { id } } } }
} }`;
const TYPE_ALIAS = `query A($id: ID!, $idn: IdNumber!) {
  node(id: $id) { ... on Person { prescriptions(first: 5) { edges { node { code status issuedAt } } } } }
  Person: person(idNumber: $idn) { prescriptions(first: 1) { edges { node { id } } } }
}`;

describe('compiled execution on the caller’s schema agrees with graphql-js on the schema for any caller', () => {
  let person: { idNumber: string; id: number };
  let consenting: { idNumber: string; id: number };
  let insurerCode: string;
  let hospitalCode: string;
  let personNodeId: string;

  beforeAll(async () => {
    hub = await startHub();
    f = fixtures(hub.db.database);
    plainApollo = new ApolloServer<Context>({ schema: hub.app.schema, formatError, includeStacktraceInErrorResponses: false });
    await plainApollo.start();
    const hospital = await f.institution();
    const pharmacy = await f.institution({ kind: 'PHARMACY' });
    const drug = await f.drug();
    person = await f.person({ phone: '13900001111' });
    consenting = await f.person();
    await f.contribution(person.id);
    for (const p of [person, consenting]) {
      await f.prescription({ personId: p.id, issuerId: hospital.id, drugId: drug.id, dispenserId: pharmacy.id, status: 'DISPENSED' });
      await f.prescription({ personId: p.id, issuerId: hospital.id, drugId: drug.id });
      await f.settlement({ personId: p.id, institutionId: hospital.id });
    }
    const product = await f.product();
    await f.enrollInProduct(consenting.id, product);
    await f.consent(consenting.id, product.insurerCode, ['ELIGIBILITY', 'SETTLEMENTS']);
    insurerCode = product.insurerCode;
    hospitalCode = hospital.code;
    const found = await served('MEDICAL_SECURITY', { regions: ['320600'] }, 'query P($id: IdNumber!) { person(idNumber: $id) { id } }', { id: person.idNumber });
    personNodeId = (found.data as { person: { id: string } }).person.id;
  });
  afterAll(async () => {
    await plainApollo?.stop();
    await hub?.close();
  });

  const insurer = () => insurerCode;
  const hospital = () => hospitalCode;
  const nantong = { regions: ['320600'] };

  const cases: [string, () => [Role | null, Scope, string, Record<string, unknown>]][] = [
    ['the bureau on the nested list', () => ['MEDICAL_SECURITY', nantong, NESTED, { first: 50, region: '320600' }]],
    ['the health commission on the nested list (patients masked, phone refused)', () => ['HEALTH', nantong, NESTED, { first: 50, region: '320600' }]],
    ['the tax bureau on the nested list (credit, violations and prescriptions refused)', () => ['TAX', nantong, NESTED, { first: 50, region: '320600' }]],
    ['a hospital on the nested list (its own prescriptions)', () => ['INSTITUTION', { institution: hospital() }, NESTED, { first: 50, region: '320600' }]],
    ['an insurer on the nested list (consent awaited per prescription)', () => ['INSURER', { insurer: insurer() }, NESTED, { first: 50, region: '320600' }]],
    ['the bureau on a person', () => ['MEDICAL_SECURITY', nantong, PERSON, { id: person.idNumber }]],
    ['the tax bureau on a person', () => ['TAX', nantong, PERSON, { id: person.idNumber }]],
    ['civil affairs on a person', () => ['CIVIL_AFFAIRS', nantong, PERSON, { id: person.idNumber }]],
    ['an insurer on a consenting person', () => ['INSURER', { insurer: insurer() }, PERSON, { id: consenting.idNumber }]],
    ['an insurer on a person without consent', () => ['INSURER', { insurer: insurer() }, PERSON, { id: person.idNumber }]],
    ['the bureau of another region on a person', () => ['MEDICAL_SECURITY', { regions: ['320100'] }, PERSON, { id: person.idNumber }]],
    ['a malformed ID number', () => ['MEDICAL_SECURITY', nantong, PERSON, { id: '32060219900101123X-bad' }]],
    ['a wrong variable type', () => ['MEDICAL_SECURITY', nantong, NESTED, { first: 'fifty', region: '320600' }]],
    ['a missing variable', () => ['MEDICAL_SECURITY', nantong, NESTED, { region: '320600' }]],
    ['an input-object variable (graphql-js)', () => ['TAX', nantong, FILTERED, { filter: { region: ['320600'], level: 3 } }]],
    ['a bad input-object variable (graphql-js)', () => ['TAX', nantong, FILTERED, { filter: { level: 'three' } }]],
    ['a nullable variable left out inside a literal (graphql-js)', () => ['TAX', nantong, LEVEL_IN_LITERAL, { region: '320600' }]],
    ['the same variable given', () => ['TAX', nantong, LEVEL_IN_LITERAL, { region: '320600', level: 3 }]],
    ['fragments, aliases, __typename and a field asked twice', () => ['HEALTH', nantong, SHAPES, { id: person.idNumber }]],
    ['a fragment spread twice under @include and @skip (graphql-js)', () => ['CIVIL_AFFAIRS', nantong, DIRECTIVES, { id: person.idNumber, withPhone: true }]],
    ['node(id) through the Node interface', () => ['MEDICAL_SECURITY', nantong, `query N($id: ID!) { node(id: $id) { __typename id ... on Person { name } } }`, { id: personNodeId }]],
    ['two operations and no name to choose one', () => ['TAX', nantong, TWO_OPERATIONS, {}]],
    ['aliases whose paths joined by _ are the same (graphql-js)', () => ['MEDICAL_SECURITY', nantong, JOINED_ALIASES, { h: hospital() }]],
    ['one field under two types of an interface', () => ['MEDICAL_SECURITY', nantong, TWO_TYPES, { id: personNodeId }]],
    ['an alias named like a type (graphql-js)', () => ['MEDICAL_SECURITY', nantong, TYPE_ALIAS, { id: personNodeId, idn: person.idNumber }]],
  ];

  for (const [what, make] of cases) {
    it(what, async () => {
      const [role, scope, query, variables] = make();
      const viaExecutor = await served(role, scope, query, variables);
      const viaGraphqlJs = await plain(role, scope, query, variables);
      expect(viaExecutor).toEqual(viaGraphqlJs);
    });
  }

  it('compiles the queries it can and leaves the rest to graphql-js', async () => {
    const count = async () => {
      const metric = await hub.app.metrics.registry.getSingleMetric('yibao_graphql_executions_total')!.get();
      const of = (executor: string) => metric.values.find((v) => v.labels.executor === executor)?.value ?? 0;
      return { compiled: of('compiled'), graphqlJs: of('graphql-js') };
    };
    const runs = [
      [NESTED, { first: 10, region: '320600' }, 'compiled'],
      [PERSON, { id: person.idNumber }, 'compiled'],
      [SHAPES, { id: person.idNumber }, 'compiled'],
      [FILTERED, { filter: { level: 3 } }, 'graphql-js'],
      [LEVEL_IN_LITERAL, { region: '320600' }, 'graphql-js'],
      [DIRECTIVES, { id: person.idNumber, withPhone: false }, 'graphql-js'],
      [TWO_OPERATIONS, {}, 'graphql-js'],
      [JOINED_ALIASES, { h: hospital() }, 'graphql-js'],
      [TWO_TYPES, { id: personNodeId }, 'compiled'],
      [TYPE_ALIAS, { id: personNodeId, idn: person.idNumber }, 'graphql-js'],
      ['query I($h: String!) { idx0: institution(code: $h) { code } }', { h: hospital() }, 'graphql-js'],
      // The person has no consent to revoke: nothing is written.
      ['mutation M($id: IdNumber!) { revokeConsent(input: { idNumber: $id, insurerCode: "NONE" }) { __typename } }', { id: person.idNumber }, 'graphql-js'],
    ] as const;
    for (const [query, variables, executor] of runs) {
      const before = await count();
      await served('MEDICAL_SECURITY', nantong, query, variables);
      const after = await count();
      expect({ compiled: after.compiled - before.compiled, graphqlJs: after.graphqlJs - before.graphqlJs }, query.slice(0, 40))
        .toEqual(executor === 'compiled' ? { compiled: 1, graphqlJs: 0 } : { compiled: 0, graphqlJs: 1 });
    }
  });

  it('exercises data, refusals and audit in these cases, so agreeing means something', async () => {
    const bureau = await served('MEDICAL_SECURITY', nantong, NESTED, { first: 50, region: '320600' });
    expect(JSON.stringify(bureau.data)).toContain(hospital());
    expect(bureau.audit.personIds).toEqual(expect.arrayContaining([person.id, consenting.id]));
    const tax = await served('TAX', nantong, PERSON, { id: person.idNumber });
    expect(tax.errors.map((e) => e.code)).toContain('FORBIDDEN');
    expect(tax.audit.deniedFields).toContain('Person.phone');
    const insurerView = await served('INSURER', { insurer: insurer() }, PERSON, { id: consenting.idNumber });
    expect(JSON.stringify(insurerView.data)).toContain('totalAmount');
    const bad = await served('MEDICAL_SECURITY', nantong, NESTED, { first: 'fifty', region: '320600' });
    expect(bad.errors.map((e) => e.code)).toEqual(['BAD_USER_INPUT']);
  });
});
