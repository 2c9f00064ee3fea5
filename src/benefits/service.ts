import { and, asc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { settlementScope } from '../auth/scope.js';
import {
  assistancePolicies, benefitPolicies, criticalIllnessPolicies, institutions, insuranceProducts, insurers, settlements,
} from '../db/schema/index.js';
import { keyset, pageWindow, toConnection, type PageArgs } from '../graphql/pagination.js';
import { assertKnownRegions } from '../people/service.js';
import { principalOf, type Context } from '../server/context.js';
import { badInput } from '../server/errors.js';

export interface SettlementFilterShape {
  region?: string[] | null;
  institutionCode?: string | null;
  encounterType?: string | null;
  status?: string | null;
  billDateFrom?: string | null;
  billDateTo?: string | null;
}

export async function listSettlements(ctx: Context, filter: SettlementFilterShape, args: PageArgs) {
  const window = pageWindow(args);
  if (filter.region) assertKnownRegions(ctx, filter.region, 'filter.region');
  if (filter.institutionCode && !/^[HP]\d{11}$/.test(filter.institutionCode)) {
    throw badInput('filter.institutionCode', 'Institution code is H or P followed by 11 digits');
  }
  const conditions: (SQL | undefined)[] = [
    settlementScope(principalOf(ctx), ctx.now),
    filter.region?.length ? inArray(settlements.regionCode, filter.region) : undefined,
    filter.institutionCode
      ? eq(settlements.institutionId, sql`(select ${institutions.id} from ${institutions} where ${institutions.code} = ${filter.institutionCode})`)
      : undefined,
    filter.encounterType ? eq(settlements.encounterType, filter.encounterType) : undefined,
    filter.status ? eq(settlements.status, filter.status) : undefined,
    filter.billDateFrom ? gte(settlements.billDate, filter.billDateFrom) : undefined,
    filter.billDateTo ? lte(settlements.billDate, filter.billDateTo) : undefined,
  ];
  const page = keyset(settlements.id, window);
  const rows = await ctx.db.select().from(settlements).where(and(...conditions, page.where)).orderBy(page.orderBy).limit(page.limit);
  return toConnection(rows, window, (r) => r.id);
}

function checkRegion(ctx: Context, region: string | null | undefined): void {
  if (region) assertKnownRegions(ctx, [region], 'region');
}

export async function listProducts(ctx: Context, region: string | null | undefined) {
  checkRegion(ctx, region);
  return ctx.db
    .select({ product: insuranceProducts, insurerName: insurers.name })
    .from(insuranceProducts)
    .innerJoin(insurers, eq(insurers.code, insuranceProducts.insurerCode))
    .where(region ? eq(insuranceProducts.regionCode, region) : undefined)
    .orderBy(asc(insuranceProducts.regionCode), asc(insuranceProducts.year), asc(insuranceProducts.code));
}

export async function listBenefitPolicies(ctx: Context, region: string, year: number) {
  checkRegion(ctx, region);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badInput('year', 'Year out of range');
  const [basic, critical, assistance] = await Promise.all([
    ctx.db
      .select()
      .from(benefitPolicies)
      .where(and(eq(benefitPolicies.regionCode, region), eq(benefitPolicies.year, year)))
      .orderBy(asc(benefitPolicies.scheme), asc(benefitPolicies.encounterType), asc(benefitPolicies.institutionLevel)),
    ctx.db
      .select()
      .from(criticalIllnessPolicies)
      .where(and(eq(criticalIllnessPolicies.regionCode, region), eq(criticalIllnessPolicies.year, year)))
      .orderBy(asc(criticalIllnessPolicies.scheme)),
    ctx.db
      .select()
      .from(assistancePolicies)
      .where(and(eq(assistancePolicies.regionCode, region), eq(assistancePolicies.year, year)))
      .orderBy(asc(assistancePolicies.category)),
  ]);
  return { region, year, basic, critical, assistance };
}
