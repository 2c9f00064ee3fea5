import { and, eq, gt, sql } from 'drizzle-orm';
import { personScope } from '../auth/scope.js';
import { accumulators, assistanceRecipients, persons } from '../db/schema/index.js';
import { keyset, pageWindow, toConnection, type PageArgs } from '../graphql/pagination.js';
import { principalOf, type Context } from '../server/context.js';
import { badInput } from '../server/errors.js';
import { beijingDate, beijingYear } from '../calendar.js';

export interface HighCostAlertRow {
  personId: number;
  year: number;
  inRangeSelfPay: number;
  threshold: number;
  categories: string[];
}

/** The alert threshold in fen: the argument when given, else HIGH_COST_THRESHOLD_YUAN. */
export function alertThreshold(ctx: Context, thresholdFen: number | null | undefined): number {
  return thresholdFen ?? Math.round(ctx.hub.config.HIGH_COST_THRESHOLD_YUAN * 100);
}

/**
 * The date recipient status is judged on: today for the current year, the year's last day for a
 * past one (who was a recipient when the year closed).
 */
export function asOfDate(year: number, now: Date): string {
  const today = beijingDate(now);
  const yearEnd = `${year}-12-31`;
  return yearEnd < today ? yearEnd : today;
}

/**
 * 高额医疗费用预警 for 因病致贫返贫 prevention: persons in the caller's regions who are assistance
 * recipients on the as-of date and whose in-range self-pay for the year — the 大病 qualifying
 * accumulator, i.e. the sum of S (政策范围内 amount the fund left to the person) over the year's
 * settlements, reversals already taken out — exceeds the threshold. One SQL statement per page.
 */
export async function listHighCostAlerts(ctx: Context, args: PageArgs & { year?: number | null; threshold?: number | null }) {
  const window = pageWindow(args);
  const thisYear = beijingYear(ctx.now);
  const year = args.year ?? thisYear;
  if (!Number.isInteger(year) || year < 1990 || year > thisYear) throw badInput('year', `Year is 1990–${thisYear}`);
  const threshold = alertThreshold(ctx, args.threshold);
  const asOf = asOfDate(year, ctx.now);
  // The categories held on the as-of date, once per row; the join drops rows holding none (null).
  const held = ctx.db
    .select({ categories: sql<string[]>`array_agg(distinct ${assistanceRecipients.category} order by ${assistanceRecipients.category})`.as('categories') })
    .from(assistanceRecipients)
    .where(and(
      eq(assistanceRecipients.personId, persons.id),
      sql`${assistanceRecipients.startDate} <= ${asOf}`,
      sql`(${assistanceRecipients.endDate} is null or ${assistanceRecipients.endDate} >= ${asOf})`,
    ))
    .as('held');
  const page = keyset(persons.id, window);
  const rows = await ctx.db
    .select({ personId: persons.id, inRangeSelfPay: accumulators.criticalQualifying, categories: held.categories })
    .from(accumulators)
    .innerJoin(persons, eq(persons.id, accumulators.personId))
    .innerJoinLateral(held, sql`${held.categories} is not null`)
    .where(and(
      eq(accumulators.year, year),
      gt(accumulators.criticalQualifying, threshold),
      personScope(principalOf(ctx), ctx.now),
      page.where,
    ))
    .orderBy(page.orderBy)
    .limit(page.limit);
  // The amounts are person-level data even when the person field is not selected.
  for (const r of rows) ctx.audit.reached(r.personId, 'Query.highCostAlerts');
  // Not `{ ...r, year, threshold }`: see docs/ARCHITECTURE.md on objects made by a spread.
  return toConnection(rows.map((r): HighCostAlertRow => Object.assign({}, r, { year, threshold })), window, (r) => r.personId);
}
