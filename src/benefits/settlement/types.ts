/**
 * Types of the one-stop settlement (一站式结算) engine, which implements SETTLEMENT.md.
 *
 * Representation choices:
 * - Money is integer fen (分, 0.01 yuan) in a plain `number`; every amount is a non-negative safe
 *   integer.
 * - A ratio is a plain decimal fraction in [0, 1] with at most 4 decimal places (0.7, 0.6525), the
 *   same shape as the database's `numeric(6,4)` ratio columns, so seeds and stored policies feed
 *   the engine unchanged. The engine converts every ratio to integer basis points (×10 000) before
 *   touching money (see `money.ts`) and rejects ratios with more than 4 decimals.
 */

/** Integer fen (分). */
export type Fen = number;

/** Decimal fraction in [0, 1] with at most 4 decimal places. */
export type Ratio = number;

export const ENCOUNTER_TYPES = ['INPATIENT', 'OUTPATIENT', 'CHRONIC_OUTPATIENT', 'PHARMACY'] as const;
/** 住院 inpatient, 普通门诊 outpatient, 门诊慢特病 chronic/special-disease outpatient, 药店购药 pharmacy purchase. */
export type EncounterType = (typeof ENCOUNTER_TYPES)[number];

/** 甲类 A (fully in policy range), 乙类 B (in range after a self-pay share), 丙类/目录外 C (outside the catalogue). */
export type ItemClass = 'A' | 'B' | 'C';

/** 起付线 (deductible) scope: afresh for each admission, or accumulated over the calendar year. */
export type DeductibleScope = 'PER_ADMISSION' | 'PER_YEAR';

export const ASSISTANCE_CATEGORIES = [
  'EXTREME_POVERTY',
  'SUBSISTENCE',
  'LOW_INCOME',
  'RELAPSE_MONITORING',
  'ILLNESS_POVERTY',
] as const;
/**
 * 医疗救助 (medical assistance) recipient category: 特困人员 extreme poverty, 低保对象 subsistence
 * allowance, 低保边缘/低收入 low income, 防止返贫监测对象 relapse monitoring, 因病致贫重病患者 illness poverty.
 */
export type AssistanceCategory = (typeof ASSISTANCE_CATEGORIES)[number];

/** One bill line. */
export interface BillItem {
  readonly amountFen: Fen;
  readonly itemClass: ItemClass;
  /** 特药: a drug on the 惠民保 product's special-drug list. */
  readonly specialDrug: boolean;
}

/**
 * 统筹基金 (basic-insurance pooled fund) parameters in force for this bill's region, scheme, year,
 * encounter type and institution level. The deductible scope is not a parameter: SETTLEMENT.md fixes
 * it by encounter type (see `deductibleScope` in `engine.ts`).
 */
export interface BasicPolicyParams {
  /** 起付线 D. */
  readonly deductible: Fen;
  /** Fund ratio R. */
  readonly ratio: Ratio;
  /** 乙类先行自付 share s. */
  readonly classBSelfPayShare: Ratio;
  /** 封顶线 CAP: the most the fund pays this person in the year. */
  readonly annualCap: Fen;
}

/** A 大病保险 segment: the cumulative qualifying amount up to `upToFen` (null = no upper bound) is paid at `ratio`. */
export interface CriticalIllnessSegment {
  readonly upToFen: Fen | null;
  readonly ratio: Ratio;
}

/** 大病保险 (critical-illness insurance) parameters for the region, scheme and year. */
export interface CriticalIllnessParams {
  /** Threshold T on the yearly cumulative qualifying amount. */
  readonly threshold: Fen;
  /** Ascending by `upToFen`; only the last may be unbounded. Bounds are cumulative amounts, not amounts above T. */
  readonly segments: readonly CriticalIllnessSegment[];
  /** Yearly cap on what 大病保险 pays; null = no cap. */
  readonly annualCap: Fen | null;
  /** For an assistance recipient the threshold is T × thresholdFactor (e.g. 0.5). */
  readonly thresholdFactor: Ratio;
  /** For an assistance recipient every segment ratio is raised by this (e.g. 0.05), capped at 1. */
  readonly ratioBonus: Ratio;
}

/** 医疗救助 parameters for the person's active recipient category on the bill date. */
export interface AssistanceParams {
  readonly category: AssistanceCategory;
  readonly ratio: Ratio;
  readonly annualCap: Fen;
}

/** 惠民保 (city-customised commercial medical insurance) product terms the engine needs. */
export interface ProductTerms {
  /** Yearly deductible on in-catalogue self-pay (医保内). */
  readonly deductibleIn: Fen;
  /** Yearly deductible on out-of-catalogue amounts (医保外, special drugs included). */
  readonly deductibleOut: Fen;
  readonly ratioIn: Ratio;
  readonly ratioOut: Ratio;
  /** Ratio for out-of-catalogue (class C) items flagged `specialDrug`. */
  readonly ratioSpecialDrug: Ratio;
  readonly annualCap: Fen;
  readonly coveredEncounterTypes: readonly EncounterType[];
}

/** Why 惠民保 pays nothing on this bill; decided by the caller from enrollment, product and consent records. */
export type ProductIneligibility = 'NOT_ENROLLED' | 'NO_CONSENT' | 'ENCOUNTER_NOT_COVERED' | 'PRODUCT_INACTIVE';

/**
 * Whether the person's 惠民保 product applies: enrolled in an active product of their region on the
 * date, with an active `SETTLEMENTS` consent for its insurer. The engine itself checks the encounter
 * type against `coveredEncounterTypes`, so a caller may pass `applies: true` for any encounter.
 */
export type ProductCoverage =
  | { readonly applies: true; readonly terms: ProductTerms }
  | { readonly applies: false; readonly reason: ProductIneligibility };

/** A person's year-to-date accumulators (all fen). Also used for one bill's contribution to them. */
export interface SettlementAccumulators {
  /** Deductible paid toward the per-year 起付线 (non-inpatient encounters share it). */
  readonly deductiblePaid: Fen;
  readonly fundPaid: Fen;
  /** Cumulative 大病保险 qualifying amount (the sum of in-range self-pay S). */
  readonly criticalQualifying: Fen;
  readonly criticalPaid: Fen;
  readonly assistancePaid: Fen;
  readonly productDeductibleInUsed: Fen;
  readonly productDeductibleOutUsed: Fen;
  readonly productPaid: Fen;
}

export interface SettlementComputationInput {
  readonly encounterType: EncounterType;
  readonly items: readonly BillItem[];
  readonly basic: BasicPolicyParams;
  readonly criticalIllness: CriticalIllnessParams;
  /** The active category's policy, or null when the person is not a recipient on the bill date. */
  readonly assistance: AssistanceParams | null;
  readonly product: ProductCoverage;
  /** The person's accumulators for the bill's year before this bill. */
  readonly accumulators: SettlementAccumulators;
}

export type Payer = 'FUND' | 'CRITICAL_ILLNESS' | 'ASSISTANCE' | 'COMMERCIAL' | 'SELF';

/** Stable machine-readable reason codes; the message carries the figures. */
export type ReasonCode =
  | 'NO_DEDUCTIBLE'
  | 'DEDUCTIBLE_MET'
  | 'DEDUCTIBLE_NOT_MET'
  | 'FUND_PAID'
  | 'FUND_CAP_REACHED'
  | 'CRITICAL_THRESHOLD_NOT_MET'
  | 'CRITICAL_ASSISTANCE_TILT'
  | 'CRITICAL_PAID'
  | 'CRITICAL_CAP_REACHED'
  | 'NOT_ASSISTANCE_RECIPIENT'
  | 'ASSISTANCE_PAID'
  | 'ASSISTANCE_CAP_REACHED'
  | ProductIneligibility
  | 'PRODUCT_DEDUCTIBLE_IN'
  | 'PRODUCT_DEDUCTIBLE_OUT'
  | 'OUT_OF_CATALOGUE_NOT_COVERED'
  | 'COMMERCIAL_PAID'
  | 'COMMERCIAL_CAP_REACHED'
  | 'CLASS_B_PREPAY'
  | 'OUT_OF_CATALOGUE'
  | 'SELF_PAID';

export interface SettlementReason {
  readonly payer: Payer;
  readonly code: ReasonCode;
  /** English, with amounts in yuan ("deductible 800.00 of 800.00 met"). */
  readonly message: string;
}

/** The split of one bill (all fen). `fundPaid + criticalIllnessPaid + assistancePaid + commercialPaid + selfPaid = totalAmount`. */
export interface SettlementComputation {
  readonly totalAmount: Fen;
  readonly classAAmount: Fen;
  readonly classBAmount: Fen;
  readonly classCAmount: Fen;
  /** P = A + B − classBPrepaid. */
  readonly policyRangeAmount: Fen;
  /** 乙类先行自付 round(B × s). */
  readonly classBPrepaid: Fen;
  /** Deductible charged on this bill (per admission for inpatient bills). */
  readonly deductiblePaid: Fen;
  readonly fundPaid: Fen;
  readonly criticalIllnessPaid: Fen;
  readonly assistancePaid: Fen;
  readonly commercialPaid: Fen;
  readonly selfPaid: Fen;
  readonly reasons: readonly SettlementReason[];
  /** This bill's contribution to each accumulator; a reversal subtracts exactly this. */
  readonly accumulatorDelta: SettlementAccumulators;
  readonly accumulatorsAfter: SettlementAccumulators;
}
