import DataLoader from 'dataloader';
import { and, asc, inArray, sql } from 'drizzle-orm';
import { settlementScope } from '../auth/scope.js';
import { insuranceProducts, settlementItems, settlements } from '../db/schema/index.js';
import type { Context } from '../server/context.js';
import { groupByKey, IDS, newestPerParent, preparedScoped } from '../server/loaders.js';

export type SettlementRow = typeof settlements.$inferSelect;
export type SettlementItemRow = typeof settlementItems.$inferSelect;
export type ProductRow = typeof insuranceProducts.$inferSelect;

const settlementsById = preparedScoped<SettlementRow>('settlements_by_id', (db, p, now) =>
  db.select().from(settlements).where(and(sql`${settlements.id} = any(${IDS})`, settlementScope(p, now))),
);

export async function loadSettlements(ctx: Context, ids: readonly number[]): Promise<SettlementRow[]> {
  if (ids.length === 0) return [];
  return settlementsById(ctx, { ids: [...ids] });
}

/** The newest `limit` + 1 settlements per person or institution (server/loaders.ts `newestPerParent`). */
export const settlementsByParent = newestPerParent<'personId' | 'institutionId', SettlementRow>(
  'newest_settlements',
  settlements,
  settlements.id,
  { personId: settlements.personId, institutionId: settlements.institutionId },
  settlementScope,
);

export const itemsBySettlement = (ctx: Context) =>
  new DataLoader<number, SettlementItemRow[]>(async (ids) =>
    groupByKey(ids, await ctx.db.select().from(settlementItems).where(inArray(settlementItems.settlementId, [...ids])).orderBy(asc(settlementItems.id)), (r) => r.settlementId),
  );

/** Products are public reference data. */
export async function loadProducts(ctx: Context, ids: readonly number[]): Promise<ProductRow[]> {
  if (ids.length === 0) return [];
  return ctx.db.select().from(insuranceProducts).where(inArray(insuranceProducts.id, [...ids]));
}
