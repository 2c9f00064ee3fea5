/**
 * The hub as an Apollo Federation 2 subgraph: Person, Institution, Prescription and Settlement
 * are entities keyed by their global id. A reference is resolved by the same scoped loader as
 * node(), and the entity's fields keep their policy guards, so `_entities` reaches exactly what
 * node() reaches: same row scope, masking, consent and audit.
 */
import { graphqlSync, type GraphQLSchema } from 'graphql';
import { badInput } from '../server/errors.js';
import { builder } from './builder.js';
import { loadNode, NODE_TYPES, type NodeTypename } from './node.js';

export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.6';

/** The most representations one `_entities` call may carry: a gateway's batch for one page. */
export const MAX_REPRESENTATIONS = 500;

for (const typename of Object.keys(NODE_TYPES) as NodeTypename[]) {
  builder.asEntity(NODE_TYPES[typename] as never, {
    key: builder.selection<{ id: string }>('id'),
    resolveReference: async (ref: { id: string }, ctx) => (await loadNode(ctx, String(ref.id), [typename], 'representations')).row as never,
  });
}

/**
 * Checks an `_entities` call before any reference is loaded: at most MAX_REPRESENTATIONS, each
 * naming one of the entity types and an id. Anything else is the caller's mistake, not ours.
 */
export function checkRepresentations(schema: GraphQLSchema): GraphQLSchema {
  const field = schema.getQueryType()?.getFields()._entities;
  const resolve = field?.resolve;
  if (!field || !resolve) throw new Error('the subgraph schema has no _entities resolver');
  field.resolve = (root, args: { representations?: unknown[] }, ctx, info) => {
    const representations = args.representations ?? [];
    if (representations.length > MAX_REPRESENTATIONS) {
      throw badInput('representations', `At most ${MAX_REPRESENTATIONS} representations per request`);
    }
    for (const r of representations) {
      const { __typename: typename, id } = (r ?? {}) as { __typename?: unknown; id?: unknown };
      if (typeof typename !== 'string' || !(typename in NODE_TYPES) || typeof id !== 'string') {
        throw badInput('representations', `Each representation is { __typename, id } of one of: ${Object.keys(NODE_TYPES).join(', ')}`);
      }
    }
    return resolve(root, args, ctx, info);
  };
  return schema;
}

/** The subgraph SDL a gateway composes from (`_service { sdl }`): the schema with its federation directives. */
export function subgraphSdl(schema: GraphQLSchema): string {
  const result = graphqlSync({ schema, source: '{ _service { sdl } }' });
  const sdl = (result.data?._service as { sdl?: string } | undefined)?.sdl;
  if (!sdl) throw new Error('the subgraph schema did not print its SDL');
  return sdl;
}
