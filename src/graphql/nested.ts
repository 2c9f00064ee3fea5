import type DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../server/context.js';
import { badInput } from '../server/errors.js';
import { pageWindow, toConnection } from './pagination.js';

/**
 * A connection nested under each row of a list (a person's settlements, an institution's
 * prescriptions): one batched statement per path, whatever the page size, unless the parent was
 * read with the page already (`prefetched`, the newest `limit` + 1 rows). It takes `first` only;
 * deeper paging goes through the top-level list with a filter and `after`.
 */
export async function nestedConnection<T extends { id: number }>(
  ctx: Context,
  info: GraphQLResolveInfo,
  args: { first?: number | null; after?: string | null; last?: number | null; before?: string | null },
  parentId: number,
  make: (limit: number) => DataLoader<number, T[]>,
  prefetched?: { limit: number; rows: T[] },
) {
  if (args.after || args.before || args.last) throw badInput('after', 'Nested connections take first only; page through the top-level list');
  const window = pageWindow({ first: args.first });
  const rows = prefetched?.limit === window.limit ? prefetched.rows : await ctx.loaders.forField(info, () => make(window.limit)).load(parentId);
  return toConnection([...rows], window, (r) => r.id);
}
