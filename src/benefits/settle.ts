/**
 * One-stop settlement (一站式结算) service: finds the policies in force for a bill, computes the split
 * with the pure engine (settlement/engine.ts) and stores it together with the person's yearly
 * accumulators; reverses (冲正) a stored settlement; answers an insurer's eligibility check.
 *
 * Concurrency: every write that moves a person's accumulators first locks that person's
 * `accumulators` row for the bill's year (`SELECT … FOR UPDATE`), then computes from the locked
 * figures. Two settlements for one person therefore run one after the other on PostgreSQL; on
 * PGlite transactions are exclusive anyway. Everything that needs no lock (person, institution,
 * policies, 惠民保 coverage) is read before the transaction, so a transaction never waits for a
 * second pool connection while it holds the lock.
 *
 * Accumulators: the engine's eight accumulators map one to one onto the columns of `accumulators`.
 * `self_paid_in_range` is kept as the running sum of the in-range self-pay after the fund (S of
 * SETTLEMENT.md step 5, the engine's `criticalQualifying` delta), so it always equals
 * `critical_qualifying`; a reversal subtracts it like every other accumulator.
 */
import { createHash } from 'node:crypto';
import { and, eq, sql, type Placeholder } from 'drizzle-orm';
import { z } from 'zod';
import type { ConsentScope } from '../auth/policy.js';
import { consentInForce, personScope, settlementScope } from '../auth/scope.js';
import type { Db, Tx } from '../db/client.js';
import {
  accumulators, assistancePolicies, assistanceRecipients, benefitPolicies, consents, criticalIllnessPolicies, enrollments,
  institutions, insuranceProducts, persons, productEnrollments, settlementItems, settlements,
} from '../db/schema/index.js';
import { principalOf, type Context } from '../server/context.js';
import { prepared, preparedScoped, preparedWrite } from '../server/loaders.js';
import { beijingDate } from '../calendar.js';
import { decodeRowId } from '../graphql/global-id.js';
import { ConflictError, ConsentRequiredError, forbidden, InputError, notFound } from '../server/errors.js';
import { parseInput, text } from '../server/validate.js';
import { runWrite } from '../server/write.js';
import type { ProductRow, SettlementRow } from './loaders.js';
import { computeSettlement, reverseAccumulators, ZERO_ACCUMULATORS } from './settlement/engine.js';
import { formatMoney } from './settlement/money.js';
import {
  ASSISTANCE_CATEGORIES, ENCOUNTER_TYPES, type AssistanceParams, type BasicPolicyParams, type BillItem, type CriticalIllnessParams,
  type EncounterType, type ProductCoverage, type ProductTerms, type SettlementAccumulators, type SettlementComputation,
} from './settlement/types.js';

/** The most items one bill may carry. */
const MAX_BILL_ITEMS = 500;
/** The largest bill (and item) the hub settles: 10,000,000.00 yuan. */
const MAX_BILL_FEN = 1_000_000_000;
const EARLIEST_BILL_DATE = '2000-01-01';

const INSTITUTION_CODE = /^[HP]\d{11}$/;
/** ICD-10 医保版 (healthcare-security edition) diagnosis code, e.g. E11.900. */
const ICD10_CODE = /^[A-Z]\d{2}\.\d{3}$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,80}$/;
const ITEM_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const PRODUCT_CODE = /^[A-Za-z0-9-]{1,32}$/;

type BenefitPolicyRow = typeof benefitPolicies.$inferSelect;
type CriticalPolicyRow = typeof criticalIllnessPolicies.$inferSelect;
type InstitutionRow = typeof institutions.$inferSelect;
type AccumulatorRow = typeof accumulators.$inferSelect;
type EnrollmentRow = typeof enrollments.$inferSelect;
type Scheme = 'EMPLOYEE' | 'RESIDENT';

// ── Input ────────────────────────────────────────────────────────────────────────────────────

const ItemSchema = z.object({
  code: z.string().trim().regex(ITEM_CODE, 'Item code is 1–40 letters, digits, dots, dashes or underscores'),
  name: text(200, 'Item name'),
  itemClass: z.enum(['A', 'B', 'C']),
  amount: z.number().int().nonnegative().max(MAX_BILL_FEN, `An item is at most ${formatMoney(MAX_BILL_FEN)} yuan`),
  specialDrug: z.boolean(),
});

const SettlementInputSchema = z.object({
  idNumber: z.string(),
  institutionCode: z.string().regex(INSTITUTION_CODE, 'Institution code is H or P followed by 11 digits'),
  encounterType: z.enum(ENCOUNTER_TYPES),
  date: z.string(),
  items: z
    .array(ItemSchema)
    .min(1, 'A bill has at least one item')
    .max(MAX_BILL_ITEMS, `A bill has at most ${MAX_BILL_ITEMS} items`)
    .refine((items) => items.reduce((sum, i) => sum + i.amount, 0) <= MAX_BILL_FEN, `A bill totals at most ${formatMoney(MAX_BILL_FEN)} yuan`),
});

const SettleClaimSchema = SettlementInputSchema.extend({
  idempotencyKey: z.string().regex(IDEMPOTENCY_KEY, 'Idempotency key is 8–80 letters, digits, dashes or underscores'),
  diagnosis: z
    .object({
      code: z.string().regex(ICD10_CODE, 'Diagnosis code is ICD-10 医保版, e.g. E11.900'),
      name: text(100, 'Diagnosis name'),
    })
    .nullish(),
});

const ReverseSchema = z.object({
  id: z.string(),
  reason: text(200, 'Reason'),
});

export type SettlementRequest = z.output<typeof SettlementInputSchema>;
export type SettleClaimRequest = z.output<typeof SettleClaimSchema>;

/** A bill dates from 2000 at the earliest and never from the future. */
function checkBillDate(date: string, now: Date): void {
  if (date < EARLIEST_BILL_DATE) throw new InputError('input.date', `Bill date is ${EARLIEST_BILL_DATE} or later`);
  if (date > beijingDate(now)) throw new InputError('input.date', 'Bill date is in the future');
}

/** JSON with object keys sorted at every level, so equal requests hash equally whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 of the canonical request without its idempotency key: what "the same request" means. */
export function requestHash(input: SettleClaimRequest): string {
  const { idempotencyKey: _key, ...body } = input;
  return createHash('sha256').update(canonicalJson({ ...body, diagnosis: body.diagnosis ?? null })).digest('hex');
}

// ── Policy parameters as the engine takes them ───────────────────────────────────────────────

/** 统筹基金 parameters of a stored policy row. */
export function basicParams(row: Pick<BenefitPolicyRow, 'deductible' | 'ratio' | 'classBSelfPayShare' | 'annualCap'>): BasicPolicyParams {
  return { deductible: row.deductible, ratio: row.ratio, classBSelfPayShare: row.classBSelfPayShare, annualCap: row.annualCap };
}

/** 大病保险 parameters of a stored policy row. */
export function criticalParams(row: Pick<CriticalPolicyRow, 'threshold' | 'segments' | 'annualCap' | 'thresholdFactor' | 'ratioBonus'>): CriticalIllnessParams {
  return {
    threshold: row.threshold,
    segments: row.segments,
    annualCap: row.annualCap,
    thresholdFactor: row.thresholdFactor,
    ratioBonus: row.ratioBonus,
  };
}

/** 惠民保 terms of a stored product. */
function productTerms(row: Pick<ProductRow, keyof ProductTerms>): ProductTerms {
  return {
    deductibleIn: row.deductibleIn,
    deductibleOut: row.deductibleOut,
    ratioIn: row.ratioIn,
    ratioOut: row.ratioOut,
    ratioSpecialDrug: row.ratioSpecialDrug,
    annualCap: row.annualCap,
    coveredEncounterTypes: row.coveredEncounterTypes.filter((t): t is EncounterType => (ENCOUNTER_TYPES as readonly string[]).includes(t)),
  };
}

/**
 * Whether the person's 惠民保 product pays on a bill (SETTLEMENT.md step 8): enrolled in an active
 * product of their region for the bill's year, the bill date inside the product's term, and a
 * `SETTLEMENTS` consent for the product's insurer. The engine checks the encounter type itself.
 *
 * @param product - the region's product of the bill year the person is actively enrolled in, or null
 * @param billDate - the bill's date, YYYY-MM-DD
 * @param settlementsConsent - an active, unexpired consent for the insurer covers `SETTLEMENTS`
 */
export function productCoverage(
  product: Pick<ProductRow, 'status' | 'startDate' | 'endDate' | keyof ProductTerms> | null, billDate: string, settlementsConsent: boolean,
): ProductCoverage {
  if (!product) return { applies: false, reason: 'NOT_ENROLLED' };
  if (product.status !== 'ACTIVE' || billDate < product.startDate || billDate > product.endDate) return { applies: false, reason: 'PRODUCT_INACTIVE' };
  if (!settlementsConsent) return { applies: false, reason: 'NO_CONSENT' };
  return { applies: true, terms: productTerms(product) };
}

/** Pharmacy purchases use the level-less PHARMACY row; other encounters the institution's level. */
export function policyLevel(encounterType: EncounterType, institution: Pick<InstitutionRow, 'level'>): number | null {
  return encounterType === 'PHARMACY' ? null : institution.level;
}

const toBillItems = (items: SettlementRequest['items']): BillItem[] =>
  items.map((i) => ({ amountFen: i.amount, itemClass: i.itemClass, specialDrug: i.specialDrug }));

const accumulatorsOf = (row: AccumulatorRow | undefined): SettlementAccumulators =>
  row
    ? {
        deductiblePaid: row.deductiblePaid,
        fundPaid: row.fundPaid,
        criticalQualifying: row.criticalQualifying,
        criticalPaid: row.criticalPaid,
        assistancePaid: row.assistancePaid,
        productDeductibleInUsed: row.productDeductibleInUsed,
        productDeductibleOutUsed: row.productDeductibleOutUsed,
        productPaid: row.productPaid,
      }
    : ZERO_ACCUMULATORS;

// ── Reading what a bill needs ────────────────────────────────────────────────────────────────

/** Everything the engine needs for one bill apart from the accumulators. */
interface ResolvedBill {
  personId: number;
  encounterType: EncounterType;
  regionCode: string;
  scheme: Scheme;
  year: number;
  institution: BillInstitution;
  crossProvince: boolean;
  basic: BasicPolicyParams;
  critical: CriticalIllnessParams;
  assistance: AssistanceParams | null;
  product: ProductCoverage;
  productId: number | null;
}

/** An institution settles only its own bills; agencies settle at any designated institution. */
function assertMayBillAt(ctx: Context, institutionCode: string): void {
  const p = principalOf(ctx);
  if (p.role === 'INSTITUTION' && p.institutionCode !== institutionCode) {
    throw forbidden('An institution settles only bills at its own institution');
  }
}

// Every statement of a settlement is built once per database handle and prepared: built by drizzle
// on each call, they took about a third of a settlement's CPU, and unprepared, each statement with
// parameters takes two round trips (postgres.js asks for its parameter types before it sends the
// values). The transaction's own statements run on the transaction's connection
// (server/loaders.ts `preparedWrite`).

const at = sql.placeholder;

/** A placeholder per column, named by `name` (the column's own name unless two statements' columns would clash). */
function placeholders<C extends string>(columns: readonly C[], name: (column: C) => string = (c) => c): Record<C, Placeholder> {
  return Object.fromEntries(columns.map((c) => [c, at(name(c))])) as Record<C, Placeholder>;
}

/** For an update's `set`, whose types leave placeholders out though drizzle binds them there as in `values`. */
type SetPlaceholders = Record<string, Placeholder>;

type BillInstitution = Pick<InstitutionRow, 'id' | 'regionCode' | 'kind' | 'level' | 'agreementStatus'>;
type BasicPolicy = Pick<BenefitPolicyRow, 'scheme' | 'encounterType' | 'institutionLevel' | 'deductible' | 'ratio' | 'classBSelfPayShare' | 'annualCap'>;
type CriticalPolicy = Pick<CriticalPolicyRow, 'scheme' | 'threshold' | 'segments' | 'annualCap' | 'thresholdFactor' | 'ratioBonus'>;
type BillProduct = Pick<ProductRow, 'id' | 'status' | 'startDate' | 'endDate' | keyof ProductTerms> & { consented: boolean };

/** Everything a bill is settled from but the accumulators, as one row (see `billFacts`). */
interface BillFacts {
  institution: BillInstitution | null;
  personId: number | null;
  personRegion: string | null;
  basic: BasicPolicy[] | null;
  critical: CriticalPolicy[] | null;
  enrollment: Pick<EnrollmentRow, 'scheme' | 'status' | 'startDate' | 'endDate'> | null;
  assistance: { category: string; ratio: number | null; annualCap: number | null } | null;
  product: BillProduct | null;
}

/**
 * The bill's institution, the person by ID number within the caller's row scope, and for the
 * person's pooling region and the bill's year the 统筹基金 and 大病保险 policies, the enrollment,
 * the most generous medical-assistance category in force on the date and the 惠民保 product the
 * person is actively enrolled in with whether its insurer holds a SETTLEMENTS consent: one
 * statement and one round trip for all seven. A missing person leaves the rest null.
 */
const billFacts = preparedScoped<BillFacts>('settle_facts', (db, scope, now) =>
  db
    .select({
      institution: sql<BillInstitution | null>`(select json_build_object('id', i.id, 'regionCode', i.region_code, 'kind', i.kind, 'level', i.level,
        'agreementStatus', i.agreement_status) from ${institutions} i where i.code = ${at('code')})`,
      personId: persons.id,
      personRegion: persons.regionCode,
      basic: sql<BasicPolicy[] | null>`(select json_agg(json_build_object('scheme', b.scheme, 'encounterType', b.encounter_type,
        'institutionLevel', b.institution_level, 'deductible', b.deductible, 'ratio', b.ratio, 'classBSelfPayShare', b.class_b_self_pay_share,
        'annualCap', b.annual_cap)) from ${benefitPolicies} b where b.region_code = ${persons.regionCode} and b.year = ${at('year')})`,
      critical: sql<CriticalPolicy[] | null>`(select json_agg(json_build_object('scheme', c.scheme, 'threshold', c.threshold, 'segments', c.segments,
        'annualCap', c.annual_cap, 'thresholdFactor', c.threshold_factor, 'ratioBonus', c.ratio_bonus))
        from ${criticalIllnessPolicies} c where c.region_code = ${persons.regionCode} and c.year = ${at('year')})`,
      enrollment: sql<BillFacts['enrollment']>`(select json_build_object('scheme', e.scheme, 'status', e.status, 'startDate', e.start_date,
        'endDate', e.end_date) from ${enrollments} e where e.person_id = ${persons.id} and e.year = ${at('year')})`,
      assistance: sql<BillFacts['assistance']>`(select json_build_object('category', r.category, 'ratio', a.ratio, 'annualCap', a.annual_cap)
        from ${assistanceRecipients} r
        left join ${assistancePolicies} a on a.region_code = ${persons.regionCode} and a.year = ${at('year')} and a.category = r.category
        where r.person_id = ${persons.id} and r.start_date <= ${at('date')}::date and (r.end_date is null or r.end_date >= ${at('date')}::date)
        order by a.ratio desc nulls last, a.annual_cap desc nulls last limit 1)`,
      product: sql<BillProduct | null>`(select json_build_object('id', ${insuranceProducts.id}, 'status', ${insuranceProducts.status},
          'startDate', ${insuranceProducts.startDate}, 'endDate', ${insuranceProducts.endDate}, 'deductibleIn', ${insuranceProducts.deductibleIn},
          'deductibleOut', ${insuranceProducts.deductibleOut}, 'ratioIn', ${insuranceProducts.ratioIn}, 'ratioOut', ${insuranceProducts.ratioOut},
          'ratioSpecialDrug', ${insuranceProducts.ratioSpecialDrug}, 'annualCap', ${insuranceProducts.annualCap},
          'coveredEncounterTypes', ${insuranceProducts.coveredEncounterTypes},
          'consented', exists (select 1 from ${consents} where ${and(
            eq(consents.personId, persons.id),
            consentInForce(insuranceProducts.insurerCode, now),
            sql`${consents.scopes} @> array['SETTLEMENTS']::text[]`,
          )}))
        from ${productEnrollments} join ${insuranceProducts} on ${insuranceProducts.id} = ${productEnrollments.productId}
        where ${productEnrollments.personId} = ${persons.id} and ${productEnrollments.status} = 'ACTIVE'
          and ${insuranceProducts.regionCode} = ${persons.regionCode} and ${insuranceProducts.year} = ${at('year')}
        order by ${insuranceProducts.status} = 'ACTIVE' desc, ${insuranceProducts.id} limit 1)`,
    })
    .from(sql`(select 1) as bill`)
    .leftJoin(persons, and(eq(persons.idNumber, at('idNumber')), personScope(scope, now, 'lookup'))),
);

/** The institution may settle this bill: its agreement active, a pharmacy for PHARMACY bills and only for them. */
function checkInstitution(institution: BillInstitution | null, input: SettlementRequest): BillInstitution {
  if (!institution) throw notFound('Institution', 'input.institutionCode');
  if (institution.agreementStatus !== 'ACTIVE') {
    throw new InputError('input.institutionCode', `The institution's agreement is ${institution.agreementStatus}; it cannot settle bills`);
  }
  if ((input.encounterType === 'PHARMACY') !== (institution.kind === 'PHARMACY')) {
    throw new InputError('input.encounterType', 'PHARMACY bills are settled at pharmacies, and pharmacies settle only PHARMACY bills');
  }
  return institution;
}

/** The active recipient category on the date with the most generous policy, or null. */
function assistanceOf(best: BillFacts['assistance'], year: number): AssistanceParams | null {
  if (!best) return null;
  const category = ASSISTANCE_CATEGORIES.find((c) => c === best.category);
  if (best.ratio === null || best.annualCap === null || !category) {
    throw new InputError('input.date', `No medical-assistance policy in force in ${year} for the person's recipient category`);
  }
  return { category, ratio: best.ratio, annualCap: best.annualCap };
}

/**
 * Looks up, for the bill's year × the person's pooling region × their active scheme, the
 * 统筹基金 row for the encounter type and institution level, the 大病保险 row, the medical-assistance
 * category in force on the date and the 惠民保 coverage. Hospitals and pharmacies settle for any
 * insured person (as at registration); agencies within their regions. Every miss is an input
 * error naming the field that led to it.
 */
async function resolveBill(ctx: Context, input: SettlementRequest, auditField: string): Promise<ResolvedBill> {
  const year = Number(input.date.slice(0, 4));
  const [facts] = await billFacts(ctx, { code: input.institutionCode, idNumber: input.idNumber, year, date: input.date });
  const institution = checkInstitution(facts!.institution, input);
  const { personId, personRegion } = facts!;
  if (personId === null || personRegion === null) throw notFound('Person', 'input.idNumber');
  ctx.audit.reached(personId, auditField);
  const basicRows = facts!.basic ?? [];
  const enrollment = facts!.enrollment;
  if (basicRows.length === 0) throw new InputError('input.date', `No benefit policy in force in ${year} for the person's pooling region`);
  if (!enrollment || !enrolledOn(enrollment, input.date)) {
    throw new InputError('input.idNumber', `The person is not enrolled in basic medical insurance on ${input.date}`);
  }
  const scheme = enrollment.scheme as Scheme;
  const level = policyLevel(input.encounterType, institution);
  const basic = basicRows.find((p) => p.scheme === scheme && p.encounterType === input.encounterType && p.institutionLevel === level);
  if (!basic) throw new InputError('input.encounterType', `No ${scheme} benefit policy for ${input.encounterType} at this institution's level in ${year}`);
  const critical = (facts!.critical ?? []).find((p) => p.scheme === scheme);
  if (!critical) throw new InputError('input.date', `No ${scheme} critical-illness policy in force in ${year} for the person's pooling region`);
  const assistance = assistanceOf(facts!.assistance, year);
  const { product } = facts!;
  const coverage = productCoverage(product, input.date, product?.consented ?? false);
  const province = (code: string) => ctx.hub.regions.get(code)?.province;
  return {
    personId,
    encounterType: input.encounterType,
    regionCode: personRegion,
    scheme,
    year,
    institution,
    crossProvince: province(personRegion) !== province(institution.regionCode),
    basic: basicParams(basic),
    critical: criticalParams(critical),
    assistance,
    product: coverage,
    productId: coverage.applies && product ? product.id : null,
  };
}

/** An ACTIVE enrollment whose period covers the date. */
function enrolledOn(enrollment: Pick<EnrollmentRow, 'status' | 'startDate' | 'endDate'>, date: string): boolean {
  return enrollment.status === 'ACTIVE' && enrollment.startDate <= date && (enrollment.endDate === null || enrollment.endDate >= date);
}

function compute(bill: ResolvedBill, items: SettlementRequest['items'], before: SettlementAccumulators): SettlementComputation {
  return computeSettlement({
    encounterType: bill.encounterType,
    items: toBillItems(items),
    basic: bill.basic,
    criticalIllness: bill.critical,
    assistance: bill.assistance,
    product: bill.product,
    accumulators: before,
  });
}

// ── Quote ────────────────────────────────────────────────────────────────────────────────────

export interface SettlementQuote {
  computation: SettlementComputation;
  scheme: Scheme;
  productId: number | null;
}

/** The split a bill would get now, from the person's current accumulators; writes nothing. */
export async function quoteSettlement(ctx: Context, raw: unknown): Promise<SettlementQuote> {
  const input = parseInput(SettlementInputSchema, raw);
  checkBillDate(input.date, ctx.now);
  assertMayBillAt(ctx, input.institutionCode);
  const bill = await resolveBill(ctx, input, 'Query.quoteSettlement');
  const [row] = await accumulatorOf(ctx.db, { personId: bill.personId, year: bill.year });
  return { computation: compute(bill, input.items, accumulatorsOf(row)), scheme: bill.scheme, productId: bill.productId };
}

// ── Settle ───────────────────────────────────────────────────────────────────────────────────

export interface SettleClaimResult {
  settlement: SettlementRow;
  /** True when the idempotency key had already settled this very request: nothing was written. */
  replayed: boolean;
}

const settlementByKey = prepared<SettlementRow>('settlement_by_key', (db) =>
  db.select().from(settlements).where(eq(settlements.idempotencyKey, at('key'))),
);

/**
 * The settlement an idempotency key already produced, when the request is the same one (same
 * body, same client); a key reused for anything else is a conflict.
 */
async function previousSettlement(ctx: Context, key: string, hash: string): Promise<SettlementRow | null> {
  const [row] = await settlementByKey(ctx.db, { key });
  if (!row) return null;
  if (row.requestHash !== hash || row.clientId !== principalOf(ctx).clientId) {
    throw new ConflictError('The idempotency key was already used for a different request');
  }
  ctx.audit.reached(row.personId, 'Mutation.settleClaim');
  return row;
}

const accumulatorKey = and(eq(accumulators.personId, at('personId')), eq(accumulators.year, at('year')));

const accumulatorOf = prepared<AccumulatorRow>('accumulator_of', (db) => db.select().from(accumulators).where(accumulatorKey));

const accumulatorCreate = preparedWrite<{ personId: number }>('accumulator_create', (db) =>
  db.insert(accumulators).values({ personId: at('personId'), year: at('year') }).onConflictDoNothing().returning({ personId: accumulators.personId }),
);

const accumulatorLock = preparedWrite<AccumulatorRow>('accumulator_lock', (db) => db.select().from(accumulators).where(accumulatorKey).for('update'));

/** The accumulators a settlement or its reversal leaves: the engine's eight and the in-range self-pay. */
type AccumulatorValues = SettlementAccumulators & { selfPaidInRange: number };
const ACCUMULATOR_COLUMNS = [
  'deductiblePaid', 'fundPaid', 'criticalQualifying', 'criticalPaid', 'assistancePaid', 'selfPaidInRange', 'productDeductibleInUsed',
  'productDeductibleOutUsed', 'productPaid',
] as const satisfies readonly (keyof AccumulatorValues)[];

const accumulatorUpdate = preparedWrite<{ personId: number }>('accumulator_update', (db) =>
  db
    .update(accumulators)
    .set(placeholders(ACCUMULATOR_COLUMNS) as SetPlaceholders)
    .where(accumulatorKey)
    .returning({ personId: accumulators.personId }),
);

const SETTLEMENT_COLUMNS = [
  'personId', 'institutionId', 'regionCode', 'scheme', 'encounterType', 'billDate', 'settledAt', 'diagnosisCode', 'diagnosisName', 'crossProvince',
  'productId', 'totalAmount', 'policyRangeAmount', 'classBPrepaid', 'deductiblePaid', 'fundPaid', 'criticalIllnessPaid', 'assistancePaid',
  'commercialPaid', 'selfPaid', 'computation', 'idempotencyKey', 'requestHash', 'clientId',
] as const satisfies readonly (keyof typeof settlements.$inferInsert)[];
type SettlementValues = { [K in (typeof SETTLEMENT_COLUMNS)[number]]: (typeof settlements.$inferInsert)[K] };

/** The accumulators' placeholders in the settlement's statement, apart from the settlement's own columns of the same names. */
const afterPlaceholder = (column: (typeof ACCUMULATOR_COLUMNS)[number]) => `after.${column}`;

/**
 * A settlement's writes in one statement while the accumulator row is locked: the settlement, its
 * items (one array per column, unnested in the bill's order, whatever their number) and the
 * accumulators it leaves. The stored settlement comes back.
 */
const settlementWrite = preparedWrite<SettlementRow>('settlement_write', (db) => {
  const stored = db.$with('stored').as(
    db
      .insert(settlements)
      .values({ ...placeholders(SETTLEMENT_COLUMNS), status: 'SETTLED' })
      .returning(),
  );
  const items = db.$with('items').as(
    db
      .insert(settlementItems)
      .select(
        sql`select nextval(pg_get_serial_sequence('settlement_items', 'id')), (select id from ${stored}), i.code, i.name, i.item_class, i.amount, i.special_drug
          from unnest(${at('codes')}::text[], ${at('names')}::text[], ${at('classes')}::text[], ${at('amounts')}::bigint[], ${at('specialDrugs')}::text[]::boolean[])
            with ordinality as i(code, name, item_class, amount, special_drug, ord)
          order by i.ord`,
      )
      .returning({ id: settlementItems.id }),
  );
  const after = db.$with('after').as(
    db
      .update(accumulators)
      .set(placeholders(ACCUMULATOR_COLUMNS, afterPlaceholder) as SetPlaceholders)
      .where(accumulatorKey)
      .returning({ personId: accumulators.personId }),
  );
  return db.with(stored, items, after).select().from(stored);
});

/**
 * Locks the person's accumulators for the year, creating the row first if this is their first bill.
 */
async function lockAccumulators(db: Db, tx: Tx, personId: number, year: number): Promise<AccumulatorRow> {
  await accumulatorCreate(db, tx, { personId, year });
  const [row] = await accumulatorLock(db, tx, { personId, year });
  return row!;
}

/** Walks an error's causes for PostgreSQL's unique_violation (23505), whichever driver raised it. */
function isUniqueViolation(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/**
 * Settles a bill: validates it, returns the earlier result for a replayed idempotency key, else
 * computes the split from the person's locked accumulators and stores the settlement, its items,
 * the engine's computation and the new accumulators in one transaction with the audit record.
 */
export async function settleClaim(ctx: Context, raw: unknown): Promise<SettleClaimResult> {
  const input = parseInput(SettleClaimSchema, raw);
  checkBillDate(input.date, ctx.now);
  assertMayBillAt(ctx, input.institutionCode);
  const hash = requestHash(input);
  const earlier = await previousSettlement(ctx, input.idempotencyKey, hash);
  if (earlier) return { settlement: earlier, replayed: true };
  const bill = await resolveBill(ctx, input, 'Mutation.settleClaim');
  try {
    const settlement = await runWrite(ctx, 'settleClaim', async (tx) => {
      const { db } = ctx;
      const locked = await lockAccumulators(db, tx, bill.personId, bill.year);
      const computation = compute(bill, input.items, accumulatorsOf(locked));
      const values: SettlementValues = {
        personId: bill.personId,
        institutionId: bill.institution.id,
        regionCode: bill.regionCode,
        scheme: bill.scheme,
        encounterType: input.encounterType,
        billDate: input.date,
        settledAt: ctx.now,
        diagnosisCode: input.diagnosis?.code ?? null,
        diagnosisName: input.diagnosis?.name ?? null,
        crossProvince: bill.crossProvince,
        productId: bill.productId,
        ...splitColumns(computation),
        computation,
        idempotencyKey: input.idempotencyKey,
        requestHash: hash,
        clientId: principalOf(ctx).clientId,
      };
      const after: AccumulatorValues = {
        ...computation.accumulatorsAfter,
        selfPaidInRange: locked.selfPaidInRange + computation.accumulatorDelta.criticalQualifying,
      };
      const [row] = await settlementWrite(db, tx, {
        ...values,
        year: bill.year,
        ...Object.fromEntries(ACCUMULATOR_COLUMNS.map((c) => [afterPlaceholder(c), after[c]])),
        codes: input.items.map((i) => i.code),
        names: input.items.map((i) => i.name),
        classes: input.items.map((i) => i.itemClass),
        amounts: input.items.map((i) => i.amount),
        // As text: postgres.js would type a boolean array by its first element (bool, not bool[]).
        specialDrugs: input.items.map((i) => String(i.specialDrug)),
      });
      return { result: row!, personIds: [bill.personId] };
    });
    return { settlement, replayed: false };
  } catch (e) {
    // Two requests with one key raced past the check above; the loser answers as a replay would.
    if (!isUniqueViolation(e)) throw e;
    const winner = await previousSettlement(ctx, input.idempotencyKey, hash);
    if (!winner) throw e;
    return { settlement: winner, replayed: true };
  }
}

/** The split's columns of the settlements table. */
export function splitColumns(c: SettlementComputation) {
  return {
    totalAmount: c.totalAmount,
    policyRangeAmount: c.policyRangeAmount,
    classBPrepaid: c.classBPrepaid,
    deductiblePaid: c.deductiblePaid,
    fundPaid: c.fundPaid,
    criticalIllnessPaid: c.criticalIllnessPaid,
    assistancePaid: c.assistancePaid,
    commercialPaid: c.commercialPaid,
    selfPaid: c.selfPaid,
  };
}

// ── Reverse (冲正) ───────────────────────────────────────────────────────────────────────────

function settlementIdOf(globalId: string): number {
  const decoded = decodeRowId(globalId, ['Settlement']);
  if (!decoded) throw new InputError('input.id', 'Not a settlement id');
  return decoded.id;
}

const settlementLock = preparedWrite<SettlementRow>('settlement_lock', (db) => db.select().from(settlements).where(eq(settlements.id, at('id'))).for('update'));

const settlementReverse = preparedWrite<SettlementRow>('settlement_reverse', (db) =>
  db
    .update(settlements)
    .set({ status: 'REVERSED', reversedAt: sql`${at('reversedAt')}::timestamptz`, reversalReason: sql`${at('reason')}::text` })
    .where(eq(settlements.id, at('id')))
    .returning(),
);

/**
 * 冲正: marks a settlement REVERSED and subtracts exactly its recorded contribution from the
 * person's accumulators, under the same lock as settlements. Settlements stay immutable otherwise;
 * a reversed settlement cannot be reversed again.
 */
export async function reverseSettlement(ctx: Context, raw: unknown): Promise<SettlementRow> {
  const input = parseInput(ReverseSchema, raw);
  const id = settlementIdOf(input.id);
  const [found] = await ctx.db.select().from(settlements).where(and(eq(settlements.id, id), settlementScope(principalOf(ctx), ctx.now)));
  if (!found) throw notFound('Settlement', 'input.id');
  const alreadyReversed = () => new ConflictError('The settlement has already been reversed');
  if (found.status !== 'SETTLED') throw alreadyReversed();
  const year = Number(found.billDate.slice(0, 4));
  return runWrite(ctx, 'reverseSettlement', async (tx) => {
    const { db } = ctx;
    const locked = await lockAccumulators(db, tx, found.personId, year);
    const [current] = await settlementLock(db, tx, { id });
    // A concurrent reversal may have committed while this one waited for the lock.
    if (current!.status !== 'SETTLED') throw alreadyReversed();
    const computation = current!.computation as SettlementComputation;
    const after: AccumulatorValues = {
      ...reverseAccumulators(accumulatorsOf(locked), computation),
      selfPaidInRange: locked.selfPaidInRange - computation.accumulatorDelta.criticalQualifying,
    };
    // The keys ahead of the spread, not after it: see docs/ARCHITECTURE.md on objects made by a spread.
    await accumulatorUpdate(db, tx, { personId: found.personId, year, ...after });
    const [reversed] = await settlementReverse(db, tx, { id, reversedAt: ctx.now.toISOString(), reason: input.reason });
    return { result: reversed!, personIds: [found.personId] };
  });
}

// ── Eligibility (insurers) ───────────────────────────────────────────────────────────────────

export interface SettlementEligibility {
  eligible: boolean;
  basicEnrollmentActive: boolean;
  basicInsuranceRegionMatches: boolean;
  productEnrolled: boolean;
  consentScopes: ConsentScope[];
  reasons: string[];
}

export interface EligibilityFacts {
  product: Pick<ProductRow, 'regionCode' | 'year' | 'status' | 'endDate'>;
  /** The person's basic-insurance enrollment for the product's year, if any. */
  enrollment: Pick<typeof enrollments.$inferSelect, 'status' | 'regionCode'> | null;
  productEnrolled: boolean;
  scopes: ReadonlySet<ConsentScope>;
  today: string;
}

/**
 * Whether the person can be covered by the product and settled through the hub: basic insurance
 * active for the product's year, in the product's pooling region, and the product still running.
 * What is still missing for the product to pay at the counter (its enrollment, a SETTLEMENTS
 * consent) is listed in the reasons without changing `eligible`.
 */
export function eligibilityOf(f: EligibilityFacts): SettlementEligibility {
  const basicEnrollmentActive = f.enrollment?.status === 'ACTIVE';
  const basicInsuranceRegionMatches = f.enrollment !== null && f.enrollment.regionCode === f.product.regionCode;
  const productRunning = f.product.status === 'ACTIVE' && f.today <= f.product.endDate;
  const reasons: string[] = [];
  if (!f.enrollment) reasons.push(`no basic medical insurance enrollment for ${f.product.year}`);
  else if (!basicEnrollmentActive) reasons.push(`basic medical insurance enrollment for ${f.product.year} is ${f.enrollment.status}`);
  if (f.enrollment && !basicInsuranceRegionMatches) reasons.push('basic medical insurance is held in another pooling region than the product’s');
  if (!productRunning) reasons.push('the product is not active');
  if (!f.productEnrolled) reasons.push('not enrolled in the product');
  if (!f.scopes.has('SETTLEMENTS')) reasons.push('no SETTLEMENTS consent: the product cannot pay in one-stop settlement');
  return {
    eligible: basicEnrollmentActive && basicInsuranceRegionMatches && productRunning,
    basicEnrollmentActive,
    basicInsuranceRegionMatches,
    productEnrolled: f.productEnrolled,
    consentScopes: [...f.scopes].sort(),
    reasons,
  };
}

/**
 * Everything an eligibility check reads, in one statement: the insurer's product by code, the
 * person by ID number, the scopes of the person's active consents for the insurer, the basic
 * enrollment of the product's year and the product enrollment. No row when the product is not
 * the insurer's; a null person when the ID number is unknown.
 */
const eligibilityFacts = prepared('eligibility_facts', (db) =>
  db
    .select({
      product: { regionCode: insuranceProducts.regionCode, year: insuranceProducts.year, status: insuranceProducts.status, endDate: insuranceProducts.endDate },
      personId: persons.id,
      scopes: sql<ConsentScope[] | null>`(select array_agg(distinct s.scope) from ${consents} cross join unnest(${consents.scopes}) as s(scope)
        where ${consents.personId} = ${persons.id} and ${consentInForce(insuranceProducts.insurerCode, sql.placeholder('now'))})`,
      enrollmentStatus: enrollments.status,
      enrollmentRegion: enrollments.regionCode,
      productEnrolled: sql<boolean>`exists (select 1 from ${productEnrollments} where ${productEnrollments.personId} = ${persons.id}
        and ${productEnrollments.productId} = ${insuranceProducts.id} and ${productEnrollments.status} = 'ACTIVE')`,
    })
    .from(insuranceProducts)
    .leftJoin(persons, eq(persons.idNumber, sql.placeholder('idNumber')))
    .leftJoin(enrollments, and(eq(enrollments.personId, persons.id), eq(enrollments.year, insuranceProducts.year)))
    .where(and(eq(insuranceProducts.code, sql.placeholder('productCode')), eq(insuranceProducts.insurerCode, sql.placeholder('insurerCode')))),
);

/**
 * An insurer's check before enrolling or paying: needs the person's active consent with scope
 * `ELIGIBILITY` for this insurer (not a product enrollment). An unknown person and a person
 * without that consent get the same CONSENT_REQUIRED, so the check never reveals who is insured.
 */
export async function settlementEligibility(ctx: Context, idNumber: string, productCode: string): Promise<SettlementEligibility> {
  const insurerCode = principalOf(ctx).insurerCode ?? '';
  if (!PRODUCT_CODE.test(productCode)) throw new InputError('productCode', 'Product code is 1–32 letters, digits or dashes');
  const [facts] = await eligibilityFacts(ctx.db, { productCode, insurerCode, idNumber, now: ctx.now.toISOString() });
  if (!facts) throw notFound('InsuranceProduct', 'productCode');
  const { product, personId } = facts;
  const scopes = new Set<ConsentScope>(facts.scopes ?? []);
  if (personId === null || !scopes.has('ELIGIBILITY')) {
    if (personId !== null) ctx.audit.denied(personId, 'Query.settlementEligibility');
    throw new ConsentRequiredError('The person has not consented to eligibility checks by this insurer');
  }
  ctx.audit.reached(personId, 'Query.settlementEligibility');
  const enrollment = facts.enrollmentStatus !== null && facts.enrollmentRegion !== null ? { status: facts.enrollmentStatus, regionCode: facts.enrollmentRegion } : null;
  return eligibilityOf({ product, enrollment, productEnrolled: facts.productEnrolled, scopes, today: beijingDate(ctx.now) });
}
