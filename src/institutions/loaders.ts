import DataLoader from 'dataloader';
import { and, asc, eq, gte, sql, type SQL } from 'drizzle-orm';
import { institutionScope } from '../auth/scope.js';
import { drugs, institutions, institutionViolations } from '../db/schema/index.js';
import { keysetOn, type PageWindow } from '../graphql/pagination.js';
import type { InstitutionFilterShape } from './service.js';
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

/**
 * The institution list's filters, each a condition on a placeholder of its own name, in the order
 * a statement's key lists them. Keyed by the GraphQL filter's fields, so a field added there
 * without a condition here fails to compile instead of being ignored.
 */
const FILTERS = {
  region: () => sql`${institutions.regionCode} = any(${sql.placeholder('region')}::varchar[])`,
  kind: () => eq(institutions.kind, sql.placeholder('kind')),
  level: () => eq(institutions.level, sql.placeholder('level')),
  agreementStatus: () => eq(institutions.agreementStatus, sql.placeholder('agreementStatus')),
  paymentMethod: () => eq(institutions.paymentMethod, sql.placeholder('paymentMethod')),
  crossProvinceLinked: () => eq(institutions.crossProvinceLinked, sql.placeholder('crossProvinceLinked')),
  minCreditScore: () => gte(institutions.creditScore, sql.placeholder('minCreditScore')),
} satisfies Record<keyof InstitutionFilterShape, () => SQL>;

export type InstitutionFilterName = keyof typeof FILTERS;
const FILTER_NAMES = Object.keys(FILTERS) as InstitutionFilterName[];

/** What shapes a page's statement: the filters given, the cursors given, the direction and the columns read. */
interface PageShape {
  filters: readonly InstitutionFilterName[];
  after: boolean;
  before: boolean;
  backward: boolean;
  columns: readonly string[] | null;
}

/**
 * A page of the institution list, prepared per scope and shape instead of built by drizzle on
 * every request: the filter values, cursors and limit are parameters.
 */
const institutionPage = preparedScoped<InstitutionRow, PageShape>(
  'institution_page',
  (db, p, _now, shape) => {
    const page = keysetOn(institutions.id, {
      after: shape.after ? sql.placeholder('after') : null, before: shape.before ? sql.placeholder('before') : null, backward: shape.backward,
    });
    return selectColumns(db, institutions, shape.columns)
      .from(institutions)
      .where(and(institutionScope(p), ...shape.filters.map((f) => FILTERS[f]()), page.where))
      .orderBy(page.orderBy)
      .limit(sql.placeholder('limit')) as never;
  },
  (s) => `${s.filters.join(',')}|${+s.after}${+s.before}${+s.backward}|${s.columns?.join(',') ?? '*'}`,
);

/**
 * The rows of a page (limit + 1, in the window's reading order) with the filters given by name
 * (`undefined` and `null` values are left out), reading the columns given (null: whole rows).
 */
export function readInstitutionPage(
  ctx: Context, filters: Partial<Record<InstitutionFilterName, unknown>>, window: PageWindow, columns: readonly string[] | null,
): Promise<InstitutionRow[]> {
  const given = FILTER_NAMES.filter((f) => filters[f] !== undefined && filters[f] !== null);
  const params: Record<string, unknown> = { limit: window.limit + 1, after: window.afterId, before: window.beforeId };
  for (const f of given) params[f] = filters[f];
  const shape = { filters: given, after: window.afterId !== null, before: window.beforeId !== null, backward: window.backward, columns };
  return institutionPage(ctx, params, shape);
}

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
