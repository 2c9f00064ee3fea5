/**
 * Execution: each request runs on the schema specialised for its caller (auth/rules.ts
 * `applyPolicyFor`), and queries run compiled by graphql-jit, so that a field the caller may
 * read as a plain property costs a property read instead of a resolver call with its path and
 * info. Apollo Server still parses, validates, runs its plugins (limits, gate, audit, metrics)
 * and formats errors; it hands execution over through its gateway interface, its one extension
 * point for that.
 *
 * graphql-js checks the variables first, so a bad value gets the same error as everywhere else.
 * graphql-js also runs what graphql-jit may do differently: mutations (few, bound by their
 * writes); operations with input-object variables (graphql-jit drops the default of a non-null
 * input field, e.g. a bill item's `specialDrug: Boolean! = false`) or with a nullable variable
 * without default inside an input-object literal (graphql-jit puts null where graphql-js leaves
 * the field out or applies its default); operations with directives (graphql-jit keeps
 * `@skip`/`@include` conditions on the field nodes and joins those of a field reached twice);
 * operations where graphql-jit would hand one field's resolve info to another (see
 * `CONFUSABLE_KEY`); and a request whose operation
 * Apollo could not pick (graphql-js gives the error).
 */
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  execute, getNamedType, getVariableValues, GraphQLError, isInputObjectType, isNonNullType, Kind, typeFromAST, visit, type DocumentNode,
  type GraphQLSchema, type OperationDefinitionNode, type ValueNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { callerOf, type Caller } from '../auth/rules.js';
import type { Context } from './context.js';

/**
 * Response keys graphql-jit may confuse with others: it names each field's resolve info by its
 * response path joined with `_`, list levels as `idxN` and an interface's or union's object type by
 * its name, so `b_c { a }` and `c { a_b }` (or an alias `idx0`, or one named like a type) get the
 * same info, and the second field's nodes and arguments reach the first field's resolver (a loader
 * per field, or the columns read for a list, would follow them).
 */
const CONFUSABLE_KEY = /_|^idx\d+$/;

function confusableKey(schema: GraphQLSchema, key: string): boolean {
  return CONFUSABLE_KEY.test(key) || schema.getType(key) !== undefined;
}

/** Whether graphql-jit runs the operation as graphql-js would (see the module comment). */
function compilable(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean {
  if (operation.operation !== 'query') return false;
  let directives = false;
  let confusable = false;
  // Variables written inside an input-object literal (`filter: { region: [$region] }`).
  const inLiterals = new Set<string>();
  const collect = (value: ValueNode, inObject: boolean): void => {
    if (value.kind === Kind.VARIABLE && inObject) inLiterals.add(value.name.value);
    else if (value.kind === Kind.OBJECT) for (const field of value.fields) collect(field.value, true);
    else if (value.kind === Kind.LIST) for (const item of value.values) collect(item, inObject);
  };
  visit(document, {
    Directive: () => void (directives = true),
    Argument: (node) => collect(node.value, false),
    Field: (node) => {
      if (node.name.value !== '__typename' && confusableKey(schema, node.alias?.value ?? node.name.value)) confusable = true;
    },
  });
  if (directives || confusable) return false;
  return (operation.variableDefinitions ?? []).every((v) => {
    const type = typeFromAST(schema, v.type);
    if (type === undefined || isInputObjectType(getNamedType(type))) return false;
    return !inLiterals.has(v.variable.name.value) || isNonNullType(type) || v.defaultValue !== undefined;
  });
}

/**
 * graphql-jit's errors as graphql-js errors: Apollo reads `extensions`, which graphql-jit leaves
 * undefined when the original error has none, and it keeps locations without nodes.
 */
function upstreamError(error: GraphQLError): GraphQLError {
  const upstream = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions });
  if (error.locations) Object.assign(upstream, { locations: error.locations });
  return upstream;
}

/**
 * Compiled operations per parsed document, caller and operation name (null: run on graphql-js).
 * Apollo keeps one parsed document per query text in its bounded document store, so entries go
 * when their document does. graphql-jit annotates the field nodes it compiles, so it gets a copy
 * of the document, not the one Apollo shares between requests.
 */
function compiler(schemaFor: (caller: Caller) => GraphQLSchema) {
  const byDocument = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();
  return (document: DocumentNode, operation: OperationDefinitionNode, operationName: string | null, caller: Caller): CompiledQuery | null => {
    let compiled = byDocument.get(document);
    if (!compiled) byDocument.set(document, (compiled = new Map()));
    const key = `${caller ?? ''}\n${operationName ?? ''}`;
    let entry = compiled.get(key);
    if (entry === undefined) {
      const schema = schemaFor(caller);
      const result = compilable(schema, document, operation) ? compileQuery(schema, structuredClone(document), operationName ?? undefined) : null;
      entry = result && isCompiledQuery(result) ? result : null;
      compiled.set(key, entry);
    }
    return entry;
  };
}

/**
 * Apollo's gateway interface around the policy's per-caller schemas: `schema` is what Apollo
 * validates against; `executed` counts operations by executor (a metric).
 */
export function policyExecution(
  schema: GraphQLSchema, schemaFor: (caller: Caller) => GraphQLSchema, executed: (executor: 'compiled' | 'graphql-js') => void,
): GatewayInterface {
  const compile = compiler(schemaFor);
  const executor: GatewayExecutor = async (request) => {
    const ctx = request.context as Context;
    const caller = callerOf(ctx);
    const callerSchema = schemaFor(caller);
    const variables = request.request.variables ?? {};
    // Apollo passes no operation when the document's operations do not match the name asked for.
    const operation = request.operation as OperationDefinitionNode | undefined;
    const compiled = operation ? compile(request.document, operation, request.operationName, caller) : null;
    if (!compiled || !operation) {
      executed('graphql-js');
      return execute({ schema: callerSchema, document: request.document, operationName: request.operationName, contextValue: ctx, variableValues: variables });
    }
    const checked = getVariableValues(callerSchema, operation.variableDefinitions ?? [], variables);
    if (checked.errors) return { errors: checked.errors };
    executed('compiled');
    const result = await compiled.query(undefined, ctx, variables);
    return result.errors ? { ...result, errors: result.errors.map(upstreamError) } : result;
  };
  let announce: Parameters<GatewayInterface['onSchemaLoadOrUpdate']>[0] | null = null;
  return {
    onSchemaLoadOrUpdate(callback) {
      announce = callback;
      return () => {
        announce = null;
      };
    },
    async load() {
      // Apollo validates against this schema; each caller's specialised one has the same types.
      announce?.({ apiSchema: schema, coreSupergraphSdl: '' });
      return { executor };
    },
    async stop() {},
  };
}
