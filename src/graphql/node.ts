import { brandWithType } from '@pothos/core';
import { BenefitsNodes, InstitutionNodes, PeopleNodes, PrescriptionNodes } from './node-refs.js';
import { builder } from './builder.js';
import { decodeRowId } from './global-id.js';
import { badInput, notFound } from '../server/errors.js';
import type { Context } from '../server/context.js';

type Loadable = { getDataloader(ctx: Context): { load(id: number): Promise<unknown> } };

const NODE_TYPES: Record<string, Loadable> = {
  Person: PeopleNodes,
  Institution: InstitutionNodes,
  Prescription: PrescriptionNodes,
  Settlement: BenefitsNodes,
};

/** Decodes a Relay global id, naming the argument when it is not one of ours. */
function parseGlobalId(id: string): { typename: string; id: number } {
  const decoded = decodeRowId(id, Object.keys(NODE_TYPES));
  if (!decoded) throw badInput('id', 'Not a valid node id');
  return decoded;
}

builder.queryField('node', (t) =>
  t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: 'Any record by its global id, within the caller’s row scope (out of scope behaves as unknown).',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const { typename, id } = parseGlobalId(String(args.id));
      const row = await NODE_TYPES[typename]!.getDataloader(ctx).load(id);
      if (!row) throw notFound(typename, 'id');
      // The Node interface resolves a row's type from this brand.
      brandWithType(row, typename as never);
      return row as never;
    },
  }),
);
