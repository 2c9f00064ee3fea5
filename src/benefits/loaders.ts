import DataLoader from 'dataloader';
import { and, asc, desc, inArray } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { settlementScope } from '../auth/scope.js';
import { insuranceProducts, settlementItems, settlements } from '../db/schema/index.js';
import { principalOf, type Context } from '../server/context.js';
import { groupByKey, inNewestPerParent } from '../server/loaders.js';

export type SettlementRow = typeof settlements.$inferSelect;
export type SettlementItemRow = typeof settlementItems.$inferSelect;
export type ProductRow = typeof insuranceProducts.$inferSelect;

export async function loadSettlements(ctx: Context, ids: readonly number[]): Promise<SettlementRow[]> {
  if (ids.length === 0) return [];
  return ctx.db.select().from(settlements).where(and(inArray(settlements.id, [...ids]), settlementScope(principalOf(ctx), ctx.now)));
}

/** The newest `limit` + 1 settlements per parent, ranked in one statement (see prescriptionsByParent). */
export function settlementsByParent(ctx: Context, parent: AnyPgColumn, keyOf: (r: SettlementRow) => number, limit: number) {
  return new DataLoader<number, SettlementRow[]>(async (ids) => {
    const rows = await ctx.db
      .select()
      .from(settlements)
      .where(inNewestPerParent(settlements, settlements.id, parent, ids, settlementScope(principalOf(ctx), ctx.now), limit + 1))
      .orderBy(desc(settlements.id));
    return groupByKey(ids, rows, keyOf);
  });
}

export const itemsBySettlement = (ctx: Context) =>
  new DataLoader<number, SettlementItemRow[]>(async (ids) =>
    groupByKey(ids, await ctx.db.select().from(settlementItems).where(inArray(settlementItems.settlementId, [...ids])).orderBy(asc(settlementItems.id)), (r) => r.settlementId),
  );

/** Products are public reference data. */
export async function loadProducts(ctx: Context, ids: readonly number[]): Promise<ProductRow[]> {
  if (ids.length === 0) return [];
  return ctx.db.select().from(insuranceProducts).where(inArray(insuranceProducts.id, [...ids]));
}
