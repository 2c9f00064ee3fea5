import DataLoader from 'dataloader';
import { and, asc, eq, sql } from 'drizzle-orm';
import { prescriptionScope } from '../auth/scope.js';
import { drugs, prescriptionEvents, prescriptionItems, prescriptions } from '../db/schema/index.js';
import type { DrugRow } from '../institutions/loaders.js';
import type { Context } from '../server/context.js';
import { groupByKey, IDS, newestPerParent, perColumns, pickColumns, preparedByIds, preparedScoped, selectColumns } from '../server/loaders.js';

export type PrescriptionRow = typeof prescriptions.$inferSelect;
/** An item, with its drug when the read joined it (`itemsByPrescription`). */
export type PrescriptionItemRow = typeof prescriptionItems.$inferSelect & { drug?: DrugRow };
export type PrescriptionEventRow = typeof prescriptionEvents.$inferSelect;

const prescriptionsById = preparedScoped<PrescriptionRow>('prescriptions_by_id', (db, p, now) =>
  db.select().from(prescriptions).where(and(sql`${prescriptions.id} = any(${IDS})`, prescriptionScope(p, now))),
);

export async function loadPrescriptions(ctx: Context, ids: readonly number[]): Promise<PrescriptionRow[]> {
  if (ids.length === 0) return [];
  return prescriptionsById(ctx, { ids: [...ids] });
}

/** The newest `limit` + 1 prescriptions per person, issuer or dispenser (server/loaders.ts `newestPerParent`). */
export const prescriptionsByParent = newestPerParent<'personId' | 'issuerId' | 'dispenserId', PrescriptionRow>(
  'newest_prescriptions',
  prescriptions,
  prescriptions.id,
  { personId: prescriptions.personId, issuerId: prescriptions.issuerId, dispenserId: prescriptions.dispenserId },
  prescriptionScope,
);

// Items and events are reached only through a prescription already in the caller's scope. An
// item's drug (reference data, no row scope) comes in the same statement when the query selects
// it, instead of a statement and a loader call per item after the items.
const itemsOf = perColumns((columns) => perColumns((drugColumns) => preparedByIds<PrescriptionItemRow>('items_by_prescription', (db, ids) =>
  (drugColumns?.length === 0
    ? selectColumns(db, prescriptionItems, columns).from(prescriptionItems)
    : db.select({ ...pickColumns(prescriptionItems, columns), drug: pickColumns(drugs, drugColumns) }).from(prescriptionItems).innerJoin(drugs, eq(drugs.id, prescriptionItems.drugId))
  ).where(sql`${prescriptionItems.prescriptionId} = ${ids}`).orderBy(asc(prescriptionItems.id)) as never,
)));
const eventsOf = preparedByIds<PrescriptionEventRow>('events_by_prescription', (db, ids) =>
  db.select().from(prescriptionEvents).where(sql`${prescriptionEvents.prescriptionId} = ${ids}`).orderBy(asc(prescriptionEvents.id)),
);

/**
 * Items per prescription, of the columns given (server/loaders.ts `columnsFor`; null for whole
 * rows), each with its drug of `drugColumns` (null: the whole row; `[]`: no drug).
 */
export const itemsByPrescription = (ctx: Context, columns: readonly string[] | null = null, drugColumns: readonly string[] | null = []) => {
  const read = itemsOf(columns)(drugColumns);
  return new DataLoader<number, PrescriptionItemRow[]>(async (ids) => groupByKey(ids, await read(ctx.db, ids), (r) => r.prescriptionId));
};

export const eventsByPrescription = (ctx: Context) =>
  new DataLoader<number, PrescriptionEventRow[]>(async (ids) => groupByKey(ids, await eventsOf(ctx.db, ids), (r) => r.prescriptionId));
