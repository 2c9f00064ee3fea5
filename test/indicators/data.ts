/**
 * Hand-built rows for the indicator tests: settlements with chosen splits (not run through the
 * engine, so each aggregate has a known answer), extra enrollments and institutions of a payment
 * method. The population generator is not loaded in tests: every person of a region is one of these.
 */
import { eq } from 'drizzle-orm';
import { beijingYear } from '../../src/calendar.js';
import type { Database } from '../../src/db/client.js';
import { enrollments, institutions, settlements } from '../../src/db/schema/index.js';
import type { Fixtures } from '../helpers/fixtures.js';

/** The year the tests' live values are for: the current one, so register-based metrics compute too. */
export const Y = beijingYear(new Date());

export interface SettlementSpec {
  personId: number;
  institutionId: number;
  region: string;
  scheme: 'EMPLOYEE' | 'RESIDENT';
  encounterType?: 'INPATIENT' | 'OUTPATIENT' | 'CHRONIC_OUTPATIENT' | 'PHARMACY';
  billDate?: string;
  policyRange: number;
  fund: number;
  critical?: number;
  assistance?: number;
  crossProvince?: boolean;
  status?: 'SETTLED' | 'REVERSED';
}

export function rows(database: Database, f: Fixtures) {
  const { db } = database;
  return {
    /** `n` persons of a region, each with one enrollment. */
    async persons(n: number, p: Parameters<Fixtures['person']>[0]) {
      const out = [];
      for (let i = 0; i < n; i++) out.push(await f.person(p));
      return out;
    },
    async enrollment(personId: number, region: string, year: number, status = 'ACTIVE', scheme = 'RESIDENT') {
      await db.insert(enrollments).values({ personId, regionCode: region, year, scheme, status, startDate: `${year}-01-01` });
    },
    async institution(f0: Parameters<Fixtures['institution']>[0] & { paymentMethod?: 'DRG' | 'DIP' | 'FEE_FOR_SERVICE' }) {
      const row = await f.institution(f0);
      if (f0?.paymentMethod) await db.update(institutions).set({ paymentMethod: f0.paymentMethod }).where(eq(institutions.id, row.id));
      return row;
    },
    async settlement(s: SettlementSpec) {
      const critical = s.critical ?? 0;
      const assistance = s.assistance ?? 0;
      const total = s.policyRange + 1_000;
      await db.insert(settlements).values({
        personId: s.personId, institutionId: s.institutionId, regionCode: s.region, scheme: s.scheme,
        encounterType: s.encounterType ?? 'INPATIENT', billDate: s.billDate ?? `${Y}-03-01`, settledAt: new Date(),
        crossProvince: s.crossProvince ?? false, totalAmount: total, policyRangeAmount: s.policyRange, classBPrepaid: 0,
        deductiblePaid: 0, fundPaid: s.fund, criticalIllnessPaid: critical, assistancePaid: assistance, commercialPaid: 0,
        selfPaid: total - s.fund - critical - assistance, computation: {}, status: s.status ?? 'SETTLED',
      });
    },
  };
}

export const INDICATORS = `query($region: String!, $year: Int) {
  indicators(region: $region, year: $year) {
    code name unit comparison targetValue targetYear baselineValue measurability measurabilityNote status
    live { value asOf numerator denominator suppressed }
    observations { year valueText value recordedBy source { file table } }
  }
}`;

export interface IndicatorResult {
  code: string;
  name: string;
  unit: string | null;
  comparison: string;
  targetValue: number | null;
  measurability: string;
  measurabilityNote: string;
  status: string;
  live: { value: number | null; asOf: string; numerator: number | null; denominator: number | null; suppressed: boolean } | null;
  observations: { year: number; valueText: string; value: number | null; recordedBy: string }[];
}
