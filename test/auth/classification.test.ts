/**
 * Deny by default holds only if nothing escapes the policy: every object type is classified,
 * every root field has a cell, and every field of every type resolves through a shield rule.
 */
import { isObjectType, isIntrospectionType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { mutationPolicy, objectPolicies, queryPolicy } from '../../src/auth/policy.js';
import { buildRuleTree, typeClass } from '../../src/auth/rules.js';
import { buildBareSchema } from '../../src/graphql/schema.js';

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
