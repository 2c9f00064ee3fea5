import DataLoader from 'dataloader';
import { and, asc, eq, sql } from 'drizzle-orm';
import { institutionScope } from '../auth/scope.js';
import { drugs, institutions, institutionViolations } from '../db/schema/index.js';
import type { Context } from '../server/context.js';
import { byKey, groupByKey, IDS, perColumns, preparedByIds, preparedScoped, selectColumns } from '../server/loaders.js';

export type InstitutionRow = typeof institutions.$inferSelect;
export type ViolationRow = typeof institutionViolations.$inferSelect;
export type DrugRow = typeof drugs.$inferSelect;

const institutionsById = preparedScoped<InstitutionRow>('institutions_by_id', (db, p) =>
  db.select().from(institutions).where(and(sql`${institutions.id} = any(${IDS})`, institutionScope(p))),
);

const institutionByCode = preparedScoped<InstitutionRow>('institution_by_code', (db, p) =>
  db.select().from(institutions).where(and(eq(institutions.code, sql.placeholder('code')), institutionScope(p))),
);

export async function loadInstitutions(ctx: Context, ids: readonly number[]): Promise<InstitutionRow[]> {
  if (ids.length === 0) return [];
  return institutionsById(ctx, { ids: [...ids] });
}

export async function findInstitutionByCode(ctx: Context, code: string): Promise<InstitutionRow | null> {
  const [row] = await institutionByCode(ctx, { code });
  return row ?? null;
}

// Violations are reached only through an institution already in the caller's scope.
const violationsOf = preparedByIds<ViolationRow>('violations_by_institution', (db, ids) =>
  db.select().from(institutionViolations).where(sql`${institutionViolations.institutionId} = ${ids}`).orderBy(asc(institutionViolations.occurredOn)),
);

export const violationsByInstitution = (ctx: Context) =>
  new DataLoader<number, ViolationRow[]>(async (ids) =>
    groupByKey(
      ids,
      await violationsOf(ctx.db, ids),
      (r) => r.institutionId,
    ),
  );

const drugsOf = perColumns((columns) => preparedByIds<DrugRow>('drugs_by_id', (db, ids) =>
  selectColumns(db, drugs, columns).from(drugs).where(sql`${drugs.id} = ${ids}`) as never,
));

/** The drug catalogue is reference data: no row scope. */
export async function loadDrugs(ctx: Context, ids: readonly number[]): Promise<DrugRow[]> {
  if (ids.length === 0) return [];
  return drugsOf(null)(ctx.db, ids);
}

/** Drugs by id, of the columns given (server/loaders.ts `columnsFor`; null for whole rows). */
export const drugsById = (ctx: Context, columns: readonly string[] | null) => {
  const read = drugsOf(columns);
  return new DataLoader<number, DrugRow | null>(async (ids) => byKey(ids, await read(ctx.db, ids), (r) => r.id));
};
