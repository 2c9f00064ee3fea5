/**
 * Loads the seed data: the reference data transcribed from the source documents (regions,
 * indicators, benefit policies, 惠民保 products) and then the generated population.
 */
import { count } from 'drizzle-orm';
import type { Database } from '../src/db/client.js';
import {
  assistancePolicies, benefitPolicies, criticalIllnessPolicies, indicatorObservations, indicators, insuranceProducts, insurers,
  persons, regions,
} from '../src/db/schema/index.js';
import { generateData, type GeneratedSummary } from './generate.js';
import { indicatorSeeds } from './indicators.js';
import { assistancePolicySeeds, benefitPolicySeeds, criticalIllnessPolicySeeds, insurerSeeds, productSeeds } from './policies.js';
import { regionSeeds } from './regions.js';
import { seedSettlements } from './settlements.js';

const source = (s: { source: { file: string; note: string } | null; isDefault: boolean }) => ({
  sourceFile: s.source?.file ?? null,
  sourceNote: s.source?.note ?? null,
  isDefault: s.isDefault,
});

/** Inserts the documents' reference data once; a database that has regions already is left alone. */
export async function loadReferenceData(database: Database): Promise<boolean> {
  const { db } = database;
  const [existing] = await db.select({ n: count() }).from(regions);
  if ((existing?.n ?? 0) > 0) return false;
  await db.transaction(async (tx) => {
    await tx.insert(regions).values([...regionSeeds]);
    for (const [position, s] of indicatorSeeds.entries()) {
      const [row] = await tx
        .insert(indicators)
        .values({
          code: s.code, regionCode: s.region, metric: s.metric, category: s.category, name: s.name, nameEn: s.nameEn, unit: s.unit,
          baselineYear: s.baselineYear, baselineText: s.baselineText, baselineValue: s.baselineValue,
          targetYear: s.targetYear, targetText: s.targetText, targetValue: s.targetValue, targetValueHigh: s.targetValueHigh,
          comparison: s.comparison, attribute: s.attribute, leadDepartments: s.leadDepartments,
          sourceFile: s.source.file, sourceTable: s.source.table, position,
        })
        .returning({ id: indicators.id });
      if (s.observations.length) {
        await tx.insert(indicatorObservations).values(
          s.observations.map((o) => ({
            indicatorId: row!.id, year: o.year, valueText: o.text, value: o.value,
            sourceFile: o.source.file, sourceTable: o.source.table, recordedBy: 'seed',
          })),
        );
      }
    }
    await tx.insert(benefitPolicies).values(
      benefitPolicySeeds.map((p) => ({
        regionCode: p.regionCode, scheme: p.scheme, year: p.year, encounterType: p.encounterType, institutionLevel: p.institutionLevel,
        deductible: p.deductible, ratio: p.ratio, classBSelfPayShare: p.classBSelfPayShare, annualCap: p.annualCap, ...source(p),
      })),
    );
    await tx.insert(criticalIllnessPolicies).values(
      criticalIllnessPolicySeeds.map((p) => ({
        regionCode: p.regionCode, scheme: p.scheme, year: p.year, threshold: p.threshold, segments: [...p.segments],
        annualCap: p.annualCap, thresholdFactor: p.thresholdFactor, ratioBonus: p.ratioBonus, ...source(p),
      })),
    );
    await tx.insert(assistancePolicies).values(
      assistancePolicySeeds.map((p) => ({
        regionCode: p.regionCode, year: p.year, category: p.category, ratio: p.ratio, annualCap: p.annualCap,
        subsidyAmount: p.subsidyAmount, ...source(p),
      })),
    );
    await tx.insert(insurers).values(insurerSeeds.map((i) => ({ code: i.code, name: i.name })));
    await tx.insert(insuranceProducts).values(
      productSeeds.map((p) => ({
        code: p.code, insurerCode: p.insurerCode, name: p.name, regionCode: p.regionCode, year: p.year, startDate: p.startDate,
        endDate: p.endDate, premium: p.premium, deductibleIn: p.deductibleIn, deductibleOut: p.deductibleOut, ratioIn: p.ratioIn,
        ratioOut: p.ratioOut, ratioSpecialDrug: p.ratioSpecialDrug, annualCap: p.annualCap,
        coveredEncounterTypes: [...p.coveredEncounterTypes], status: p.status, ...source(p),
      })),
    );
  });
  return true;
}

export interface SeedOptions {
  persons: number;
  seed?: number;
  onProgress?: (msg: string) => void;
  /** Persons per chunk of the settlement load (default 5,000). Does not change the rows. */
  settlementChunkSize?: number;
}

/** Reference data, then the generated population when the database has no persons yet. */
export async function seedDatabase(database: Database, opts: SeedOptions): Promise<GeneratedSummary | null> {
  await loadReferenceData(database);
  const [existing] = await database.db.select({ n: count() }).from(persons);
  if ((existing?.n ?? 0) > 0 || opts.persons === 0) return null;
  const products = await database.db
    .select({ id: insuranceProducts.id, insurerCode: insuranceProducts.insurerCode, regionCode: insuranceProducts.regionCode, year: insuranceProducts.year })
    .from(insuranceProducts);
  const summary = await generateData(database, { persons: opts.persons, seed: opts.seed, products, onProgress: opts.onProgress });
  // The persons were loaded into an empty database just now: the settlements may load the same way.
  await seedSettlements(database, {
    seed: summary.seed, asOf: summary.asOf, onProgress: opts.onProgress, chunkSize: opts.settlementChunkSize, deferForeignKeys: true,
  });
  return summary;
}
