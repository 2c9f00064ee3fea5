import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { assertFilterable } from '../auth/filters.js';
import { personScope } from '../auth/scope.js';
import { assistanceRecipients, enrollments, persons } from '../db/schema/index.js';
import { keyset, pageWindow, toConnection, type PageArgs } from '../graphql/pagination.js';
import { principalOf, type Context } from '../server/context.js';
import { badInput } from '../server/errors.js';
import { beijingDate, beijingYear } from '../calendar.js';

export interface PersonFilterShape {
  region?: string[] | null;
  scheme?: string | null;
  enrollmentStatus?: string | null;
  enrollmentYear?: number | null;
  assistanceCategory?: string | null;
}

/** Checks region codes against the hub's pooling areas; unknown codes are an input error. */
export function assertKnownRegions(ctx: Context, codes: readonly string[], field: string): void {
  for (const code of codes) {
    if (!ctx.hub.regions.has(code)) throw badInput(field, `Unknown region code: ${code}`);
  }
}

export async function listPersons(ctx: Context, filter: PersonFilterShape, args: PageArgs) {
  const window = pageWindow(args);
  const p = principalOf(ctx);
  if (filter.assistanceCategory) assertFilterable(ctx, 'Person', { assistanceCategory: 'assistance' });
  if (filter.region) {
    if (filter.region.length > 50) throw badInput('filter.region', 'At most 50 region codes');
    assertKnownRegions(ctx, filter.region, 'filter.region');
  }
  const conditions: (SQL | undefined)[] = [personScope(p, ctx.now)];
  if (filter.region?.length) conditions.push(inArray(persons.regionCode, filter.region));
  if (filter.scheme || filter.enrollmentStatus || filter.enrollmentYear) {
    const year = filter.enrollmentYear ?? beijingYear(ctx.now);
    if (year < 1990 || year > 2100) throw badInput('filter.enrollmentYear', 'Enrollment year out of range');
    conditions.push(
      sql`exists (select 1 from ${enrollments} where ${and(
        eq(enrollments.personId, persons.id),
        eq(enrollments.year, year),
        filter.scheme ? eq(enrollments.scheme, filter.scheme) : undefined,
        filter.enrollmentStatus ? eq(enrollments.status, filter.enrollmentStatus) : undefined,
      )})`,
    );
  }
  if (filter.assistanceCategory) {
    conditions.push(
      sql`exists (select 1 from ${assistanceRecipients} where ${and(
        eq(assistanceRecipients.personId, persons.id),
        eq(assistanceRecipients.category, filter.assistanceCategory),
        sql`${assistanceRecipients.startDate} <= ${beijingDate(ctx.now)}`,
        sql`(${assistanceRecipients.endDate} is null or ${assistanceRecipients.endDate} >= ${beijingDate(ctx.now)})`,
      )})`,
    );
  }
  const page = keyset(persons.id, window);
  const rows = await ctx.db
    .select()
    .from(persons)
    .where(and(...conditions, page.where))
    .orderBy(page.orderBy)
    .limit(page.limit);
  return toConnection(rows, window, (r) => r.id);
}
