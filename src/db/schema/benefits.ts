import { boolean, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, unique, varchar } from 'drizzle-orm/pg-core';
import { createdAt, moneyColumn, regionCode } from './common.js';
import { institutions } from './institutions.js';
import { persons } from './people.js';
import { regions } from './regions.js';

const ratio = (name: string) => numeric(name, { precision: 6, scale: 4, mode: 'number' });
const sourceColumns = () => ({
  sourceFile: text('source_file'),
  sourceNote: text('source_note'),
  /** True where no source document states the figure and a realistic default stands in. */
  isDefault: boolean('is_default').notNull(),
});

/** 统筹基金 (basic-insurance fund) parameters per region × scheme × year × encounter type × level. */
export const benefitPolicies = pgTable(
  'benefit_policies',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    regionCode: regionCode().notNull().references(() => regions.code),
    scheme: varchar('scheme', { length: 10 }).notNull(),
    year: integer('year').notNull(),
    encounterType: varchar('encounter_type', { length: 20 }).notNull(),
    /** Institution level 1–3; null for pharmacies. */
    institutionLevel: integer('institution_level'),
    deductible: moneyColumn('deductible', { mode: 'number' }).notNull(),
    ratio: ratio('ratio').notNull(),
    classBSelfPayShare: ratio('class_b_self_pay_share').notNull(),
    annualCap: moneyColumn('annual_cap', { mode: 'number' }).notNull(),
    ...sourceColumns(),
  },
  (t) => [index('benefit_policies_lookup_idx').on(t.regionCode, t.year, t.scheme, t.encounterType)],
);

/** 大病保险 (critical-illness insurance) parameters per region × scheme × year. */
export const criticalIllnessPolicies = pgTable(
  'critical_illness_policies',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    regionCode: regionCode().notNull().references(() => regions.code),
    scheme: varchar('scheme', { length: 10 }).notNull(),
    year: integer('year').notNull(),
    threshold: moneyColumn('threshold', { mode: 'number' }).notNull(),
    /** Segments on the yearly cumulative qualifying amount: [{ upToFen: number | null, ratio }]. */
    segments: jsonb('segments').$type<{ upToFen: number | null; ratio: number }[]>().notNull(),
    annualCap: moneyColumn('annual_cap', { mode: 'number' }),
    thresholdFactor: ratio('threshold_factor').notNull(),
    ratioBonus: ratio('ratio_bonus').notNull(),
    ...sourceColumns(),
  },
  (t) => [unique('critical_illness_policies_key').on(t.regionCode, t.scheme, t.year)],
);

/** 医疗救助 (medical assistance) parameters per region × year × recipient category. */
export const assistancePolicies = pgTable(
  'assistance_policies',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    regionCode: regionCode().notNull().references(() => regions.code),
    year: integer('year').notNull(),
    category: varchar('category', { length: 20 }).notNull(),
    ratio: ratio('ratio').notNull(),
    annualCap: moneyColumn('annual_cap', { mode: 'number' }).notNull(),
    /** 资助参保 amount paid towards the recipient's resident premium. */
    subsidyAmount: moneyColumn('subsidy_amount', { mode: 'number' }).notNull(),
    ...sourceColumns(),
  },
  (t) => [unique('assistance_policies_key').on(t.regionCode, t.year, t.category)],
);

export const insurers = pgTable('insurers', {
  code: varchar('code', { length: 16 }).primaryKey(),
  name: text('name').notNull(),
});

/** 惠民保 (city-customised commercial medical insurance) product and its terms. */
export const insuranceProducts = pgTable(
  'insurance_products',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    code: varchar('code', { length: 32 }).notNull().unique(),
    insurerCode: varchar('insurer_code', { length: 16 }).notNull().references(() => insurers.code),
    name: text('name').notNull(),
    regionCode: regionCode().notNull().references(() => regions.code),
    year: integer('year').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    premium: moneyColumn('premium', { mode: 'number' }).notNull(),
    deductibleIn: moneyColumn('deductible_in', { mode: 'number' }).notNull(),
    deductibleOut: moneyColumn('deductible_out', { mode: 'number' }).notNull(),
    ratioIn: ratio('ratio_in').notNull(),
    ratioOut: ratio('ratio_out').notNull(),
    ratioSpecialDrug: ratio('ratio_special_drug').notNull(),
    annualCap: moneyColumn('annual_cap', { mode: 'number' }).notNull(),
    coveredEncounterTypes: text('covered_encounter_types').array().notNull(),
    status: varchar('status', { length: 10 }).notNull(),
    ...sourceColumns(),
  },
  (t) => [index('insurance_products_region_idx').on(t.regionCode, t.year)],
);

export const productEnrollments = pgTable(
  'product_enrollments',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    personId: integer('person_id').notNull().references(() => persons.id),
    productId: integer('product_id').notNull().references(() => insuranceProducts.id),
    insurerCode: varchar('insurer_code', { length: 16 }).notNull().references(() => insurers.code),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true, mode: 'date' }).notNull(),
    status: varchar('status', { length: 10 }).notNull(),
  },
  (t) => [
    unique('product_enrollments_person_product_key').on(t.personId, t.productId),
    index('product_enrollments_insurer_person_idx').on(t.insurerCode, t.personId),
  ],
);

/** 授权 (consent) a person gives an insurer, with scopes and an expiry; revocation is a timestamp. */
export const consents = pgTable(
  'consents',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    personId: integer('person_id').notNull().references(() => persons.id),
    insurerCode: varchar('insurer_code', { length: 16 }).notNull().references(() => insurers.code),
    scopes: text('scopes').array().notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('consents_insurer_person_idx').on(t.insurerCode, t.personId)],
);

/** A one-stop settlement (一站式结算) and its split across payers, all in fen. */
export const settlements = pgTable(
  'settlements',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    personId: integer('person_id').notNull().references(() => persons.id),
    institutionId: integer('institution_id').notNull().references(() => institutions.id),
    regionCode: regionCode().notNull().references(() => regions.code),
    scheme: varchar('scheme', { length: 10 }).notNull(),
    encounterType: varchar('encounter_type', { length: 20 }).notNull(),
    billDate: date('bill_date', { mode: 'string' }).notNull(),
    settledAt: timestamp('settled_at', { withTimezone: true, mode: 'date' }).notNull(),
    diagnosisCode: varchar('diagnosis_code', { length: 16 }),
    diagnosisName: text('diagnosis_name'),
    crossProvince: boolean('cross_province').notNull().default(false),
    productId: integer('product_id').references(() => insuranceProducts.id),
    totalAmount: moneyColumn('total_amount', { mode: 'number' }).notNull(),
    policyRangeAmount: moneyColumn('policy_range_amount', { mode: 'number' }).notNull(),
    classBPrepaid: moneyColumn('class_b_prepaid', { mode: 'number' }).notNull(),
    deductiblePaid: moneyColumn('deductible_paid', { mode: 'number' }).notNull(),
    fundPaid: moneyColumn('fund_paid', { mode: 'number' }).notNull(),
    criticalIllnessPaid: moneyColumn('critical_illness_paid', { mode: 'number' }).notNull(),
    assistancePaid: moneyColumn('assistance_paid', { mode: 'number' }).notNull(),
    commercialPaid: moneyColumn('commercial_paid', { mode: 'number' }).notNull(),
    selfPaid: moneyColumn('self_paid', { mode: 'number' }).notNull(),
    /** The engine's full result, accumulator deltas included, so a reversal restores them exactly. */
    computation: jsonb('computation').notNull(),
    idempotencyKey: varchar('idempotency_key', { length: 80 }),
    requestHash: varchar('request_hash', { length: 64 }),
    clientId: text('client_id'),
    status: varchar('status', { length: 10 }).notNull(),
    reversedAt: timestamp('reversed_at', { withTimezone: true, mode: 'date' }),
    reversalReason: text('reversal_reason'),
  },
  (t) => [
    unique('settlements_idempotency_key').on(t.idempotencyKey),
    index('settlements_person_idx').on(t.personId, t.id),
    index('settlements_institution_id_idx').on(t.institutionId, t.id),
    index('settlements_region_id_idx').on(t.regionCode, t.id),
    // Region and bill date first for the lists; the rest so the indicator aggregates read the index only, never the wide rows.
    index('settlements_region_date_idx').on(
      t.regionCode, t.billDate, t.status, t.scheme, t.encounterType, t.crossProvince, t.personId,
      t.policyRangeAmount, t.fundPaid, t.criticalIllnessPaid, t.assistancePaid,
    ),
  ],
);

export const settlementItems = pgTable(
  'settlement_items',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    settlementId: integer('settlement_id').notNull().references(() => settlements.id),
    code: varchar('code', { length: 40 }).notNull(),
    name: text('name').notNull(),
    itemClass: varchar('item_class', { length: 1 }).notNull(),
    amount: moneyColumn('amount', { mode: 'number' }).notNull(),
    specialDrug: boolean('special_drug').notNull(),
  },
  (t) => [index('settlement_items_settlement_idx').on(t.settlementId)],
);

/** Year-to-date accumulators per person; the row lock on it serialises a person's settlements. */
export const accumulators = pgTable(
  'accumulators',
  {
    personId: integer('person_id').notNull().references(() => persons.id),
    year: integer('year').notNull(),
    deductiblePaid: moneyColumn('deductible_paid', { mode: 'number' }).notNull().default(0),
    fundPaid: moneyColumn('fund_paid', { mode: 'number' }).notNull().default(0),
    criticalQualifying: moneyColumn('critical_qualifying', { mode: 'number' }).notNull().default(0),
    criticalPaid: moneyColumn('critical_paid', { mode: 'number' }).notNull().default(0),
    assistancePaid: moneyColumn('assistance_paid', { mode: 'number' }).notNull().default(0),
    selfPaidInRange: moneyColumn('self_paid_in_range', { mode: 'number' }).notNull().default(0),
    productDeductibleInUsed: moneyColumn('product_deductible_in_used', { mode: 'number' }).notNull().default(0),
    productDeductibleOutUsed: moneyColumn('product_deductible_out_used', { mode: 'number' }).notNull().default(0),
    productPaid: moneyColumn('product_paid', { mode: 'number' }).notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.year] })],
);
