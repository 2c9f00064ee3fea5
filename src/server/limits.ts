/**
 * Query limits for partners we do not control: graphql-armor's validation rules (depth, aliases,
 * tokens, directives, cost), and our own cost model that weighs lists by `first`/`last`, which
 * armor's flat cost cannot see. Introspection and field suggestions are for the bureau's own
 * clients only in production.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  getNamedType, isListType, isNonNullType, isObjectType, isInterfaceType, Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode,
  type GraphQLOutputType, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode, type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from '../graphql/pagination.js';
import type { Context } from './context.js';
import { HubError } from './errors.js';
import { selectedRootFields } from './gate.js';

export const LIMITS = {
  maxDepth: 12,
  maxAliases: 20,
  maxTokens: 4000,
  maxDirectives: 20,
  /** Armor's flat cost (objects and scalars, depth-weighted). */
  armorCost: 20_000,
  /** Our list-weighted cost: roughly the number of values a response could hold. */
  maxCost: 60_000,
  /** Assumed length of a plain (unpaged) list, e.g. a person's enrollments. */
  plainListSize: 10,
};

export function createArmor() {
  const armor = new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: LIMITS.maxAliases },
    maxTokens: { n: LIMITS.maxTokens },
    maxDirectives: { n: LIMITS.maxDirectives },
    costLimit: { maxCost: LIMITS.armorCost, ignoreIntrospection: true },
    // Suggestions are removed per role (bureau clients keep them) in `limitsPlugin`.
    blockFieldSuggestion: { enabled: false },
  });
  return armor.protect();
}

/** Armor's rejections, recognised by their messages, become QUERY_TOO_COMPLEX. */
export const ARMOR_REJECTION = /(Token limit of|Query Cost limit of|Aliases limit of|Directives limit of|Query depth limit of) \d+ exceeded/;

function argValue(node: ValueNode | undefined, w: Walk): unknown {
  if (!node) return undefined;
  if (node.kind === Kind.VARIABLE) return w.variable(node.name.value);
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.LIST) return node.values;
  return undefined;
}

interface Measure {
  cost: number;
  depth: number;
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variable(name: string): unknown;
}

/** How many items a list field may return, from its paging arguments. */
function listSize(field: FieldNode, type: GraphQLOutputType, w: Walk): number {
  const named = getNamedType(type);
  const paged = named.name.endsWith('Connection');
  const unwrapped = isNonNullType(type) ? type.ofType : type;
  if (!paged && !isListType(unwrapped)) return 1;
  // A gateway's `_entities` call returns one entity per representation it sends.
  const representations = argValue(field.arguments?.find((a) => a.name.value === 'representations')?.value, w);
  if (Array.isArray(representations)) return Math.max(1, Math.min(representations.length, 10_000));
  const first = argValue(field.arguments?.find((a) => a.name.value === 'first')?.value, w);
  const last = argValue(field.arguments?.find((a) => a.name.value === 'last')?.value, w);
  const n = typeof first === 'number' ? first : typeof last === 'number' ? last : paged ? DEFAULT_PAGE_SIZE : LIMITS.plainListSize;
  return Math.max(1, Math.min(n, 10_000));
}

/** Cost and depth of a selection on a parent type, following fragments (cycles are refused by validation). */
function measure(set: SelectionSetNode, parentName: string, w: Walk, depth = 0, seen = new Set<string>()): Measure {
  let cost = 0;
  let maxDepth = depth;
  const parent = w.schema.getType(parentName);
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      const name = sel.name.value;
      if (name === '__typename') continue;
      // Only real introspection fields are exempt; an operation or fragment merely named __schema is not.
      if (name === '__schema' || name === '__type') continue;
      const fieldDef = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
      if (!fieldDef) continue;
      let childCost = 0;
      let childDepth = depth + 1;
      if (sel.selectionSet) {
        const inner = measure(sel.selectionSet, getNamedType(fieldDef.type).name, w, depth + 1, seen);
        childCost = inner.cost;
        childDepth = inner.depth;
      }
      // A connection's size is counted on the connection field; its edges list repeats it.
      const size = parentName.endsWith('Connection') ? 1 : listSize(sel, fieldDef.type, w);
      cost += (1 + childCost) * size;
      maxDepth = Math.max(maxDepth, childDepth);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const inner = measure(sel.selectionSet, sel.typeCondition?.name.value ?? parentName, w, depth, seen);
      cost += inner.cost;
      maxDepth = Math.max(maxDepth, inner.depth);
    } else {
      const fragment = w.fragments.get(sel.name.value);
      if (!fragment || seen.has(fragment.name.value)) continue;
      const inner = measure(fragment.selectionSet, fragment.typeCondition.name.value, w, depth, new Set([...seen, fragment.name.value]));
      cost += inner.cost;
      maxDepth = Math.max(maxDepth, inner.depth);
    }
  }
  return { cost, depth: maxDepth };
}

/** A measured operation: the variables its paging arguments read, and its measure per their values. */
interface MeasuredOperation {
  reads: string[];
  byValues: Map<string, Measure>;
}

/** Measures kept per operation and per set of paging values; more than this and the set starts over. */
const MEASURES_PER_OPERATION = 64;

/** What a variable contributes to a measure: a number's value, a list's length, nothing else. */
const measuredValue = (v: unknown): string => (typeof v === 'number' ? String(v) : Array.isArray(v) ? `[${v.length}]` : '-');

/**
 * The measure of an operation, kept per schema, parsed document (Apollo hands the same object for
 * the same text) and operation: it depends on nothing else than the values of the variables the
 * walk reads, which are recorded on the first walk and make the key of every later one.
 */
function measureOperation(
  cache: WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, MeasuredOperation>>>,
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): Measure {
  let bySchema = cache.get(schema);
  if (!bySchema) cache.set(schema, (bySchema = new WeakMap()));
  let byOperation = bySchema.get(document);
  if (!byOperation) bySchema.set(document, (byOperation = new Map()));
  const name = operation.name?.value ?? '';
  const known = byOperation.get(name);
  const key = known?.reads.map((r) => measuredValue(variables[r])).join(',');
  const hit = key === undefined ? undefined : known!.byValues.get(key);
  if (hit) return hit;

  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const reads = new Set<string>();
  const variable = (n: string) => {
    reads.add(n);
    return variables[n];
  };
  const measured = measure(operation.selectionSet, operation.operation === 'mutation' ? 'Mutation' : 'Query', { schema, fragments, variable });
  const entry = known ?? { reads: [...reads], byValues: new Map<string, Measure>() };
  if (!known) byOperation.set(name, entry);
  if (entry.byValues.size >= MEASURES_PER_OPERATION) entry.byValues.clear();
  entry.byValues.set(entry.reads.map((r) => measuredValue(variables[r])).join(','), measured);
  return measured;
}

/** Root fields that describe the schema rather than data: the federation SDL counts as introspection. */
const INTROSPECTION_ROOTS = new Set(['__schema', '__type', '_service']);

const SUGGESTION = /\s*Did you mean[^?]*\?/g;

export function limitsPlugin(opts: { production: boolean }): ApolloServerPlugin<Context> {
  const measures = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, MeasuredOperation>>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation, request, schema }) {
          if (!operation) return;
          const { cost, depth } = measureOperation(measures, schema, document, operation, request.variables ?? {});
          if (cost > LIMITS.maxCost) throw new HubError('QUERY_TOO_COMPLEX', `Query is too expensive (cost ${cost}, limit ${LIMITS.maxCost}); ask for smaller pages`, { http: true });
          if (depth > LIMITS.maxDepth) throw new HubError('QUERY_TOO_COMPLEX', `Query is too deep (limit ${LIMITS.maxDepth})`, { http: true });
          // Root fields reached through inline or named fragments count as much as plain ones.
          if (opts.production && contextValue.principal?.role !== 'MEDICAL_SECURITY'
            && [...selectedRootFields(document, operation)].some((f) => INTROSPECTION_ROOTS.has(f))) {
            throw new HubError('FORBIDDEN', 'Introspection is not available to this client', { http: true });
          }
        },
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          if (contextValue.principal?.role === 'MEDICAL_SECURITY') return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((e) => ({ ...e, message: e.message.replace(SUGGESTION, '') }));
        },
      };
    },
  };
}
