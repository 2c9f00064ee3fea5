/**
 * Indicator rows and their observations are public reference data (ACCESS-POLICY.md
 * "Indicators, products, policies"): no row scope applies. Live values are region aggregates,
 * computed at most once per request for a region and year.
 */
import DataLoader from 'dataloader';
import { asc, eq, inArray } from 'drizzle-orm';
import { indicatorObservations, indicators } from '../db/schema/index.js';
import type { Context } from '../server/context.js';
import { groupByKey } from '../server/loaders.js';
import { computeAggregates, type AggregateRequest, type Aggregates } from './live.js';

export type IndicatorRow = typeof indicators.$inferSelect;
export type ObservationRow = typeof indicatorObservations.$inferSelect;

/** A region's indicators in the documents' table order. */
export function indicatorsOfRegion(ctx: Context, region: string): Promise<IndicatorRow[]> {
  return ctx.db.select().from(indicators).where(eq(indicators.regionCode, region)).orderBy(asc(indicators.position));
}

export async function findIndicatorByCode(ctx: Context, code: string): Promise<IndicatorRow | null> {
  const [row] = await ctx.db.select().from(indicators).where(eq(indicators.code, code));
  return row ?? null;
}

/** Observations per indicator, oldest year first, and within a year in the order recorded. */
export const observationsByIndicator = (ctx: Context) =>
  new DataLoader<number, ObservationRow[]>(async (ids) =>
    groupByKey(
      ids,
      await ctx.db
        .select()
        .from(indicatorObservations)
        .where(inArray(indicatorObservations.indicatorId, [...ids]))
        .orderBy(asc(indicatorObservations.year), asc(indicatorObservations.recordedAt), asc(indicatorObservations.id)),
      (r) => r.indicatorId,
    ),
  );

/** The aggregates behind live values; every indicator of one listing shares one key. */
const aggregateKey = (r: AggregateRequest) => `${r.region}:${r.year}:${r.today}:${[...r.families].sort().join(',')}`;

export const liveAggregates = (ctx: Context) =>
  new DataLoader<AggregateRequest, Aggregates, string>(
    (requests) => Promise.all(requests.map((r) => ctx.hub.indicatorAggregates.get(aggregateKey(r), () => computeAggregates(ctx.db, r)))),
    { cacheKeyFn: aggregateKey },
  );
