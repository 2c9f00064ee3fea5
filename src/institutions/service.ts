import { and, eq, ilike } from 'drizzle-orm';
import { assertFilterable } from '../auth/filters.js';
import { drugs } from '../db/schema/index.js';
import { keyset, pageWindow, toConnection, type PageArgs } from '../graphql/pagination.js';
import { assertKnownRegions } from '../people/service.js';
import type { Context } from '../server/context.js';
import { badInput } from '../server/errors.js';
import { readInstitutionPage } from './loaders.js';

export interface InstitutionFilterShape {
  region?: string[] | null;
  kind?: string | null;
  level?: number | null;
  agreementStatus?: string | null;
  paymentMethod?: string | null;
  crossProvinceLinked?: boolean | null;
  minCreditScore?: number | null;
}

/** A page of the designated list in the caller's scope, reading the columns given (null: whole rows). */
export async function listInstitutions(ctx: Context, filter: InstitutionFilterShape, args: PageArgs, columns: readonly string[] | null = null) {
  const window = pageWindow(args);
  if (filter.region) assertKnownRegions(ctx, filter.region, 'filter.region');
  if (filter.level !== null && filter.level !== undefined && ![1, 2, 3].includes(filter.level)) {
    throw badInput('filter.level', 'Institution level is 1, 2 or 3');
  }
  if (filter.minCreditScore !== null && filter.minCreditScore !== undefined) {
    assertFilterable(ctx, 'Institution', { minCreditScore: 'creditScore' });
  }
  const rows = await readInstitutionPage(ctx, { ...filter, region: filter.region?.length ? filter.region : null }, window, columns);
  return toConnection(rows, window, (r) => r.id);
}

export interface DrugFilterShape {
  name?: string | null;
  itemClass?: string | null;
  dualChannel?: boolean | null;
  specialDrug?: boolean | null;
}

export async function listDrugs(ctx: Context, filter: DrugFilterShape, args: PageArgs) {
  const window = pageWindow(args);
  if (filter.name && filter.name.length > 50) throw badInput('filter.name', 'Name filter is at most 50 characters');
  const page = keyset(drugs.id, window);
  const rows = await ctx.db
    .select()
    .from(drugs)
    .where(
      and(
        filter.name ? ilike(drugs.name, `%${filter.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
        filter.itemClass ? eq(drugs.itemClass, filter.itemClass) : undefined,
        filter.dualChannel !== null && filter.dualChannel !== undefined ? eq(drugs.dualChannel, filter.dualChannel) : undefined,
        filter.specialDrug !== null && filter.specialDrug !== undefined ? eq(drugs.specialDrug, filter.specialDrug) : undefined,
        page.where,
      ),
    )
    .orderBy(page.orderBy)
    .limit(page.limit);
  return toConnection(rows, window, (r) => r.id);
}
