/**
 * Deny by default holds only if nothing escapes the policy: every object type is classified,
 * every root field has a cell, and every field of the served schema resolves through a guard
 * (shield's rule, or the same decision made without it), which the last suites prove by calling
 * every field's resolver as callers the policy does not name: on the schema for any caller, and
 * on the schema specialised for each caller, which is what requests execute on.
 */
import { isObjectType, isIntrospectionType, type GraphQLField, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AuditCollector } from '../../src/audit/collector.js';
import { ROLES, type Role } from '../../src/auth/principal.js';
import { mutationPolicy, objectPolicies, PUBLIC, PUBLIC_TYPES, queryPolicy, type Cell } from '../../src/auth/policy.js';
import { buildRuleTree, CALLERS, typeClass } from '../../src/auth/rules.js';
import { buildBareSchema, buildSchema, schemaFor } from '../../src/graphql/schema.js';
import { isHubError } from '../../src/server/errors.js';

const schema: GraphQLSchema = buildBareSchema();
const objectTypes = Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && !isIntrospectionType(t)) as GraphQLObjectType[];

describe('policy coverage', () => {
  it('classifies every object type', () => {
    const unclassified = objectTypes.map((t) => t.name).filter((n) => typeClass(n) === 'unclassified');
    expect(unclassified).toEqual([]);
  });

  it('has a cell for every query and mutation', () => {
    const missing = [
      ...Object.keys(schema.getQueryType()!.getFields()).filter((f) => !(f in queryPolicy)).map((f) => `Query.${f}`),
      ...Object.keys(schema.getMutationType()?.getFields() ?? {}).filter((f) => !(f in mutationPolicy)).map((f) => `Mutation.${f}`),
    ];
    expect(missing).toEqual([]);
  });

  it('has a cell for every field of every policy type', () => {
    const missing: string[] = [];
    for (const type of objectTypes.filter((t) => t.name in objectPolicies)) {
      const table = objectPolicies[type.name]!;
      for (const field of Object.keys(type.getFields())) if (!table[field] && !table['*']) missing.push(`${type.name}.${field}`);
    }
    expect(missing).toEqual([]);
  });

  it('gives every field of every type an explicit rule, so none falls back to deny by accident', () => {
    const tree = buildRuleTree(schema) as Record<string, Record<string, unknown>>;
    const missing: string[] = [];
    for (const type of objectTypes) for (const field of Object.keys(type.getFields())) if (!tree[type.name]?.[field]) missing.push(`${type.name}.${field}`);
    expect(missing).toEqual([]);
  });

  it('declares no cell for a field that does not exist', () => {
    const stale = [
      ...Object.keys(queryPolicy).filter((f) => !schema.getQueryType()!.getFields()[f]).map((f) => `Query.${f}`),
      ...Object.keys(mutationPolicy).filter((f) => !schema.getMutationType()?.getFields()[f]).map((f) => `Mutation.${f}`),
    ];
    expect(stale).toEqual([]);
  });
});

/**
 * Calls a served field's resolver directly, as the executor would, and says whether it refused:
 * raised or returned the policy's own refusal. A field without a resolver, or one failing for
 * any other reason, is not a refusal.
 */
async function refuses(field: GraphQLField<unknown, unknown>, typeName: string, ctx: object): Promise<boolean> {
  if (!field.resolve) return false;
  const info = { fieldName: field.name, parentType: { name: typeName }, path: { key: field.name, prev: undefined }, returnType: field.type } as unknown as GraphQLResolveInfo;
  const isRefusal = (e: unknown) => isHubError(e) && (e.code === 'FORBIDDEN' || e.code === 'CONSENT_REQUIRED');
  try {
    return isRefusal(await field.resolve({ id: 1, personId: 1 }, {}, ctx, info));
  } catch (e) {
    return isRefusal(e);
  }
}

const principal = (role: Role) => ({ role, clientId: 'walker', regions: [], insurer: null, institution: null });
const context = (role: Role | null) => ({ principal: role ? principal(role) : null, audit: new AuditCollector(), loaders: {} });

const isPublicType = (name: string) => (PUBLIC_TYPES as readonly string[]).includes(name) || name === 'BenefitPolicies';
const objectTypesOf = (served: GraphQLSchema) =>
  Object.values(served.getTypeMap()).filter((t) => isObjectType(t) && !isIntrospectionType(t)) as GraphQLObjectType[];

/** Fields of non-public types that resolve for an anonymous caller, on the given schema. */
async function resolvedForAnonymous(served: GraphQLSchema): Promise<string[]> {
  const resolved: string[] = [];
  for (const type of objectTypesOf(served)) {
    if (isPublicType(type.name)) continue;
    for (const field of Object.values(type.getFields())) {
      const root = type.name === 'Query' ? queryPolicy[field.name] : type.name === 'Mutation' ? mutationPolicy[field.name] : undefined;
      if (root === PUBLIC) continue;
      if (!(await refuses(field, type.name, context(null)))) resolved.push(`${type.name}.${field.name}`);
    }
  }
  return resolved;
}

/** Fields that resolve for a role their cell does not name, on the schema given for that role; and how many were checked. */
async function resolvedForUnnamedRoles(servedFor: (role: Role) => GraphQLSchema): Promise<{ resolved: string[]; checked: number }> {
  const resolved: string[] = [];
  let checked = 0;
  for (const role of ROLES) {
    for (const type of objectTypesOf(servedFor(role))) {
      const table = type.name === 'Query' ? queryPolicy : type.name === 'Mutation' ? mutationPolicy : objectPolicies[type.name];
      if (!table) continue;
      for (const field of Object.values(type.getFields())) {
        const cell = (table as Record<string, Cell | typeof PUBLIC | undefined>)[field.name] ?? (table as Record<string, Cell | undefined>)['*'];
        if (!cell || cell === PUBLIC || cell[role]) continue;
        checked++;
        if (!(await refuses(field, type.name, context(role)))) resolved.push(`${type.name}.${field.name} as ${role}`);
      }
    }
  }
  return { resolved, checked };
}

describe('the served schema for any caller, walked field by field', () => {
  const served = buildSchema();

  it('refuses an anonymous caller on every field that is not public', async () => {
    expect(await resolvedForAnonymous(served)).toEqual([]);
  });

  it('refuses every role on every field whose cell does not name it', async () => {
    const { resolved, checked } = await resolvedForUnnamedRoles(() => served);
    expect(checked).toBeGreaterThan(100);
    expect(resolved).toEqual([]);
  });
});

describe('the schema specialised for each caller, walked field by field', () => {
  it('refuses an anonymous caller on every field that is not public', async () => {
    expect(await resolvedForAnonymous(schemaFor(null))).toEqual([]);
  });

  it('refuses every role on every field whose cell does not name it', async () => {
    const { resolved, checked } = await resolvedForUnnamedRoles(schemaFor);
    expect(checked).toBeGreaterThan(100);
    expect(resolved).toEqual([]);
  });

  it('is the schema of the other callers too: the same types and fields for every caller', () => {
    const shape = (s: GraphQLSchema) => objectTypesOf(s).map((t) => `${t.name}(${Object.keys(t.getFields()).join(',')})`).sort();
    const canonical = shape(buildSchema());
    for (const caller of CALLERS) expect(shape(schemaFor(caller))).toEqual(canonical);
  });
});
