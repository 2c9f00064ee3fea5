/**
 * Execution: each request runs on the schema specialised for its caller (auth/rules.ts
 * `applyPolicyFor`), and queries run compiled by graphql-jit, so that a field the caller may
 * read as a plain property costs a property read instead of a resolver call with its path and
 * info. Apollo Server still parses, validates, runs its plugins (limits, gate, audit, metrics)
 * and formats errors; it hands execution over through its gateway interface, its one extension
 * point for that.
 *
 * graphql-js stays in charge of variables: it coerces them first, so a bad value gets the same
 * error as everywhere else, and operations with input-object variables run on graphql-js
 * altogether (graphql-jit drops the default of a non-null input field, e.g. a bill item's
 * `specialDrug: Boolean! = false`). Mutations run on graphql-js too: they are few and bound by
 * their writes.
 */
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  execute, getNamedType, getVariableValues, GraphQLError, isInputObjectType, typeFromAST, type DocumentNode, type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Caller } from '../auth/rules.js';
import type { Context } from './context.js';

/** Whether graphql-jit may take the operation: a query whose variables are scalars, enums or lists of them. */
function compilable(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  if (operation.operation !== 'query') return false;
  return (operation.variableDefinitions ?? []).every((v) => {
    const type = typeFromAST(schema, v.type);
    return type !== undefined && !isInputObjectType(getNamedType(type));
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
 * when their document does.
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
      const result = compilable(schema, operation) ? compileQuery(schema, document, operationName ?? undefined) : null;
      entry = result && isCompiledQuery(result) ? result : null;
      compiled.set(key, entry);
    }
    return entry;
  };
}

/** Apollo's gateway interface around the policy's per-caller schemas: `schema` is what Apollo validates against. */
export function policyExecution(schema: GraphQLSchema, schemaFor: (caller: Caller) => GraphQLSchema): GatewayInterface {
  const compile = compiler(schemaFor);
  const executor: GatewayExecutor = async (request) => {
    const ctx = request.context as Context;
    const caller = ctx.principal?.role ?? null;
    const callerSchema = schemaFor(caller);
    const variables = request.request.variables ?? {};
    const compiled = compile(request.document, request.operation, request.operationName, caller);
    if (!compiled) {
      return execute({ schema: callerSchema, document: request.document, operationName: request.operationName, contextValue: ctx, variableValues: variables });
    }
    const coerced = getVariableValues(callerSchema, request.operation.variableDefinitions ?? [], variables);
    if (coerced.errors) return { errors: coerced.errors };
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
