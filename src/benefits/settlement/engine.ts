/**
 * The one-stop settlement (一站式结算) engine: splits one bill among 统筹基金 (pooled fund), 大病保险
 * (critical-illness insurance), 医疗救助 (medical assistance), 惠民保 (city commercial insurance) and
 * the patient, exactly as SETTLEMENT.md steps 1–9 prescribe. Pure: no I/O, no clock.
 */
import { MAX_MONEY_FEN, applyBasisPoints, applyRatio, formatMoney, ratioToBasisPoints } from './money.js';
import type {
  AssistanceParams,
  BasicPolicyParams,
  BillItem,
  CriticalIllnessParams,
  DeductibleScope,
  EncounterType,
  Fen,
  Payer,
  ProductCoverage,
  ProductIneligibility,
  ProductTerms,
  ReasonCode,
  SettlementAccumulators,
  SettlementComputation,
  SettlementComputationInput,
  SettlementReason,
} from './types.js';
import { ENCOUNTER_TYPES } from './types.js';

const FULL_BASIS_POINTS = 10_000;

const ACCUMULATOR_KEYS = [
  'deductiblePaid',
  'fundPaid',
  'criticalQualifying',
  'criticalPaid',
  'assistancePaid',
  'productDeductibleInUsed',
  'productDeductibleOutUsed',
  'productPaid',
] as const satisfies readonly (keyof SettlementAccumulators)[];

/** Accumulators of a person with no settlement yet this year. */
export const ZERO_ACCUMULATORS: SettlementAccumulators = Object.freeze({
  deductiblePaid: 0,
  fundPaid: 0,
  criticalQualifying: 0,
  criticalPaid: 0,
  assistancePaid: 0,
  productDeductibleInUsed: 0,
  productDeductibleOutUsed: 0,
  productPaid: 0,
});

const INELIGIBILITY_MESSAGES: Record<ProductIneligibility, string> = {
  NOT_ENROLLED: 'not enrolled in an active city commercial insurance product of the region',
  NO_CONSENT: 'no consent for one-stop settlement',
  ENCOUNTER_NOT_COVERED: 'the product does not cover this encounter type',
  PRODUCT_INACTIVE: 'the product is not active on the bill date',
};

/** SETTLEMENT.md: the 起付线 applies per admission for inpatient bills and per year for every other encounter type. */
export function deductibleScope(encounterType: EncounterType): DeductibleScope {
  return encounterType === 'INPATIENT' ? 'PER_ADMISSION' : 'PER_YEAR';
}

/**
 * Splits one bill among the payers (SETTLEMENT.md steps 1–9) in integer fen, rounding half up at
 * every ratio, and returns the shares, a reason line per decision and the accumulators after the bill.
 *
 * @throws RangeError when an amount is not a non-negative whole number of fen, a ratio is outside
 *   [0, 1] or has more than 4 decimals, the bill total exceeds 100,000,000.00 yuan, or the
 *   critical-illness segments are not ascending.
 */
export function computeSettlement(input: SettlementComputationInput): SettlementComputation {
  validateInput(input);
  const { encounterType, basic, accumulators } = input;
  const bill = classify(input.items);

  const classBPrepaid = applyRatio(bill.classB, basic.classBSelfPayShare);
  const policyRangeAmount = bill.classA + bill.classB - classBPrepaid;
  const deductible = deductibleStep(policyRangeAmount, basic.deductible, deductibleScope(encounterType), accumulators);
  const fund = fundStep(policyRangeAmount - deductible.charged, basic, accumulators);
  const inRangeSelfPay = policyRangeAmount - fund.paid;
  const critical = criticalIllnessStep(inRangeSelfPay, input.criticalIllness, input.assistance !== null, accumulators);
  const assistance = assistanceStep(inRangeSelfPay - critical.paid, input.assistance, accumulators);
  const commercial = commercialStep(
    {
      inCatalogue: inRangeSelfPay - critical.paid - assistance.paid + classBPrepaid,
      ordinaryOut: bill.classC - bill.specialDrugC,
      specialDrugOut: bill.specialDrugC,
    },
    encounterType,
    input.product,
    accumulators,
  );
  const selfPaid = bill.total - fund.paid - critical.paid - assistance.paid - commercial.paid;

  const accumulatorDelta: SettlementAccumulators = {
    deductiblePaid: deductible.yearlyContribution,
    fundPaid: fund.paid,
    criticalQualifying: inRangeSelfPay,
    criticalPaid: critical.paid,
    assistancePaid: assistance.paid,
    productDeductibleInUsed: commercial.deductibleIn,
    productDeductibleOutUsed: commercial.deductibleOut,
    productPaid: commercial.paid,
  };
  return {
    totalAmount: bill.total,
    classAAmount: bill.classA,
    classBAmount: bill.classB,
    classCAmount: bill.classC,
    policyRangeAmount,
    classBPrepaid,
    deductiblePaid: deductible.charged,
    fundPaid: fund.paid,
    criticalIllnessPaid: critical.paid,
    assistancePaid: assistance.paid,
    commercialPaid: commercial.paid,
    selfPaid,
    reasons: [
      ...deductible.reasons,
      ...fund.reasons,
      ...critical.reasons,
      ...assistance.reasons,
      ...commercial.reasons,
      ...selfReasons(bill.classB, basic.classBSelfPayShare, classBPrepaid, bill.classC, selfPaid),
    ],
    accumulatorDelta,
    accumulatorsAfter: combineAccumulators(accumulators, accumulatorDelta, 1),
  };
}

/**
 * The accumulators as they were before `computation`'s bill, given the current ones: subtracts the
 * bill's recorded contribution, so reversals restore the accumulators exactly in any order.
 *
 * @throws RangeError when an accumulator would become negative, i.e. the settlement was not
 *   applied to these accumulators.
 */
export function reverseAccumulators(
  after: SettlementAccumulators,
  computation: Pick<SettlementComputation, 'accumulatorDelta'>,
): SettlementAccumulators {
  const before = combineAccumulators(after, computation.accumulatorDelta, -1);
  for (const key of ACCUMULATOR_KEYS) {
    if (before[key] < 0) throw new RangeError(`reversal would make accumulator ${key} negative`);
  }
  return before;
}

function combineAccumulators(
  base: SettlementAccumulators,
  delta: SettlementAccumulators,
  sign: 1 | -1,
): SettlementAccumulators {
  const result: { -readonly [K in keyof SettlementAccumulators]: Fen } = { ...ZERO_ACCUMULATORS };
  for (const key of ACCUMULATOR_KEYS) result[key] = base[key] + sign * delta[key];
  return result;
}

interface ClassifiedBill {
  readonly classA: Fen;
  readonly classB: Fen;
  readonly classC: Fen;
  /** Class C items flagged as 特药 special drugs (part of classC). */
  readonly specialDrugC: Fen;
  readonly total: Fen;
}

function classify(items: readonly BillItem[]): ClassifiedBill {
  let classA = 0;
  let classB = 0;
  let classC = 0;
  let specialDrugC = 0;
  for (const item of items) {
    if (item.itemClass === 'A') classA += item.amountFen;
    else if (item.itemClass === 'B') classB += item.amountFen;
    else {
      classC += item.amountFen;
      if (item.specialDrug) specialDrugC += item.amountFen;
    }
  }
  return { classA, classB, classC, specialDrugC, total: classA + classB + classC };
}

interface StepReasons {
  readonly reasons: readonly SettlementReason[];
}

function reason(payer: Payer, code: ReasonCode, message: string): SettlementReason {
  return { payer, code, message };
}

const money = formatMoney;

function percent(basisPoints: number): string {
  return `${basisPoints / 100}%`;
}

function ratioPercent(ratio: number): string {
  return percent(ratioToBasisPoints(ratio));
}

/** Step 3. An inpatient deductible is charged afresh per admission and never advances the per-year accumulator. */
function deductibleStep(
  policyRange: Fen,
  deductible: Fen,
  scope: DeductibleScope,
  accumulators: SettlementAccumulators,
): StepReasons & { charged: Fen; yearlyContribution: Fen } {
  const alreadyPaid = scope === 'PER_YEAR' ? accumulators.deductiblePaid : 0;
  // Non-inpatient types share one yearly accumulator, so it may exceed a smaller D of another type.
  const charged = Math.min(policyRange, Math.max(0, deductible - alreadyPaid));
  const yearlyContribution = scope === 'PER_YEAR' ? charged : 0;
  if (deductible === 0) {
    return { charged, yearlyContribution, reasons: [reason('FUND', 'NO_DEDUCTIBLE', 'no deductible for this encounter')] };
  }
  const met = Math.min(deductible, alreadyPaid + charged);
  const where = scope === 'PER_ADMISSION' ? 'for this admission' : `this year (${money(charged)} on this bill)`;
  const code = met === deductible ? 'DEDUCTIBLE_MET' : 'DEDUCTIBLE_NOT_MET';
  return {
    charged,
    yearlyContribution,
    reasons: [reason('FUND', code, `deductible ${money(met)} of ${money(deductible)} met ${where}`)],
  };
}

/** Step 4. */
function fundStep(
  aboveDeductible: Fen,
  basic: BasicPolicyParams,
  accumulators: SettlementAccumulators,
): StepReasons & { paid: Fen } {
  const uncapped = applyRatio(aboveDeductible, basic.ratio);
  const paid = Math.min(uncapped, Math.max(0, basic.annualCap - accumulators.fundPaid));
  const reasons = [
    reason('FUND', 'FUND_PAID', `fund pays ${ratioPercent(basic.ratio)} of ${money(aboveDeductible)} above the deductible: ${money(paid)}`),
  ];
  if (paid < uncapped) {
    reasons.push(
      reason('FUND', 'FUND_CAP_REACHED', `fund annual cap reached: cap ${money(basic.annualCap)}, ${money(uncapped - paid)} not paid by the fund`),
    );
  }
  return { paid, reasons };
}

/**
 * Step 6. Segment bounds are positions of the yearly cumulative qualifying amount, so a later bill
 * continues in the segment an earlier one reached; each segment's part is rounded on its own.
 */
function criticalIllnessStep(
  inRangeSelfPay: Fen,
  policy: CriticalIllnessParams,
  assistanceRecipient: boolean,
  accumulators: SettlementAccumulators,
): StepReasons & { paid: Fen } {
  const threshold = assistanceRecipient ? applyRatio(policy.threshold, policy.thresholdFactor) : policy.threshold;
  const bonus = assistanceRecipient ? ratioToBasisPoints(policy.ratioBonus) : 0;
  const from = accumulators.criticalQualifying;
  const to = from + inRangeSelfPay;
  const reasons: SettlementReason[] = [];
  if (assistanceRecipient) {
    reasons.push(
      reason(
        'CRITICAL_ILLNESS',
        'CRITICAL_ASSISTANCE_TILT',
        `assistance recipient: threshold ${money(threshold)} instead of ${money(policy.threshold)}, ratios raised by ${bonus / 100} percentage points`,
      ),
    );
  }
  if (to <= threshold) {
    reasons.push(
      reason('CRITICAL_ILLNESS', 'CRITICAL_THRESHOLD_NOT_MET', `cumulative qualifying amount ${money(to)} has not passed the threshold ${money(threshold)}`),
    );
    return { paid: 0, reasons };
  }

  const parts: { base: Fen; basisPoints: number; paid: Fen }[] = [];
  let segmentStart = 0;
  for (const segment of policy.segments) {
    const segmentEnd = segment.upToFen ?? Infinity;
    const base = Math.min(to, segmentEnd) - Math.max(from, threshold, segmentStart);
    if (base > 0) {
      const basisPoints = Math.min(FULL_BASIS_POINTS, ratioToBasisPoints(segment.ratio) + bonus);
      parts.push({ base, basisPoints, paid: applyBasisPoints(base, basisPoints) });
    }
    segmentStart = segmentEnd;
  }
  const uncapped = parts.reduce((sum, part) => sum + part.paid, 0);
  const paid =
    policy.annualCap === null ? uncapped : Math.min(uncapped, Math.max(0, policy.annualCap - accumulators.criticalPaid));
  const detail = parts.length === 0 ? 'nothing new above it' : parts.map((p) => `${money(p.base)} at ${percent(p.basisPoints)}`).join(', ');
  reasons.push(
    reason(
      'CRITICAL_ILLNESS',
      'CRITICAL_PAID',
      `critical illness pays ${money(paid)} as the cumulative qualifying amount moves from ${money(from)} to ${money(to)} over the threshold ${money(threshold)}: ${detail}`,
    ),
  );
  if (paid < uncapped) {
    reasons.push(
      reason(
        'CRITICAL_ILLNESS',
        'CRITICAL_CAP_REACHED',
        `critical-illness annual cap reached: cap ${money(policy.annualCap ?? 0)}, ${money(uncapped - paid)} not paid`,
      ),
    );
  }
  return { paid, reasons };
}

/** Step 7. */
function assistanceStep(
  remainingInRange: Fen,
  policy: AssistanceParams | null,
  accumulators: SettlementAccumulators,
): StepReasons & { paid: Fen } {
  if (policy === null) {
    return { paid: 0, reasons: [reason('ASSISTANCE', 'NOT_ASSISTANCE_RECIPIENT', 'not a medical-assistance recipient on the bill date')] };
  }
  const uncapped = applyRatio(remainingInRange, policy.ratio);
  const paid = Math.min(uncapped, Math.max(0, policy.annualCap - accumulators.assistancePaid));
  const reasons = [
    reason(
      'ASSISTANCE',
      'ASSISTANCE_PAID',
      `medical assistance (${policy.category}) pays ${ratioPercent(policy.ratio)} of ${money(remainingInRange)}: ${money(paid)}`,
    ),
  ];
  if (paid < uncapped) {
    reasons.push(
      reason('ASSISTANCE', 'ASSISTANCE_CAP_REACHED', `assistance annual cap reached: cap ${money(policy.annualCap)}, ${money(uncapped - paid)} not paid`),
    );
  }
  return { paid, reasons };
}

interface CommercialBases {
  /** I = S − critical − assist + prepay. */
  readonly inCatalogue: Fen;
  /** Class C items that are not special drugs. */
  readonly ordinaryOut: Fen;
  /** Class C special drugs. */
  readonly specialDrugOut: Fen;
}

const NO_COMMERCIAL = { paid: 0, deductibleIn: 0, deductibleOut: 0 } as const;

/**
 * Step 8. At a pharmacy only special drugs count out of catalogue; elsewhere ordinary class C items
 * count at `ratioOut` and special drugs at `ratioSpecialDrug`. The single out-of-catalogue
 * deductible is taken from ordinary items before special drugs.
 */
function commercialStep(
  bases: CommercialBases,
  encounterType: EncounterType,
  coverage: ProductCoverage,
  accumulators: SettlementAccumulators,
): StepReasons & { paid: Fen; deductibleIn: Fen; deductibleOut: Fen } {
  if (!coverage.applies) {
    return { ...NO_COMMERCIAL, reasons: [reason('COMMERCIAL', coverage.reason, INELIGIBILITY_MESSAGES[coverage.reason])] };
  }
  const terms = coverage.terms;
  if (!terms.coveredEncounterTypes.includes(encounterType)) {
    return {
      ...NO_COMMERCIAL,
      reasons: [reason('COMMERCIAL', 'ENCOUNTER_NOT_COVERED', `the product does not cover ${encounterType} encounters`)],
    };
  }
  const reasons: SettlementReason[] = [];
  let ordinaryOut = bases.ordinaryOut;
  if (encounterType === 'PHARMACY' && ordinaryOut > 0) {
    reasons.push(
      reason(
        'COMMERCIAL',
        'OUT_OF_CATALOGUE_NOT_COVERED',
        `out-of-catalogue items that are not special drugs (${money(ordinaryOut)}) are not covered at a pharmacy`,
      ),
    );
    ordinaryOut = 0;
  }
  const outOfCatalogue = ordinaryOut + bases.specialDrugOut;
  const deductibleIn = Math.min(bases.inCatalogue, Math.max(0, terms.deductibleIn - accumulators.productDeductibleInUsed));
  const deductibleOut = Math.min(outOfCatalogue, Math.max(0, terms.deductibleOut - accumulators.productDeductibleOutUsed));
  const ordinaryDeductible = Math.min(ordinaryOut, deductibleOut);
  const payable = {
    inCatalogue: bases.inCatalogue - deductibleIn,
    ordinaryOut: ordinaryOut - ordinaryDeductible,
    specialDrugOut: bases.specialDrugOut - (deductibleOut - ordinaryDeductible),
  };
  const uncapped =
    applyRatio(payable.inCatalogue, terms.ratioIn) +
    applyRatio(payable.ordinaryOut, terms.ratioOut) +
    applyRatio(payable.specialDrugOut, terms.ratioSpecialDrug);
  const paid = Math.min(uncapped, Math.max(0, terms.annualCap - accumulators.productPaid));

  reasons.push(...productDeductibleReasons(terms, accumulators, deductibleIn, deductibleOut));
  reasons.push(
    reason(
      'COMMERCIAL',
      'COMMERCIAL_PAID',
      `commercial insurance pays ${money(paid)}: ${ratioPercent(terms.ratioIn)} of in-catalogue ${money(payable.inCatalogue)}, ` +
        `${ratioPercent(terms.ratioOut)} of out-of-catalogue ${money(payable.ordinaryOut)}, ` +
        `${ratioPercent(terms.ratioSpecialDrug)} of special drugs ${money(payable.specialDrugOut)}`,
    ),
  );
  if (paid < uncapped) {
    reasons.push(
      reason('COMMERCIAL', 'COMMERCIAL_CAP_REACHED', `product annual cap reached: cap ${money(terms.annualCap)}, ${money(uncapped - paid)} not paid`),
    );
  }
  return { paid, deductibleIn, deductibleOut, reasons };
}

function productDeductibleReasons(
  terms: ProductTerms,
  accumulators: SettlementAccumulators,
  deductibleIn: Fen,
  deductibleOut: Fen,
): SettlementReason[] {
  const reasons: SettlementReason[] = [];
  if (terms.deductibleIn > 0) {
    const met = Math.min(terms.deductibleIn, accumulators.productDeductibleInUsed + deductibleIn);
    reasons.push(
      reason('COMMERCIAL', 'PRODUCT_DEDUCTIBLE_IN', `in-catalogue deductible ${money(met)} of ${money(terms.deductibleIn)} met this year`),
    );
  }
  if (terms.deductibleOut > 0) {
    const met = Math.min(terms.deductibleOut, accumulators.productDeductibleOutUsed + deductibleOut);
    reasons.push(
      reason('COMMERCIAL', 'PRODUCT_DEDUCTIBLE_OUT', `out-of-catalogue deductible ${money(met)} of ${money(terms.deductibleOut)} met this year`),
    );
  }
  return reasons;
}

function selfReasons(classB: Fen, share: number, prepaid: Fen, classC: Fen, selfPaid: Fen): SettlementReason[] {
  const reasons: SettlementReason[] = [];
  if (prepaid > 0) {
    reasons.push(reason('SELF', 'CLASS_B_PREPAY', `class B self-pay share ${ratioPercent(share)} of ${money(classB)}: ${money(prepaid)}`));
  }
  if (classC > 0) reasons.push(reason('SELF', 'OUT_OF_CATALOGUE', `out-of-catalogue items: ${money(classC)}`));
  reasons.push(reason('SELF', 'SELF_PAID', `patient pays ${money(selfPaid)}`));
  return reasons;
}

function assertFen(value: Fen, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative whole number of fen, got ${value}`);
  }
}

/** Rejects malformed input up front so no step can produce a negative or fractional share. */
function validateInput(input: SettlementComputationInput): void {
  if (!ENCOUNTER_TYPES.includes(input.encounterType)) {
    throw new RangeError(`unknown encounter type ${String(input.encounterType)}`);
  }
  let total = 0;
  input.items.forEach((item, i) => {
    assertFen(item.amountFen, `items[${i}].amountFen`);
    if (item.itemClass !== 'A' && item.itemClass !== 'B' && item.itemClass !== 'C') {
      throw new RangeError(`items[${i}].itemClass must be A, B or C`);
    }
    total += item.amountFen;
  });
  if (total > MAX_MONEY_FEN) throw new RangeError(`bill total ${money(total)} exceeds ${money(MAX_MONEY_FEN)} yuan`);

  const { basic, criticalIllness, assistance, product, accumulators } = input;
  assertFen(basic.deductible, 'basic.deductible');
  assertFen(basic.annualCap, 'basic.annualCap');
  ratioToBasisPoints(basic.ratio);
  ratioToBasisPoints(basic.classBSelfPayShare);
  validateCriticalIllness(criticalIllness);
  if (assistance !== null) {
    assertFen(assistance.annualCap, 'assistance.annualCap');
    ratioToBasisPoints(assistance.ratio);
  }
  if (product.applies) {
    const terms = product.terms;
    assertFen(terms.deductibleIn, 'product.deductibleIn');
    assertFen(terms.deductibleOut, 'product.deductibleOut');
    assertFen(terms.annualCap, 'product.annualCap');
    ratioToBasisPoints(terms.ratioIn);
    ratioToBasisPoints(terms.ratioOut);
    ratioToBasisPoints(terms.ratioSpecialDrug);
  }
  for (const key of ACCUMULATOR_KEYS) assertFen(accumulators[key], `accumulators.${key}`);
}

function validateCriticalIllness(policy: CriticalIllnessParams): void {
  assertFen(policy.threshold, 'criticalIllness.threshold');
  if (policy.annualCap !== null) assertFen(policy.annualCap, 'criticalIllness.annualCap');
  ratioToBasisPoints(policy.thresholdFactor);
  ratioToBasisPoints(policy.ratioBonus);
  let previous = 0;
  policy.segments.forEach((segment, i) => {
    ratioToBasisPoints(segment.ratio);
    if (segment.upToFen === null) {
      if (i !== policy.segments.length - 1) throw new RangeError('only the last critical-illness segment may be unbounded');
      return;
    }
    assertFen(segment.upToFen, `criticalIllness.segments[${i}].upToFen`);
    if (i > 0 && segment.upToFen <= previous) throw new RangeError('critical-illness segments must be strictly ascending');
    previous = segment.upToFen;
  });
}
