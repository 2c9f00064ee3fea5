import { brandWithType } from '@pothos/core';
import { BenefitsNodes, InstitutionNodes, PeopleNodes, PrescriptionNodes } from './node-refs.js';
import { builder } from './builder.js';
import { decodeRowId } from './global-id.js';
import { badInput, notFound } from '../server/errors.js';
import type { Context } from '../server/context.js';

type Loadable = { getDataloader(ctx: Context): { load(id: number): Promise<unknown> } };

/** The record types reachable by global id: through node() and as federation entities. */
export const NODE_TYPES = {
  Person: PeopleNodes,
  Institution: InstitutionNodes,
  Prescription: PrescriptionNodes,
  Settlement: BenefitsNodes,
} satisfies Record<string, Loadable>;

export type NodeTypename = keyof typeof NODE_TYPES;

/**
 * The row behind a global id, and its type, through the type's scoped loader: a record outside
 * the caller's row scope is as unknown as one that does not exist. `expected` narrows the types.
 */
export async function loadNode(ctx: Context, globalId: string, expected: readonly NodeTypename[], argument: string): Promise<{ typename: NodeTypename; row: object }> {
  const decoded = decodeRowId(globalId, expected);
  if (!decoded) throw badInput(argument, 'Not a valid node id');
  const typename = decoded.typename as NodeTypename;
  const row = await (NODE_TYPES[typename] as Loadable).getDataloader(ctx).load(decoded.id);
  if (!row) throw notFound(typename, argument);
  return { typename, row };
}

const ALL_NODE_TYPES = Object.keys(NODE_TYPES) as NodeTypename[];

builder.queryField('node', (t) =>
  t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: 'Any record by its global id, within the caller’s row scope (out of scope behaves as unknown).',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const { typename, row } = await loadNode(ctx, String(args.id), ALL_NODE_TYPES, 'id');
      // The Node interface resolves a row's type from this brand.
      brandWithType(row, typename as never);
      return row as never;
    },
  }),
);
