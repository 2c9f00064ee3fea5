import DataLoader from 'dataloader';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { institutionScope } from '../auth/scope.js';
import { drugs, institutions, institutionViolations } from '../db/schema/index.js';
import { principalOf, type Context } from '../server/context.js';
import { groupByKey } from '../server/loaders.js';

export type InstitutionRow = typeof institutions.$inferSelect;
export type ViolationRow = typeof institutionViolations.$inferSelect;
export type DrugRow = typeof drugs.$inferSelect;

export async function loadInstitutions(ctx: Context, ids: readonly number[]): Promise<InstitutionRow[]> {
  if (ids.length === 0) return [];
  return ctx.db.select().from(institutions).where(and(inArray(institutions.id, [...ids]), institutionScope(principalOf(ctx))));
}

export async function findInstitutionByCode(ctx: Context, code: string): Promise<InstitutionRow | null> {
  const [row] = await ctx.db.select().from(institutions).where(and(eq(institutions.code, code), institutionScope(principalOf(ctx))));
  return row ?? null;
}

export const violationsByInstitution = (ctx: Context) =>
  new DataLoader<number, ViolationRow[]>(async (ids) =>
    groupByKey(
      ids,
      await ctx.db.select().from(institutionViolations).where(inArray(institutionViolations.institutionId, [...ids])).orderBy(asc(institutionViolations.occurredOn)),
      (r) => r.institutionId,
    ),
  );

/** The drug catalogue is reference data: no row scope. */
export async function loadDrugs(ctx: Context, ids: readonly number[]): Promise<DrugRow[]> {
  if (ids.length === 0) return [];
  return ctx.db.select().from(drugs).where(inArray(drugs.id, [...ids]));
}
