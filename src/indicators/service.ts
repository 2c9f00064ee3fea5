/**
 * Indicators (十四五 主要指标) of a region against their plan targets: the listing behind the
 * public `indicators` query and `npm run report`, their live values and status, and
 * `recordIndicatorObservation`.
 *
 * Every caller, anonymous included, gets the same answers: targets, observations and live values
 * are region figures, and live values are aggregates guarded by small-group suppression (see
 * live.ts), so nothing person-level is ever part of them.
 */
import { beijingDate, beijingYear } from '../calendar.js';
import { z } from 'zod';
import { indicatorObservations } from '../db/schema/index.js';
import { assertKnownRegions } from '../people/service.js';
import { principalOf, type Context } from '../server/context.js';
import { badInput, forbidden, notFound } from '../server/errors.js';
import { parseInput, text } from '../server/validate.js';
import { runWrite } from '../server/write.js';
import { mayRecordObservation } from './lead-departments.js';
import { asOfDay, familyOf, liveValue, measurabilityOf, metricSpec, type Family, type LiveValue } from './live.js';
import { findIndicatorByCode, indicatorsOfRegion, liveAggregates, observationsByIndicator, type IndicatorRow, type ObservationRow } from './loaders.js';
import { indicatorStatus, type Comparison, type IndicatorStatus } from './status.js';

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

/** An indicator as listed for a period: the row, the year its live value and status are for. */
export interface IndicatorItem {
  row: IndicatorRow;
  year: number;
  /** The metric families of the whole listing, so one listing computes its aggregates once. */
  families: readonly Family[];
}

/** The metric families a set of indicator rows needs. */
export function familiesOf(rows: readonly IndicatorRow[]): Family[] {
  const families = new Set<Family>();
  for (const row of rows) {
    const spec = metricSpec(row);
    if (spec) families.add(familyOf(spec));
  }
  return [...families];
}

// Local dates, as bills carry them: the year turns at midnight in Beijing, not in UTC.
const today = (ctx: Context) => beijingDate(ctx.now);

/** The period when none is asked for: the current year in Beijing. */
export const currentYear = (ctx: Context) => beijingYear(ctx.now);

/**
 * All indicators of a region in table order, for the period `year` (the current year by
 * default). Unknown regions and years outside 2000–2100 are input errors naming the argument.
 */
export async function listIndicators(ctx: Context, region: string, year?: number | null): Promise<IndicatorItem[]> {
  assertKnownRegions(ctx, [region], 'region');
  const period = year ?? currentYear(ctx);
  if (!Number.isInteger(period) || period < MIN_YEAR || period > MAX_YEAR) throw badInput('year', `Year must be between ${MIN_YEAR} and ${MAX_YEAR}`);
  const rows = await indicatorsOfRegion(ctx, region);
  const families = familiesOf(rows);
  return rows.map((row) => ({ row, year: period, families }));
}

export function observationsOf(ctx: Context, item: IndicatorItem): Promise<ObservationRow[]> {
  return ctx.loaders.get(observationsByIndicator).load(item.row.id);
}

/** The indicator's live value for its period, or null when the hub does not compute it. */
export async function liveValueOf(ctx: Context, item: IndicatorItem): Promise<LiveValue | null> {
  const spec = metricSpec(item.row);
  if (!spec) return null;
  const aggregates = await ctx.loaders.get(liveAggregates).load({ region: item.row.regionCode, year: item.year, families: item.families, today: today(ctx) });
  return liveValue(spec, aggregates, asOfDay(item.year, today(ctx)));
}

/** What a status was judged on. */
export interface Assessment {
  status: IndicatorStatus;
  evidence: { basis: 'LIVE' | 'OBSERVATION'; year: number; value: number | null; text: string | null } | null;
}

/**
 * The latest observation up to `year` (latest recorded within a year); for a numeric target
 * only observations with a number count.
 */
export function latestObservation(observations: readonly ObservationRow[], year: number, numeric: boolean): ObservationRow | null {
  let latest: ObservationRow | null = null;
  for (const o of observations) {
    if (o.year > year || (numeric && o.value === null)) continue;
    if (!latest || o.year > latest.year || (o.year === latest.year && o.recordedAt >= latest.recordedAt)) latest = o;
  }
  return latest;
}

/** The status for the item's period: on the live value, or, without one, on the latest observation. */
export async function assess(ctx: Context, item: IndicatorItem): Promise<Assessment> {
  const [live, observations] = await Promise.all([liveValueOf(ctx, item), observationsOf(ctx, item)]);
  const row = item.row;
  const comparison = row.comparison as Comparison;
  let evidence: Assessment['evidence'] = null;
  if (live?.value !== null && live?.value !== undefined) {
    evidence = { basis: 'LIVE', year: item.year, value: live.value, text: null };
  } else {
    const o = latestObservation(observations, item.year, comparison !== 'QUALITATIVE');
    if (o) evidence = { basis: 'OBSERVATION', year: o.year, value: o.value, text: o.valueText };
  }
  const status = indicatorStatus({ ...row, comparison }, evidence, item.year);
  return { status, evidence };
}

/** Everything the report shows of one indicator, from the same functions the GraphQL fields use. */
export interface ReportLine {
  row: IndicatorRow;
  live: LiveValue | null;
  assessment: Assessment;
  measurability: ReturnType<typeof measurabilityOf>;
}

/** A region's indicator report for a period (`npm run report`). */
export async function indicatorReport(ctx: Context, region: string, year?: number | null): Promise<ReportLine[]> {
  const items = await listIndicators(ctx, region, year);
  return Promise.all(
    items.map(async (item) => {
      const [live, assessment] = await Promise.all([liveValueOf(ctx, item), assess(ctx, item)]);
      return { row: item.row, live, assessment, measurability: measurabilityOf(item.row) };
    }),
  );
}

const RecordInput = z.object({
  indicatorCode: z
    .string()
    .trim()
    .regex(/^[A-Z]{2}-\d{2,3}$/, 'Indicator code is two capital letters, a dash and digits, e.g. NT-01'),
  year: z.number().int('Year is a whole number').min(MIN_YEAR, `Year must be ${MIN_YEAR} or later`).max(MAX_YEAR, `Year must be ${MAX_YEAR} or earlier`),
  valueText: text(200, 'The value as written'),
  // numeric(14, 4): ten digits before the point
  value: z.number().gt(-1e10, 'Value out of range').lt(1e10, 'Value out of range').nullish(),
});

/**
 * Records a figure for an indicator and year, as written and as a number. Allowed to
 * MEDICAL_SECURITY and to a lead department (牵头单位 / 责任部门) of the indicator, each only in
 * its own regions; anyone else gets FORBIDDEN and nothing is written.
 *
 * Idempotent on (indicator, year, recorder): the recorder is the calling client (`ROLE:clientId`,
 * so no client can collide with the documents' own `seed` rows), and recording again for the same
 * year replaces that client's figure — a corrected report supersedes the earlier one, while the
 * audit trail keeps every write. Other recorders' figures for the year stay as they are.
 */
export async function recordIndicatorObservation(ctx: Context, raw: z.input<typeof RecordInput>) {
  const input = parseInput(RecordInput, raw);
  const indicator = await findIndicatorByCode(ctx, input.indicatorCode);
  if (!indicator) throw notFound('Indicator', 'input.indicatorCode');
  const p = principalOf(ctx);
  if (!mayRecordObservation(p, indicator)) {
    throw forbidden('Only MEDICAL_SECURITY or a lead department of the indicator may record it, in its own regions');
  }
  const recordedBy = `${p.role}:${p.clientId}`;
  return runWrite(ctx, 'recordIndicatorObservation', async (tx) => {
    const values = { valueText: input.valueText, value: input.value ?? null, sourceFile: null, sourceTable: null, recordedAt: ctx.now };
    const [observation] = await tx
      .insert(indicatorObservations)
      .values({ indicatorId: indicator.id, year: input.year, recordedBy, ...values })
      .onConflictDoUpdate({ target: [indicatorObservations.indicatorId, indicatorObservations.year, indicatorObservations.recordedBy], set: values })
      .returning();
    const item: IndicatorItem = { row: indicator, year: input.year, families: familiesOf([indicator]) };
    return { result: { indicator: item, observation: observation! }, personIds: [] };
  });
}
