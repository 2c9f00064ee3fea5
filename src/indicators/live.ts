/**
 * Live indicator values computed from the hub's own data, each as one SQL aggregate run in the
 * database: for a region and year, one statement per metric family (enrollment, settlement,
 * key group, institution), however many indicators and persons there are.
 *
 * Scoping: an aggregate is a region total, never a row, so every caller (anonymous included)
 * gets the same answer — the issue's "a region-bound role sees its regions' figures; the public
 * sees the targets and the aggregates only" read with the aggregates being public. What keeps
 * them from revealing a person is small-group suppression (ACCESS-POLICY.md "Indicators,
 * products, policies"): a value computed from person-level data is returned only when every
 * group of persons behind it — the numerator's and the denominator's, and for ratios of money
 * the distinct persons behind the sums — holds at least MIN_GROUP persons. An empty group is a
 * group below that size too (a 0 % or 100 % share tells something about every person counted).
 * Otherwise the value is null and `suppressed` is true: suppressed, never rounded. Institution
 * counts are not person-level and are never suppressed.
 */
import { and, count, eq, gt, gte, inArray, isNotNull, isNull, lte, ne, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/client.js';
import { assistanceRecipients, enrollments, institutions, persons, settlements } from '../db/schema/index.js';

/** The smallest group of persons an aggregate may stand on. */
export const MIN_GROUP = 10;

export type Family = 'enrollment' | 'settlement' | 'keyGroup' | 'institution';

/** The metrics the hub computes, each with the family of aggregates it reads. */
const FAMILY = {
  enrollment_rate: 'enrollment',
  enrollment_count: 'enrollment',
  employee_share: 'enrollment',
  employee_inpatient_fund_ratio: 'settlement',
  resident_inpatient_fund_ratio: 'settlement',
  outpatient_fund_ratio: 'settlement',
  critical_illness_ratio: 'settlement',
  assistance_ratio: 'settlement',
  cross_province_inpatient_direct_rate: 'settlement',
  key_group_enrollment_rate: 'keyGroup',
  drg_dip_coverage: 'institution',
  designated_institution_count: 'institution',
  designated_pharmacy_count: 'institution',
} as const satisfies Record<string, Family>;

export type LiveMetric = keyof typeof FAMILY;

/** Which settlements an assistance ratio covers, from the indicator's name. */
export type AssistanceScope = 'INPATIENT' | 'INPATIENT_CHRONIC' | 'OUTPATIENT_INPATIENT';

const ASSISTANCE_ENCOUNTERS: Record<AssistanceScope, string[]> = {
  INPATIENT: ['INPATIENT'],
  INPATIENT_CHRONIC: ['INPATIENT', 'CHRONIC_OUTPATIENT'],
  OUTPATIENT_INPATIENT: ['INPATIENT', 'CHRONIC_OUTPATIENT', 'OUTPATIENT'],
};

/** 重点救助对象 (key assistance recipients): 特困人员 and 低保对象, as the assistance policies read it. */
const KEY_RECIPIENT_CATEGORIES = ['EXTREME_POVERTY', 'SUBSISTENCE'];

/** An indicator's metric together with what its name adds to the definition. */
export type MetricSpec =
  | { metric: 'enrollment_count'; perUnit: number }
  | { metric: 'resident_inpatient_fund_ratio'; withCriticalIllness: boolean }
  | { metric: 'assistance_ratio'; scope: AssistanceScope }
  | { metric: Exclude<LiveMetric, 'enrollment_count' | 'resident_inpatient_fund_ratio' | 'assistance_ratio'> };

interface IndicatorShape {
  metric: string | null;
  name: string;
  unit: string | null;
  comparison: string;
}

const isLiveMetric = (m: string | null): m is LiveMetric => m !== null && Object.hasOwn(FAMILY, m);

/**
 * The computation an indicator row asks for, or null when the hub cannot compute it. The
 * documents name the same metric with different scopes, and the name says which: Putian's
 * resident ratio is "(含大病保险)" (critical-illness insurance included); Nantong's assistance
 * ratio covers "门诊住院" (outpatient and inpatient), Putian's "门诊慢特病和住院".
 */
export function metricSpec(row: IndicatorShape): MetricSpec | null {
  const metric = row.metric;
  if (!isLiveMetric(metric)) return null;
  if (metric === 'enrollment_count') return { metric, perUnit: row.unit === '万人' ? 10_000 : 1 };
  if (metric === 'resident_inpatient_fund_ratio') return { metric, withCriticalIllness: row.name.includes('含大病保险') };
  if (metric === 'assistance_ratio') {
    const scope = row.name.includes('门诊慢特病') ? 'INPATIENT_CHRONIC' : row.name.includes('门诊住院') ? 'OUTPATIENT_INPATIENT' : 'INPATIENT';
    return { metric, scope };
  }
  return { metric };
}

export const familyOf = (spec: MetricSpec): Family => FAMILY[spec.metric];

export const MEASURABILITIES = ['COMPUTED', 'REPORTED', 'NOT_MEASURABLE'] as const;
export type Measurability = (typeof MEASURABILITIES)[number];

const SETTLED_OF_YEAR = 'the year’s SETTLED settlements (by bill date) of the region';

const ASSISTANCE_SCOPE_NOTE: Record<AssistanceScope, string> = {
  INPATIENT: 'inpatient',
  INPATIENT_CHRONIC: 'inpatient and chronic/special-disease outpatient (门诊慢特病)',
  OUTPATIENT_INPATIENT: 'inpatient and outpatient (general and chronic/special-disease)',
};

/** The definition of a computed metric, in words, for `measurabilityNote`. */
function definition(spec: MetricSpec): string {
  switch (spec.metric) {
    case 'enrollment_rate':
      return 'Persons of the region (born by the end of the year) with an ACTIVE enrollment in the region for the year ÷ persons of the region.';
    case 'enrollment_count':
      return `Persons of the region with an ACTIVE enrollment in the region for the year${spec.perUnit === 10_000 ? ', in 万人 (10 000 persons)' : ''}.`;
    case 'employee_share':
      return 'ACTIVE 职工 (EMPLOYEE) enrollments ÷ all ACTIVE enrollments of the region’s persons for the year.';
    case 'employee_inpatient_fund_ratio':
      return `Σ fund paid ÷ Σ policy-range amount over ${SETTLED_OF_YEAR}, inpatient, EMPLOYEE scheme.`;
    case 'resident_inpatient_fund_ratio':
      return spec.withCriticalIllness
        ? `Σ (fund + critical-illness insurance paid) ÷ Σ policy-range amount over ${SETTLED_OF_YEAR}, inpatient, RESIDENT scheme.`
        : `Σ fund paid ÷ Σ policy-range amount over ${SETTLED_OF_YEAR}, inpatient, RESIDENT scheme.`;
    case 'outpatient_fund_ratio':
      return `Σ fund paid ÷ Σ policy-range amount over ${SETTLED_OF_YEAR}, general and chronic/special-disease outpatient, EMPLOYEE scheme.`;
    case 'critical_illness_ratio':
      return `Σ critical-illness insurance (大病保险) paid ÷ Σ in-range self-pay after the fund (policy-range − fund) over ${SETTLED_OF_YEAR}, RESIDENT scheme, on which critical-illness insurance paid. The bill that crosses the threshold counts whole, so the value slightly understates the segment ratios.`;
    case 'assistance_ratio':
      return `Σ medical assistance (医疗救助) paid ÷ Σ in-range self-pay left after the fund and critical-illness insurance (policy-range − fund − critical) over ${SETTLED_OF_YEAR}, ${ASSISTANCE_SCOPE_NOTE[spec.scope]}, of key recipients (特困 EXTREME_POVERTY, 低保 SUBSISTENCE) certified on the bill date: the share of what was left that assistance paid, as the assistance policies apply their ratio.`;
    case 'key_group_enrollment_rate':
      return 'Persons of the region certified as assistance recipients (any category) during the year with an ACTIVE enrollment for the year ÷ those recipients.';
    case 'cross_province_inpatient_direct_rate':
      return `Cross-province settlements ÷ all settlements over ${SETTLED_OF_YEAR}, inpatient. The hub sees only settlements made through it, i.e. settled directly; stays reimbursed by hand never reach it, so this is the cross-province share of direct inpatient settlements, a proxy for the documents’ rate.`;
    case 'drg_dip_coverage':
      return 'Level-2+ hospitals with an ACTIVE agreement paid by DRG or DIP ÷ all level-2+ hospitals with an ACTIVE agreement: a share of hospitals, not of spending. From the current register, so only for the current year (the hub keeps no agreement history).';
    case 'designated_institution_count':
      return 'Medical institutions (hospitals and primary care) with an ACTIVE agreement. From the current register, so only for the current year (the hub keeps no agreement history).';
    case 'designated_pharmacy_count':
      return 'Retail pharmacies with an ACTIVE agreement. From the current register, so only for the current year (the hub keeps no agreement history).';
  }
}

const SUPPRESSION_NOTE = ` Suppressed when any group of persons behind it is smaller than ${MIN_GROUP}.`;

/** Metrics the documents name but the hub has no data for. */
const UNSUPPORTED_NOTES: Record<string, string> = {
  direct_settlement_rate: 'Settlements between pharmaceutical companies and the fund do not pass through the hub; the figure comes from recorded observations.',
  cross_region_outpatient_direct_rate: 'The hub records only a cross-province flag, not out-of-area (异地) care within the province, and sees only settlements made through it; the figure comes from recorded observations.',
};

/** Whether the hub computes an indicator, takes it from recorded observations, or cannot measure it — and why. */
export function measurabilityOf(row: IndicatorShape): { measurability: Measurability; note: string } {
  const spec = metricSpec(row);
  if (spec) {
    const personLevel = familyOf(spec) !== 'institution';
    return { measurability: 'COMPUTED', note: definition(spec) + (personLevel ? SUPPRESSION_NOTE : '') };
  }
  if (row.comparison === 'QUALITATIVE') {
    return {
      measurability: 'NOT_MEASURABLE',
      note: 'A qualitative target: there is no number to compute or compare. A recorded observation stating attainment (已实现, 已完成, 已达到 …) marks it met.',
    };
  }
  const unsupported = row.metric ? UNSUPPORTED_NOTES[row.metric] : undefined;
  return {
    measurability: 'REPORTED',
    note: unsupported ?? 'The hub holds no data for this figure; it comes from observations recorded by MEDICAL_SECURITY or a lead department.',
  };
}

// ── Aggregates ──────────────────────────────────────────────────────────────────────────────

export interface EnrollmentAggregates {
  persons: number;
  active: number;
  employee: number;
}

/** Σ of a payer's share, Σ of its base, and the distinct persons behind both. */
export interface MoneySums {
  paid: number;
  base: number;
  persons: number;
}

export interface SettlementAggregates {
  employeeInpatient: MoneySums;
  residentInpatient: MoneySums;
  residentInpatientWithCritical: MoneySums;
  employeeOutpatient: MoneySums;
  residentCritical: MoneySums;
  assistance: Record<AssistanceScope, MoneySums>;
  inpatient: { settlements: number; persons: number };
  crossProvinceInpatient: { settlements: number; persons: number };
}

export interface KeyGroupAggregates {
  recipients: number;
  enrolled: number;
}

export interface InstitutionAggregates {
  medical: number;
  pharmacies: number;
  hospitals: number;
  drgDip: number;
}

export interface Aggregates {
  enrollment?: EnrollmentAggregates;
  settlement?: SettlementAggregates;
  keyGroup?: KeyGroupAggregates;
  institution?: InstitutionAggregates;
}

export interface AggregateRequest {
  region: string;
  year: number;
  families: readonly Family[];
  /** Today (YYYY-MM-DD): the register-based family exists only for the current year. */
  today: string;
}

const yearStart = (year: number) => `${year}-01-01`;
const yearEnd = (year: number) => `${year}-12-31`;
const num = (v: SQL) => v.mapWith(Number);

/** Persons of the region and their ACTIVE enrollments: one pass over the region's persons. */
function enrollmentQuery(db: Queryable, region: string, year: number) {
  const active = eq(enrollments.status, 'ACTIVE');
  return db
    .select({
      persons: count(),
      // person_id, not id: the region-year index covers every column read, so this is an index-only scan.
      active: num(sql`count(${enrollments.personId}) filter (where ${active})`),
      employee: num(sql`count(${enrollments.personId}) filter (where ${and(active, eq(enrollments.scheme, 'EMPLOYEE'))})`),
    })
    .from(persons)
    // (person_id, year) is unique: at most one enrollment joins each person.
    .leftJoin(enrollments, and(eq(enrollments.personId, persons.id), eq(enrollments.year, year), eq(enrollments.regionCode, region)))
    .where(and(eq(persons.regionCode, region), lte(persons.birthDate, yearEnd(year))));
}

async function enrollmentFamily(db: Queryable, region: string, year: number): Promise<EnrollmentAggregates> {
  const [row] = await enrollmentQuery(db, region, year);
  return row!;
}

/** Every settlement ratio of the year in one pass over the region's settlements of that year. */
function settlementQuery(db: Queryable, region: string, year: number) {
  const keyRecipient = db
    .select({ hit: sql<number>`1`.as('hit') })
    .from(assistanceRecipients)
    .where(
      and(
        eq(assistanceRecipients.personId, settlements.personId),
        inArray(assistanceRecipients.category, KEY_RECIPIENT_CATEGORIES),
        lte(assistanceRecipients.startDate, settlements.billDate),
        or(isNull(assistanceRecipients.endDate), gte(assistanceRecipients.endDate, settlements.billDate)),
      ),
    )
    .limit(1)
    .as('key_recipient');

  const inpatient = eq(settlements.encounterType, 'INPATIENT');
  const employee = eq(settlements.scheme, 'EMPLOYEE');
  const resident = eq(settlements.scheme, 'RESIDENT');
  const afterFund = sql`${settlements.policyRangeAmount} - ${settlements.fundPaid}`;
  const afterCritical = sql`${settlements.policyRangeAmount} - ${settlements.fundPaid} - ${settlements.criticalIllnessPaid}`;
  const sumIf = (expr: SQL | AnyPgColumn, where: SQL | undefined) => num(sql`coalesce(sum(${expr}) filter (where ${where}), 0)`);
  const personsIf = (where: SQL | undefined) => num(sql`count(distinct ${settlements.personId}) filter (where ${where})`);
  const sums = (paid: SQL | AnyPgColumn, base: SQL | AnyPgColumn, where: SQL | undefined) => ({
    paid: sumIf(paid, where),
    base: sumIf(base, where),
    persons: personsIf(where),
  });
  const assisted = (scope: AssistanceScope) =>
    sums(settlements.assistancePaid, afterCritical, and(isNotNull(keyRecipient.hit), inArray(settlements.encounterType, ASSISTANCE_ENCOUNTERS[scope])));
  const crossProvince = and(inpatient, eq(settlements.crossProvince, true));

  return db
    .select({
      employeeInpatient: sums(settlements.fundPaid, settlements.policyRangeAmount, and(employee, inpatient)),
      residentInpatient: sums(settlements.fundPaid, settlements.policyRangeAmount, and(resident, inpatient)),
      residentInpatientWithCritical: sums(
        sql`${settlements.fundPaid} + ${settlements.criticalIllnessPaid}`,
        settlements.policyRangeAmount,
        and(resident, inpatient),
      ),
      employeeOutpatient: sums(settlements.fundPaid, settlements.policyRangeAmount, and(employee, inArray(settlements.encounterType, ['OUTPATIENT', 'CHRONIC_OUTPATIENT']))),
      residentCritical: sums(settlements.criticalIllnessPaid, afterFund, and(resident, gt(settlements.criticalIllnessPaid, 0))),
      assistInpatient: assisted('INPATIENT'),
      assistInpatientChronic: assisted('INPATIENT_CHRONIC'),
      assistOutpatientInpatient: assisted('OUTPATIENT_INPATIENT'),
      inpatient: { settlements: num(sql`count(*) filter (where ${inpatient})`), persons: personsIf(inpatient) },
      crossProvinceInpatient: { settlements: num(sql`count(*) filter (where ${crossProvince})`), persons: personsIf(crossProvince) },
    })
    .from(settlements)
    .leftJoinLateral(keyRecipient, sql`true`)
    .where(
      and(
        eq(settlements.regionCode, region),
        gte(settlements.billDate, yearStart(year)),
        lte(settlements.billDate, yearEnd(year)),
        eq(settlements.status, 'SETTLED'),
      ),
    );
}

async function settlementFamily(db: Queryable, region: string, year: number): Promise<SettlementAggregates> {
  const [row] = await settlementQuery(db, region, year);
  const { assistInpatient, assistInpatientChronic, assistOutpatientInpatient, ...rest } = row!;
  return { ...rest, assistance: { INPATIENT: assistInpatient, INPATIENT_CHRONIC: assistInpatientChronic, OUTPATIENT_INPATIENT: assistOutpatientInpatient } };
}

/** Assistance recipients of the region during the year, and those of them enrolled. */
function keyGroupQuery(db: Queryable, region: string, year: number) {
  return db
    .select({
      recipients: num(sql`count(distinct ${assistanceRecipients.personId})`),
      enrolled: num(sql`count(distinct ${enrollments.personId})`),
    })
    .from(assistanceRecipients)
    .innerJoin(persons, eq(persons.id, assistanceRecipients.personId))
    .leftJoin(
      enrollments,
      and(
        eq(enrollments.personId, assistanceRecipients.personId),
        eq(enrollments.year, year),
        eq(enrollments.status, 'ACTIVE'),
        eq(enrollments.regionCode, region),
      ),
    )
    .where(
      and(
        eq(persons.regionCode, region),
        lte(assistanceRecipients.startDate, yearEnd(year)),
        or(isNull(assistanceRecipients.endDate), gte(assistanceRecipients.endDate, yearStart(year))),
      ),
    );
}

async function keyGroupFamily(db: Queryable, region: string, year: number): Promise<KeyGroupAggregates> {
  const [row] = await keyGroupQuery(db, region, year);
  return row!;
}

/** Designated institutions with an ACTIVE agreement, from the current register. */
function institutionQuery(db: Queryable, region: string) {
  const secondaryHospital = and(eq(institutions.kind, 'HOSPITAL'), gte(institutions.level, 2));
  return db
    .select({
      medical: num(sql`count(*) filter (where ${ne(institutions.kind, 'PHARMACY')})`),
      pharmacies: num(sql`count(*) filter (where ${eq(institutions.kind, 'PHARMACY')})`),
      hospitals: num(sql`count(*) filter (where ${secondaryHospital})`),
      drgDip: num(sql`count(*) filter (where ${and(secondaryHospital, inArray(institutions.paymentMethod, ['DRG', 'DIP']))})`),
    })
    .from(institutions)
    .where(and(eq(institutions.regionCode, region), eq(institutions.agreementStatus, 'ACTIVE')));
}

async function institutionFamily(db: Queryable, region: string): Promise<InstitutionAggregates> {
  const [row] = await institutionQuery(db, region);
  return row!;
}

/** Each family's statement for a region and year, unexecuted: the benchmark explains them to check their plans. */
export function aggregateStatements(db: Queryable, region: string, year: number): Record<Family, SQLWrapper> {
  return {
    enrollment: enrollmentQuery(db, region, year),
    settlement: settlementQuery(db, region, year),
    keyGroup: keyGroupQuery(db, region, year),
    institution: institutionQuery(db, region),
  };
}

/**
 * Runs the families a region's indicators need for a year, concurrently, one statement each.
 * The institution family reads today's register, so it runs for the current year only.
 */
export async function computeAggregates(db: Queryable, req: AggregateRequest): Promise<Aggregates> {
  const { region, year, families } = req;
  const wants = (f: Family) => families.includes(f);
  const [enrollment, settlement, keyGroup, institution] = await Promise.all([
    wants('enrollment') ? enrollmentFamily(db, region, year) : undefined,
    wants('settlement') ? settlementFamily(db, region, year) : undefined,
    wants('keyGroup') ? keyGroupFamily(db, region, year) : undefined,
    wants('institution') && year === Number(req.today.slice(0, 4)) ? institutionFamily(db, region) : undefined,
  ]);
  return { enrollment, settlement, keyGroup, institution };
}

// ── From aggregates to values (pure) ────────────────────────────────────────────────────────

export interface LiveValue {
  /** In the indicator's unit (percent for rates); null when suppressed or undefined (0 ÷ 0). */
  value: number | null;
  /** The day the figure describes: the end of the year, or today for the current year. */
  asOf: string;
  /** In the metric's own terms: persons, settlements, institutions, or fen for ratios of money. */
  numerator: number | null;
  denominator: number | null;
  suppressed: boolean;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** A ratio in percent over `groups` of persons (empty for institution counts). */
function ratio(numerator: number, denominator: number, groups: readonly number[], asOf: string): LiveValue {
  if (groups.some((g) => g < MIN_GROUP)) return { value: null, asOf, numerator: null, denominator: null, suppressed: true };
  return { value: denominator === 0 ? null : round4((numerator / denominator) * 100), asOf, numerator, denominator, suppressed: false };
}

function amount(total: number, perUnit: number, groups: readonly number[], asOf: string): LiveValue {
  if (groups.some((g) => g < MIN_GROUP)) return { value: null, asOf, numerator: null, denominator: null, suppressed: true };
  return { value: round4(total / perUnit), asOf, numerator: total, denominator: null, suppressed: false };
}

const moneyRatio = (s: MoneySums, asOf: string) => ratio(s.paid, s.base, [s.persons], asOf);

/** The live value of one indicator from its region's aggregates; null when its family was not computed. */
export function liveValue(spec: MetricSpec, agg: Aggregates, asOf: string): LiveValue | null {
  const { enrollment: e, settlement: s, keyGroup: k, institution: i } = agg;
  switch (spec.metric) {
    case 'enrollment_rate':
      return e ? ratio(e.active, e.persons, [e.active, e.persons], asOf) : null;
    case 'enrollment_count':
      return e ? amount(e.active, spec.perUnit, [e.active], asOf) : null;
    case 'employee_share':
      return e ? ratio(e.employee, e.active, [e.employee, e.active], asOf) : null;
    case 'employee_inpatient_fund_ratio':
      return s ? moneyRatio(s.employeeInpatient, asOf) : null;
    case 'resident_inpatient_fund_ratio':
      return s ? moneyRatio(spec.withCriticalIllness ? s.residentInpatientWithCritical : s.residentInpatient, asOf) : null;
    case 'outpatient_fund_ratio':
      return s ? moneyRatio(s.employeeOutpatient, asOf) : null;
    case 'critical_illness_ratio':
      return s ? moneyRatio(s.residentCritical, asOf) : null;
    case 'assistance_ratio':
      return s ? moneyRatio(s.assistance[spec.scope], asOf) : null;
    case 'cross_province_inpatient_direct_rate':
      return s
        ? ratio(s.crossProvinceInpatient.settlements, s.inpatient.settlements, [s.crossProvinceInpatient.persons, s.inpatient.persons], asOf)
        : null;
    case 'key_group_enrollment_rate':
      return k ? ratio(k.enrolled, k.recipients, [k.enrolled, k.recipients], asOf) : null;
    case 'drg_dip_coverage':
      return i ? ratio(i.drgDip, i.hospitals, [], asOf) : null;
    case 'designated_institution_count':
      return i ? amount(i.medical, 1, [], asOf) : null;
    case 'designated_pharmacy_count':
      return i ? amount(i.pharmacies, 1, [], asOf) : null;
  }
}

/** The day a year's figures describe: its last day, or today while it is running. */
export function asOfDay(year: number, today: string): string {
  const end = yearEnd(year);
  return end < today ? end : today;
}
