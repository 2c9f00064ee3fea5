import DataLoader from 'dataloader';
import { and, asc, desc, inArray, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { prescriptionScope } from '../auth/scope.js';
import { prescriptionEvents, prescriptionItems, prescriptions } from '../db/schema/index.js';
import { principalOf, type Context } from '../server/context.js';
import { groupByKey, inNewestPerParent, preparedByIds } from '../server/loaders.js';

export type PrescriptionRow = typeof prescriptions.$inferSelect;
export type PrescriptionItemRow = typeof prescriptionItems.$inferSelect;
export type PrescriptionEventRow = typeof prescriptionEvents.$inferSelect;

export async function loadPrescriptions(ctx: Context, ids: readonly number[]): Promise<PrescriptionRow[]> {
  if (ids.length === 0) return [];
  return ctx.db.select().from(prescriptions).where(and(inArray(prescriptions.id, [...ids]), prescriptionScope(principalOf(ctx), ctx.now)));
}

/**
 * The newest `limit` + 1 prescriptions per parent (person, issuer or dispenser) in one statement,
 * whatever the number of parents: one index range scan per parent (see inNewestPerParent).
 */
export function prescriptionsByParent(ctx: Context, parent: AnyPgColumn, keyOf: (r: PrescriptionRow) => number | null, limit: number) {
  return new DataLoader<number, PrescriptionRow[]>(async (ids) => {
    const rows = await ctx.db
      .select()
      .from(prescriptions)
      .where(inNewestPerParent(prescriptions, prescriptions.id, parent, ids, prescriptionScope(principalOf(ctx), ctx.now), limit + 1))
      .orderBy(desc(prescriptions.id));
    return groupByKey(ids, rows, keyOf);
  });
}

// Items and events are reached only through a prescription already in the caller's scope.
const itemsOf = preparedByIds<PrescriptionItemRow>('items_by_prescription', (db, ids) =>
  db.select().from(prescriptionItems).where(sql`${prescriptionItems.prescriptionId} = ${ids}`).orderBy(asc(prescriptionItems.id)),
);
const eventsOf = preparedByIds<PrescriptionEventRow>('events_by_prescription', (db, ids) =>
  db.select().from(prescriptionEvents).where(sql`${prescriptionEvents.prescriptionId} = ${ids}`).orderBy(asc(prescriptionEvents.id)),
);

export const itemsByPrescription = (ctx: Context) =>
  new DataLoader<number, PrescriptionItemRow[]>(async (ids) => groupByKey(ids, await itemsOf(ctx.db, ids), (r) => r.prescriptionId));

export const eventsByPrescription = (ctx: Context) =>
  new DataLoader<number, PrescriptionEventRow[]>(async (ids) => groupByKey(ids, await eventsOf(ctx.db, ids), (r) => r.prescriptionId));
