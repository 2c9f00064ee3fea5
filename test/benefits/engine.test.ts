import { describe, expect, it } from 'vitest';
import {
  assistancePolicySeeds,
  benefitPolicySeeds,
  criticalIllnessPolicySeeds,
  insurerSeeds,
  productSeeds,
  residentPremiumSeeds,
  type InstitutionLevel,
  type Scheme,
} from '../../seeds/policies.js';
import type { RegionCode } from '../../seeds/regions.js';
import { ZERO_ACCUMULATORS, computeSettlement, deductibleScope, reverseAccumulators } from '../../src/benefits/settlement/engine.js';
import { MAX_MONEY_FEN, applyRatio, formatMoney, parseMoney } from '../../src/benefits/settlement/money.js';
import type {
  AssistanceCategory,
  BillItem,
  EncounterType,
  ProductIneligibility,
  SettlementAccumulators,
  SettlementComputation,
  SettlementComputationInput,
} from '../../src/benefits/settlement/types.js';

/** Yuan string → fen, so expectations read like the hand arithmetic. */
const y = parseMoney;

const item = (itemClass: BillItem['itemClass'], yuan: string, specialDrug = false): BillItem => ({
  amountFen: y(yuan),
  itemClass,
  specialDrug,
});
const A = (yuan: string) => item('A', yuan);
const B = (yuan: string) => item('B', yuan);
const C = (yuan: string, specialDrug = false) => item('C', yuan, specialDrug);

const YEAR = 2025;
const NANTONG = '320600';
const NANJING = '320100';
const PUTIAN = '350300';
const JINGZHOU = '421000';

function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`no seed for ${what}`);
  return value;
}

const basicSeed = (region: RegionCode, scheme: Scheme, encounterType: EncounterType, level: InstitutionLevel | null) =>
  found(
    benefitPolicySeeds.find(
      (p) => p.year === YEAR && p.regionCode === region && p.scheme === scheme && p.encounterType === encounterType && p.institutionLevel === level,
    ),
    `${region} ${scheme} ${encounterType} ${level}`,
  );
const criticalSeed = (region: RegionCode, scheme: Scheme) =>
  found(criticalIllnessPolicySeeds.find((p) => p.year === YEAR && p.regionCode === region && p.scheme === scheme), `${region} ${scheme} 大病`);
const assistanceSeed = (region: RegionCode, category: AssistanceCategory) =>
  found(assistancePolicySeeds.find((p) => p.year === YEAR && p.regionCode === region && p.category === category), `${region} ${category}`);
const productSeed = (region: RegionCode) =>
  found(productSeeds.find((p) => p.year === YEAR && p.regionCode === region), `${region} product`);

interface SeededBill {
  readonly region: RegionCode;
  readonly scheme: Scheme;
  readonly encounterType: EncounterType;
  readonly level: InstitutionLevel | null;
  readonly items: readonly BillItem[];
  readonly assistance?: AssistanceCategory;
  /** 'COVERED' = enrolled in the region's 2025 product with a SETTLEMENTS consent. */
  readonly product?: 'COVERED' | ProductIneligibility;
  readonly accumulators?: Partial<SettlementAccumulators>;
}

/** Settles a bill with the 2025 seed policies of its region, scheme, encounter type and level. */
function settle(bill: SeededBill): SettlementComputation {
  const product = bill.product ?? 'NOT_ENROLLED';
  return computeSettlement({
    encounterType: bill.encounterType,
    items: bill.items,
    basic: basicSeed(bill.region, bill.scheme, bill.encounterType, bill.level),
    criticalIllness: criticalSeed(bill.region, bill.scheme),
    assistance: bill.assistance ? assistanceSeed(bill.region, bill.assistance) : null,
    product: product === 'COVERED' ? { applies: true, terms: productSeed(bill.region) } : { applies: false, reason: product },
    accumulators: { ...ZERO_ACCUMULATORS, ...bill.accumulators },
  });
}

const codes = (result: SettlementComputation) => result.reasons.map((r) => r.code);
const message = (result: SettlementComputation, code: string) => result.reasons.find((r) => r.code === code)?.message;

/** The five payer shares, for compact expectations. */
const shares = (r: SettlementComputation) => ({
  fund: r.fundPaid,
  critical: r.criticalIllnessPaid,
  assistance: r.assistancePaid,
  commercial: r.commercialPaid,
  self: r.selfPaid,
});

describe('money', () => {
  it('parses decimal yuan strings into fen', () => {
    expect(parseMoney('1234.56')).toBe(123456);
    expect(parseMoney('0')).toBe(0);
    expect(parseMoney('12.5')).toBe(1250);
    expect(parseMoney('0.01')).toBe(1);
    expect(parseMoney('007.50')).toBe(750);
    expect(parseMoney('100000000.00')).toBe(MAX_MONEY_FEN);
  });

  it.each([
    ['', /empty/],
    ['-1', /negative/],
    ['-0.01', /negative/],
    ['1.234', /more than 2 decimal places/],
    ['1e3', /not a decimal yuan amount/],
    ['1.5E2', /not a decimal yuan amount/],
    [' 1', /not a decimal yuan amount/],
    ['1.', /not a decimal yuan amount/],
    ['.5', /not a decimal yuan amount/],
    ['1,000.00', /not a decimal yuan amount/],
    ['abc', /not a decimal yuan amount/],
    ['100000000.01', /exceeds 100000000.00/],
    ['99999999999999999999', /exceeds/],
  ])('rejects %j with a RangeError', (input, pattern) => {
    expect(() => parseMoney(input)).toThrow(RangeError);
    expect(() => parseMoney(input)).toThrow(pattern);
  });

  it('formats fen as yuan with two places', () => {
    expect(formatMoney(123456)).toBe('1234.56');
    expect(formatMoney(0)).toBe('0.00');
    expect(formatMoney(5)).toBe('0.05');
    expect(formatMoney(1250)).toBe('12.50');
    expect(formatMoney(-150)).toBe('-1.50');
    expect(formatMoney(MAX_MONEY_FEN)).toBe('100000000.00');
    expect(() => formatMoney(1.5)).toThrow(RangeError);
  });

  it('applies ratios exactly, rounding half up', () => {
    expect(applyRatio(1, 0.5)).toBe(1); // 0.5 → 1
    expect(applyRatio(3, 0.5)).toBe(2); // 1.5 → 2
    expect(applyRatio(45, 0.7)).toBe(32); // 31.5 → 32, where float 45 × 0.7 = 31.499999999999996
    expect(applyRatio(12350, 0.15)).toBe(1853); // 1852.5 → 1853 (half-even would give 1852)
    expect(applyRatio(1234, 0.7)).toBe(864); // 863.8
    expect(applyRatio(1, 0.4999)).toBe(0); // 0.4999
    expect(applyRatio(2987500, 0.7)).toBe(2091250);
    expect(applyRatio(MAX_MONEY_FEN, 0.9999)).toBe(9_999_000_000);
    expect(applyRatio(100, 1)).toBe(100);
    expect(applyRatio(100, 0)).toBe(0);
  });

  it('rejects ratios outside [0, 1] or with more than 4 decimals, and bad amounts', () => {
    expect(() => applyRatio(100, 0.12345)).toThrow(/more than 4 decimal places/);
    expect(() => applyRatio(100, 1.05)).toThrow(RangeError);
    expect(() => applyRatio(100, -0.1)).toThrow(RangeError);
    expect(() => applyRatio(-1, 0.5)).toThrow(RangeError);
    expect(() => applyRatio(0.5, 0.5)).toThrow(RangeError);
  });
});

describe('DOMAIN.md §2.4 worked example (illustrative parameters)', () => {
  // 居民, 低保, 三级 住院, first admission. Bill: 300,000 = 甲类 140,000 + 乙类 100,000 + 目录外 60,000.
  const input: SettlementComputationInput = {
    encounterType: 'INPATIENT',
    items: [A('140000'), B('100000'), C('60000')],
    basic: { deductible: y('1000'), ratio: 0.7, classBSelfPayShare: 0.1, annualCap: y('150000') },
    criticalIllness: {
      threshold: y('15000'),
      segments: [
        { upToFen: y('50000'), ratio: 0.6 },
        { upToFen: null, ratio: 0.7 },
      ],
      annualCap: null,
      thresholdFactor: 0.5,
      ratioBonus: 0.05,
    },
    assistance: { category: 'SUBSISTENCE', ratio: 0.7, annualCap: y('60000') },
    // 安阳 2022: 医保内 免赔 = 居民大病起付 30,400 at 80%; 医保外 免赔 20,000 at 70%.
    product: {
      applies: true,
      terms: {
        deductibleIn: y('30400'),
        deductibleOut: y('20000'),
        ratioIn: 0.8,
        ratioOut: 0.7,
        ratioSpecialDrug: 0.6,
        annualCap: y('3000000'),
        coveredEncounterTypes: ['INPATIENT'],
      },
    },
    accumulators: ZERO_ACCUMULATORS,
  };

  it('reproduces every figure for the 低保 recipient', () => {
    const r = computeSettlement(input);
    // prepay = 100,000 × 10% = 10,000; P = 140,000 + 100,000 − 10,000 = 230,000
    expect(r.classBPrepaid).toBe(y('10000'));
    expect(r.policyRangeAmount).toBe(y('230000'));
    // fund = min((230,000 − 1,000) × 70% = 160,300, 150,000) = 150,000
    expect(r.deductiblePaid).toBe(y('1000'));
    expect(r.fundPaid).toBe(y('150000'));
    // S = 80,000; threshold 15,000 × 0.5 = 7,500;
    // 大病 = (50,000 − 7,500) × 65% + (80,000 − 50,000) × 75% = 27,625 + 22,500 = 50,125
    expect(r.criticalIllnessPaid).toBe(y('50125'));
    // 救助 = (80,000 − 50,125) × 70% = 29,875 × 0.7 = 20,912.50
    expect(r.assistancePaid).toBe(y('20912.50'));
    // I = 80,000 − 50,125 − 20,912.50 + 10,000 = 18,962.50 < 30,400 → 0;
    // O = 60,000 → (60,000 − 20,000) × 70% = 28,000
    expect(r.commercialPaid).toBe(y('28000'));
    // self = 300,000 − 150,000 − 50,125 − 20,912.50 − 28,000 = 50,962.50
    expect(r.selfPaid).toBe(y('50962.50'));
    expect(message(r, 'PRODUCT_DEDUCTIBLE_IN')).toBe('in-catalogue deductible 18962.50 of 30400.00 met this year');
    expect(codes(r)).toContain('FUND_CAP_REACHED');
    expect(r.accumulatorsAfter).toEqual({
      deductiblePaid: 0, // inpatient deductibles are per admission
      fundPaid: y('150000'),
      criticalQualifying: y('80000'),
      criticalPaid: y('50125'),
      assistancePaid: y('20912.50'),
      productDeductibleInUsed: y('18962.50'),
      productDeductibleOutUsed: y('20000'),
      productPaid: y('28000'),
    });
  });

  it('reproduces the contrast for a person who is not a recipient', () => {
    const r = computeSettlement({ ...input, assistance: null });
    // 大病 = (50,000 − 15,000) × 60% + 30,000 × 70% = 21,000 + 21,000 = 42,000
    // 惠民保 in = (80,000 − 42,000 + 10,000 − 30,400) × 80% = 17,600 × 0.8 = 14,080; out = 28,000
    // self = 300,000 − 150,000 − 42,000 − 42,080 = 65,920
    expect(shares(r)).toEqual({
      fund: y('150000'),
      critical: y('42000'),
      assistance: 0,
      commercial: y('42080'),
      self: y('65920'),
    });
    expect(codes(r)).toContain('NOT_ASSISTANCE_RECIPIENT');
  });
});

describe('Nantong 南通 职工 (EMPLOYEE)', () => {
  it('inpatient: deductible fully met and the 乙类 self-pay share', () => {
    expect(basicSeed(NANTONG, 'EMPLOYEE', 'INPATIENT', 3)).toMatchObject({
      deductible: y('900'),
      ratio: 0.85,
      classBSelfPayShare: 0.1,
      annualCap: y('400000'),
    });
    const r = settle({ region: NANTONG, scheme: 'EMPLOYEE', encounterType: 'INPATIENT', level: 3, items: [A('20000'), B('8000'), C('1500')] });
    // total 29,500; prepay = 8,000 × 10% = 800; P = 20,000 + 8,000 − 800 = 27,200; ded = 900
    // fund = (27,200 − 900) × 85% = 22,355; S = 27,200 − 22,355 = 4,845 < 大病 threshold 20,000
    // self = 29,500 − 22,355 = 7,145 (= S 4,845 + prepay 800 + 目录外 1,500)
    expect(r).toMatchObject({
      totalAmount: y('29500'),
      classAAmount: y('20000'),
      classBAmount: y('8000'),
      classCAmount: y('1500'),
      classBPrepaid: y('800'),
      policyRangeAmount: y('27200'),
      deductiblePaid: y('900'),
    });
    expect(shares(r)).toEqual({ fund: y('22355'), critical: 0, assistance: 0, commercial: 0, self: y('7145') });
    expect(message(r, 'DEDUCTIBLE_MET')).toBe('deductible 900.00 of 900.00 met for this admission');
    expect(message(r, 'CLASS_B_PREPAY')).toBe('class B self-pay share 10% of 8000.00: 800.00');
    expect(codes(r)).toEqual(
      expect.arrayContaining(['CRITICAL_THRESHOLD_NOT_MET', 'NOT_ASSISTANCE_RECIPIENT', 'NOT_ENROLLED', 'OUT_OF_CATALOGUE', 'SELF_PAID']),
    );
    // The per-admission deductible does not advance the per-year accumulator.
    expect(r.accumulatorDelta).toEqual({ ...ZERO_ACCUMULATORS, fundPaid: y('22355'), criticalQualifying: y('4845') });
  });

  it('fund annual cap overflows into 大病, which continues from the yearly cumulative amount', () => {
    expect(criticalSeed(NANTONG, 'EMPLOYEE')).toMatchObject({ threshold: y('20000'), annualCap: null });
    // Year to date: fund 395,000 of 400,000; 大病 base 60,000, paid (50,000 − 20,000) × 60% + 10,000 × 70% = 25,000.
    const accumulators = { fundPaid: y('395000'), criticalQualifying: y('60000'), criticalPaid: y('25000') };
    const r = settle({ region: NANTONG, scheme: 'EMPLOYEE', encounterType: 'INPATIENT', level: 3, items: [A('30000')], accumulators });
    // P = 30,000; ded 900; uncapped fund = 29,100 × 85% = 24,735, cap leaves 5,000 → fund 5,000
    // S = 25,000; 大病 base 60,000 → 85,000, all in the 50,000–100,000 segment at 70% → 17,500
    // self = 30,000 − 5,000 − 17,500 = 7,500
    expect(shares(r)).toEqual({ fund: y('5000'), critical: y('17500'), assistance: 0, commercial: 0, self: y('7500') });
    expect(message(r, 'FUND_CAP_REACHED')).toBe('fund annual cap reached: cap 400000.00, 19735.00 not paid by the fund');
    expect(r.accumulatorsAfter).toMatchObject({ fundPaid: y('400000'), criticalQualifying: y('85000'), criticalPaid: y('42500') });
  });
});

describe('Nantong 南通 居民 (RESIDENT)', () => {
  it('per-year outpatient deductible: partly met, completed by a second bill; an admission charges its own', () => {
    expect(basicSeed(NANTONG, 'RESIDENT', 'OUTPATIENT', 1)).toMatchObject({ deductible: y('200'), ratio: 0.6, classBSelfPayShare: 0.1 });
    expect(basicSeed(NANTONG, 'RESIDENT', 'OUTPATIENT', 2)).toMatchObject({ deductible: y('200'), ratio: 0.5 });
    expect(basicSeed(NANTONG, 'RESIDENT', 'INPATIENT', 3)).toMatchObject({ deductible: y('800'), ratio: 0.7 });

    // Bill 1 (level 1): prepay = 50 × 10% = 5; P = 120 + 50 − 5 = 165 < D 200 → ded 165, fund 0
    const first = settle({ region: NANTONG, scheme: 'RESIDENT', encounterType: 'OUTPATIENT', level: 1, items: [A('120'), B('50')] });
    expect(first.deductiblePaid).toBe(y('165'));
    expect(shares(first)).toEqual({ fund: 0, critical: 0, assistance: 0, commercial: 0, self: y('170') });
    expect(message(first, 'DEDUCTIBLE_NOT_MET')).toBe('deductible 165.00 of 200.00 met this year (165.00 on this bill)');
    expect(first.accumulatorsAfter.deductiblePaid).toBe(y('165'));

    // Bill 2 (level 2): P = 300; ded = 200 − 165 = 35; fund = 265 × 50% = 132.50; self = 167.50
    const second = settle({
      region: NANTONG,
      scheme: 'RESIDENT',
      encounterType: 'OUTPATIENT',
      level: 2,
      items: [A('300')],
      accumulators: first.accumulatorsAfter,
    });
    expect(second.deductiblePaid).toBe(y('35'));
    expect(shares(second)).toEqual({ fund: y('132.50'), critical: 0, assistance: 0, commercial: 0, self: y('167.50') });
    expect(message(second, 'DEDUCTIBLE_MET')).toBe('deductible 200.00 of 200.00 met this year (35.00 on this bill)');
    expect(second.accumulatorsAfter.deductiblePaid).toBe(y('200'));

    // Bill 3 (level-3 admission): D 800 applies afresh; fund = (5,000 − 800) × 70% = 2,940; S = 2,060;
    // 大病 base 165 + 167.50 → 2,392.50, far below 15,000
    const third = settle({
      region: NANTONG,
      scheme: 'RESIDENT',
      encounterType: 'INPATIENT',
      level: 3,
      items: [A('5000')],
      accumulators: second.accumulatorsAfter,
    });
    expect(third.deductiblePaid).toBe(y('800'));
    expect(message(third, 'DEDUCTIBLE_MET')).toBe('deductible 800.00 of 800.00 met for this admission');
    expect(shares(third)).toEqual({ fund: y('2940'), critical: 0, assistance: 0, commercial: 0, self: y('2060') });
    expect(third.accumulatorsAfter).toMatchObject({ deductiblePaid: y('200'), criticalQualifying: y('2392.50') });
  });
});

describe('Nanjing 南京 职工 (EMPLOYEE)', () => {
  it('大病 segments: a first admission stops in segment 1, the second crosses into segment 2', () => {
    expect(basicSeed(NANJING, 'EMPLOYEE', 'INPATIENT', 3)).toMatchObject({ deductible: y('900'), ratio: 0.85, annualCap: y('450000') });
    expect(criticalSeed(NANJING, 'EMPLOYEE')).toMatchObject({
      threshold: y('20000'),
      segments: [
        { upToFen: y('50000'), ratio: 0.6 },
        { upToFen: y('100000'), ratio: 0.7 },
        { upToFen: null, ratio: 0.8 },
      ],
    });
    // Admission 1: prepay 10,000; P = 290,000; fund = (290,000 − 900) × 85% = 245,735; S = 44,265
    // 大病 = (44,265 − 20,000) × 60% = 14,559; self = 300,000 − 245,735 − 14,559 = 39,706
    const first = settle({ region: NANJING, scheme: 'EMPLOYEE', encounterType: 'INPATIENT', level: 3, items: [A('200000'), B('100000')] });
    expect(shares(first)).toEqual({ fund: y('245735'), critical: y('14559'), assistance: 0, commercial: 0, self: y('39706') });

    // Admission 2: P = 100,000; ded 900 again; fund = 99,100 × 85% = 84,235 (cap leaves 204,265); S = 15,765
    // 大病 base 44,265 → 60,030: (50,000 − 44,265) × 60% + (60,030 − 50,000) × 70% = 3,441 + 7,021 = 10,462
    // self = 100,000 − 84,235 − 10,462 = 5,303
    const second = settle({
      region: NANJING,
      scheme: 'EMPLOYEE',
      encounterType: 'INPATIENT',
      level: 3,
      items: [A('100000')],
      accumulators: first.accumulatorsAfter,
    });
    expect(shares(second)).toEqual({ fund: y('84235'), critical: y('10462'), assistance: 0, commercial: 0, self: y('5303') });
    expect(message(second, 'CRITICAL_PAID')).toBe(
      'critical illness pays 10462.00 as the cumulative qualifying amount moves from 44265.00 to 60030.00 over the threshold 20000.00: 5735.00 at 60%, 10030.00 at 70%',
    );
    expect(second.accumulatorsAfter).toEqual({
      ...ZERO_ACCUMULATORS,
      fundPaid: y('329970'),
      criticalQualifying: y('60030'),
      criticalPaid: y('25021'),
    });

    // Reversing both, in either order, restores an empty year.
    expect(reverseAccumulators(reverseAccumulators(second.accumulatorsAfter, first), second)).toEqual(ZERO_ACCUMULATORS);
    expect(reverseAccumulators(reverseAccumulators(second.accumulatorsAfter, second), first)).toEqual(ZERO_ACCUMULATORS);
  });
});

describe('Nanjing 南京 居民 (RESIDENT)', () => {
  it('an assistance recipient gets the lower threshold, the raised ratios and an assistance share', () => {
    expect(criticalSeed(NANJING, 'RESIDENT')).toMatchObject({ threshold: y('15000'), thresholdFactor: 0.5, ratioBonus: 0.05 });
    expect(assistanceSeed(NANJING, 'SUBSISTENCE')).toMatchObject({ ratio: 0.7, annualCap: y('60000') });
    const bill = { region: NANJING, scheme: 'RESIDENT', encounterType: 'INPATIENT', level: 3, items: [A('60000'), B('20000')] } as const;
    // prepay 2,000; P = 78,000; fund = (78,000 − 800) × 70% = 54,040; S = 23,960
    // 大病: threshold 15,000 × 0.5 = 7,500; (23,960 − 7,500) × (60% + 5%) = 16,460 × 0.65 = 10,699
    // 救助 = (23,960 − 10,699) × 70% = 13,261 × 0.7 = 9,282.70
    // self = 80,000 − 54,040 − 10,699 − 9,282.70 = 5,978.30
    const recipient = settle({ ...bill, assistance: 'SUBSISTENCE' });
    expect(shares(recipient)).toEqual({
      fund: y('54040'),
      critical: y('10699'),
      assistance: y('9282.70'),
      commercial: 0,
      self: y('5978.30'),
    });
    expect(message(recipient, 'CRITICAL_ASSISTANCE_TILT')).toBe(
      'assistance recipient: threshold 7500.00 instead of 15000.00, ratios raised by 5 percentage points',
    );
    expect(message(recipient, 'ASSISTANCE_PAID')).toBe('medical assistance (SUBSISTENCE) pays 70% of 13261.00: 9282.70');

    // Same bill without the recipient status: 大病 = (23,960 − 15,000) × 60% = 5,376; self = 80,000 − 54,040 − 5,376 = 20,584
    const ordinary = settle(bill);
    expect(shares(ordinary)).toEqual({ fund: y('54040'), critical: y('5376'), assistance: 0, commercial: 0, self: y('20584') });
  });

  it('the assistance annual cap limits the assistance share', () => {
    // Year to date: 大病 base 23,960 (from the bill above); earlier bills brought assistance to 59,500 of 60,000.
    const accumulators = { criticalQualifying: y('23960'), criticalPaid: y('10699'), assistancePaid: y('59500') };
    const r = settle({
      region: NANJING,
      scheme: 'RESIDENT',
      encounterType: 'INPATIENT',
      level: 3,
      items: [A('10000')],
      assistance: 'SUBSISTENCE',
      accumulators,
    });
    // fund = (10,000 − 800) × 70% = 6,440; S = 3,560; 大病 base 23,960 → 27,520 in segment 1 at 65% → 2,314
    // 救助 uncapped = (3,560 − 2,314) × 70% = 872.20, cap leaves 500 → 500; self = 10,000 − 6,440 − 2,314 − 500 = 746
    expect(shares(r)).toEqual({ fund: y('6440'), critical: y('2314'), assistance: y('500'), commercial: 0, self: y('746') });
    expect(message(r, 'ASSISTANCE_CAP_REACHED')).toBe('assistance annual cap reached: cap 60000.00, 372.20 not paid');
    expect(r.accumulatorsAfter.assistancePaid).toBe(y('60000'));
  });
});

describe('Putian 莆田 居民 (RESIDENT)', () => {
  it('乡镇卫生院 outpatient: no deductible, 60%, and a .5 fen rounded half up', () => {
    expect(basicSeed(PUTIAN, 'RESIDENT', 'OUTPATIENT', 1)).toMatchObject({ deductible: 0, ratio: 0.6, classBSelfPayShare: 0.15, isDefault: false });
    const r = settle({ region: PUTIAN, scheme: 'RESIDENT', encounterType: 'OUTPATIENT', level: 1, items: [A('45.67'), B('123.50')] });
    // prepay = 12,350 fen × 15% = 1,852.5 fen → 1,853 (half up)
    // P = 4,567 + 12,350 − 1,853 = 15,064 fen; fund = 15,064 × 60% = 9,038.4 → 9,038 fen
    // self = 16,917 − 9,038 = 7,879 fen (the 35元 per-visit cap is not modelled by SETTLEMENT.md)
    expect(r.classBPrepaid).toBe(1853);
    expect(r.policyRangeAmount).toBe(15064);
    expect(shares(r)).toEqual({ fund: 9038, critical: 0, assistance: 0, commercial: 0, self: 7879 });
    expect(codes(r)).toContain('NO_DEDUCTIBLE');
  });

  it('a 惠民保 enrollee with consent gets the commercial share; without consent the result says why', () => {
    expect(productSeed(PUTIAN)).toMatchObject({
      deductibleIn: y('15000'),
      deductibleOut: y('15000'),
      ratioIn: 0.75,
      ratioOut: 0.65,
      annualCap: y('1500000'),
    });
    const bill = { region: PUTIAN, scheme: 'RESIDENT', encounterType: 'INPATIENT', level: 2, items: [A('40000'), B('20000'), C('25000')] } as const;
    // prepay = 20,000 × 15% = 3,000; P = 57,000; fund = (57,000 − 500) × 75% = 42,375; S = 14,625
    // 大病 = (14,625 − 12,000) × 60% = 1,575
    // I = 14,625 − 1,575 + 3,000 = 16,050 → (16,050 − 15,000) × 75% = 787.50
    // O = 25,000 → (25,000 − 15,000) × 65% = 6,500; commercial = 7,287.50
    // self = 85,000 − 42,375 − 1,575 − 7,287.50 = 33,762.50
    const covered = settle({ ...bill, product: 'COVERED' });
    expect(shares(covered)).toEqual({
      fund: y('42375'),
      critical: y('1575'),
      assistance: 0,
      commercial: y('7287.50'),
      self: y('33762.50'),
    });
    expect(covered.accumulatorDelta).toMatchObject({
      productDeductibleInUsed: y('15000'),
      productDeductibleOutUsed: y('15000'),
      productPaid: y('7287.50'),
    });

    // No consent: commercial 0, self = 85,000 − 42,375 − 1,575 = 41,050, product accumulators untouched.
    const noConsent = settle({ ...bill, product: 'NO_CONSENT' });
    expect(shares(noConsent)).toEqual({ fund: y('42375'), critical: y('1575'), assistance: 0, commercial: 0, self: y('41050') });
    expect(noConsent.reasons).toContainEqual({ payer: 'COMMERCIAL', code: 'NO_CONSENT', message: 'no consent for one-stop settlement' });
    expect(noConsent.accumulatorDelta).toMatchObject({ productDeductibleInUsed: 0, productDeductibleOutUsed: 0, productPaid: 0 });
  });
});

describe('Putian 莆田 职工 (EMPLOYEE)', () => {
  it('an out-of-catalogue bill: only 惠民保 pays, special drugs at their own ratio', () => {
    expect(productSeed(PUTIAN)).toMatchObject({ ratioSpecialDrug: 0.6 });
    const r = settle({
      region: PUTIAN,
      scheme: 'EMPLOYEE',
      encounterType: 'INPATIENT',
      level: 3,
      items: [C('20000'), C('10000', true)],
      product: 'COVERED',
    });
    // P = 0 → ded 0, fund 0, S 0, 大病 0; I = 0
    // O = 30,000; the 15,000 deductible comes off the ordinary 20,000 first:
    // (20,000 − 15,000) × 65% + 10,000 × 60% = 3,250 + 6,000 = 9,250; self = 30,000 − 9,250 = 20,750
    expect(r.policyRangeAmount).toBe(0);
    expect(shares(r)).toEqual({ fund: 0, critical: 0, assistance: 0, commercial: y('9250'), self: y('20750') });
    expect(message(r, 'DEDUCTIBLE_NOT_MET')).toBe('deductible 0.00 of 900.00 met for this admission');
    expect(message(r, 'COMMERCIAL_PAID')).toBe(
      'commercial insurance pays 9250.00: 75% of in-catalogue 0.00, 65% of out-of-catalogue 5000.00, 60% of special drugs 10000.00',
    );
  });
});

describe('Jingzhou 荆州 职工 (EMPLOYEE)', () => {
  it('a pharmacy special-drug purchase: only special drugs count out of catalogue', () => {
    expect(basicSeed(JINGZHOU, 'EMPLOYEE', 'PHARMACY', null)).toMatchObject({ deductible: y('600'), ratio: 0.5 });
    expect(productSeed(JINGZHOU)).toMatchObject({
      deductibleIn: y('10000'),
      deductibleOut: y('20000'),
      ratioIn: 0.7,
      ratioSpecialDrug: 0.6,
      coveredEncounterTypes: ['INPATIENT', 'PHARMACY'],
    });
    // Year to date: basic deductible met (600), 惠民保 in-deductible met, out-deductible 15,000 of 20,000 used.
    const accumulators = {
      deductiblePaid: y('600'),
      criticalQualifying: y('9000'),
      productDeductibleInUsed: y('10000'),
      productDeductibleOutUsed: y('15000'),
    };
    const r = settle({
      region: JINGZHOU,
      scheme: 'EMPLOYEE',
      encounterType: 'PHARMACY',
      level: null,
      items: [A('200'), C('12000', true), C('300')],
      product: 'COVERED',
      accumulators,
    });
    // P = 200, ded 0 (met); fund = 200 × 50% = 100; S = 100; 大病 base 9,100 < 15,000
    // I = 100 → 100 × 70% = 70; O = special drugs 12,000 only (ordinary 300 not covered at a pharmacy)
    // → (12,000 − 5,000 remaining deductible) × 60% = 4,200; commercial = 4,270
    // self = 12,500 − 100 − 4,270 = 8,130
    expect(shares(r)).toEqual({ fund: y('100'), critical: 0, assistance: 0, commercial: y('4270'), self: y('8130') });
    expect(codes(r)).toContain('OUT_OF_CATALOGUE_NOT_COVERED');
    expect(r.accumulatorDelta).toMatchObject({ deductiblePaid: 0, productDeductibleOutUsed: y('5000'), productPaid: y('4270') });
  });
});

describe('Jingzhou 荆州 居民 (RESIDENT)', () => {
  it('uncovered encounter types, and the per-year deductible shared across outpatient types', () => {
    expect(basicSeed(JINGZHOU, 'RESIDENT', 'OUTPATIENT', 1)).toMatchObject({ deductible: y('100'), ratio: 0.6, classBSelfPayShare: 0.15 });
    expect(basicSeed(JINGZHOU, 'RESIDENT', 'CHRONIC_OUTPATIENT', 2)).toMatchObject({ deductible: y('100'), ratio: 0.6 });
    // prepay = 200 × 15% = 30; P = 670; ded 100; fund = 570 × 60% = 342; S = 328; self = 700 − 342 = 358
    const outpatient = settle({
      region: JINGZHOU,
      scheme: 'RESIDENT',
      encounterType: 'OUTPATIENT',
      level: 1,
      items: [A('500'), B('200')],
      product: 'COVERED',
    });
    expect(shares(outpatient)).toEqual({ fund: y('342'), critical: 0, assistance: 0, commercial: 0, self: y('358') });
    expect(outpatient.reasons).toContainEqual({
      payer: 'COMMERCIAL',
      code: 'ENCOUNTER_NOT_COVERED',
      message: 'the product does not cover OUTPATIENT encounters',
    });
    // 门诊慢特病: the 100 deductible was met by the outpatient bill → ded 0; fund = 1,000 × 60% = 600
    const chronic = settle({
      region: JINGZHOU,
      scheme: 'RESIDENT',
      encounterType: 'CHRONIC_OUTPATIENT',
      level: 2,
      items: [A('1000')],
      product: 'COVERED',
      accumulators: outpatient.accumulatorsAfter,
    });
    expect(chronic.deductiblePaid).toBe(0);
    expect(shares(chronic)).toEqual({ fund: y('600'), critical: 0, assistance: 0, commercial: 0, self: y('400') });
  });

  it('fund, critical-illness and product caps all bind on one bill', () => {
    expect(criticalSeed(JINGZHOU, 'RESIDENT')).toMatchObject({ annualCap: y('300000') });
    const accumulators = {
      fundPaid: y('200000'),
      criticalQualifying: y('500000'),
      criticalPaid: y('299000'),
      productDeductibleInUsed: y('10000'),
      productPaid: y('999000'),
    };
    const r = settle({
      region: JINGZHOU,
      scheme: 'RESIDENT',
      encounterType: 'INPATIENT',
      level: 3,
      items: [A('10000')],
      product: 'COVERED',
      accumulators,
    });
    // fund: (10,000 − 800) × 70% = 6,440 but the 200,000 cap is used up → 0; S = 10,000
    // 大病: base 500,000 → 510,000 in the top segment at 80% = 8,000, cap leaves 1,000 → 1,000
    // 惠民保: I = 10,000 − 1,000 = 9,000 × 70% = 6,300, cap leaves 1,000 → 1,000
    // self = 10,000 − 0 − 1,000 − 1,000 = 8,000
    expect(shares(r)).toEqual({ fund: 0, critical: y('1000'), assistance: 0, commercial: y('1000'), self: y('8000') });
    expect(codes(r)).toEqual(expect.arrayContaining(['FUND_CAP_REACHED', 'CRITICAL_CAP_REACHED', 'COMMERCIAL_CAP_REACHED']));
    expect(r.accumulatorsAfter).toMatchObject({ fundPaid: y('200000'), criticalPaid: y('300000'), productPaid: y('1000000') });
  });
});

describe('engine contract', () => {
  const base: SettlementComputationInput = {
    encounterType: 'OUTPATIENT',
    items: [A('100')],
    basic: { deductible: 0, ratio: 0.5, classBSelfPayShare: 0.1, annualCap: y('1000') },
    criticalIllness: { threshold: y('10000'), segments: [{ upToFen: null, ratio: 0.6 }], annualCap: null, thresholdFactor: 0.5, ratioBonus: 0.05 },
    assistance: null,
    product: { applies: false, reason: 'NOT_ENROLLED' },
    accumulators: ZERO_ACCUMULATORS,
  };

  it('derives the deductible scope from the encounter type', () => {
    expect(deductibleScope('INPATIENT')).toBe('PER_ADMISSION');
    expect(deductibleScope('OUTPATIENT')).toBe('PER_YEAR');
    expect(deductibleScope('CHRONIC_OUTPATIENT')).toBe('PER_YEAR');
    expect(deductibleScope('PHARMACY')).toBe('PER_YEAR');
  });

  it.each([
    ['NOT_ENROLLED', 'not enrolled in an active city commercial insurance product of the region'],
    ['PRODUCT_INACTIVE', 'the product is not active on the bill date'],
    ['ENCOUNTER_NOT_COVERED', 'the product does not cover this encounter type'],
  ] as const)('reports %s from the caller', (reason, text) => {
    const r = computeSettlement({ ...base, product: { applies: false, reason } });
    expect(r.reasons).toContainEqual({ payer: 'COMMERCIAL', code: reason, message: text });
    expect(r.commercialPaid).toBe(0);
  });

  it('settles an empty bill to zeros', () => {
    const r = computeSettlement({ ...base, items: [] });
    expect(shares(r)).toEqual({ fund: 0, critical: 0, assistance: 0, commercial: 0, self: 0 });
    expect(r.accumulatorsAfter).toEqual(ZERO_ACCUMULATORS);
  });

  it('rejects malformed input', () => {
    expect(() => computeSettlement({ ...base, items: [{ amountFen: -1, itemClass: 'A', specialDrug: false }] })).toThrow(RangeError);
    expect(() => computeSettlement({ ...base, items: [{ amountFen: 1.5, itemClass: 'A', specialDrug: false }] })).toThrow(RangeError);
    expect(() => computeSettlement({ ...base, items: [A('100000000'), A('0.01')] })).toThrow(/exceeds/);
    expect(() => computeSettlement({ ...base, basic: { ...base.basic, ratio: 0.12345 } })).toThrow(/4 decimal places/);
    expect(() =>
      computeSettlement({
        ...base,
        criticalIllness: {
          ...base.criticalIllness,
          segments: [
            { upToFen: y('500'), ratio: 0.6 },
            { upToFen: y('100'), ratio: 0.7 },
          ],
        },
      }),
    ).toThrow(/ascending/);
    expect(() =>
      computeSettlement({
        ...base,
        criticalIllness: {
          ...base.criticalIllness,
          segments: [
            { upToFen: null, ratio: 0.6 },
            { upToFen: y('100'), ratio: 0.7 },
          ],
        },
      }),
    ).toThrow(/unbounded/);
    expect(() => computeSettlement({ ...base, accumulators: { ...ZERO_ACCUMULATORS, fundPaid: -1 } })).toThrow(RangeError);
  });

  it('refuses a reversal that was never applied', () => {
    const r = computeSettlement(base);
    expect(() => reverseAccumulators(ZERO_ACCUMULATORS, r)).toThrow(/negative/);
  });
});

describe('policy seeds', () => {
  const regions: RegionCode[] = [NANTONG, NANJING, PUTIAN, JINGZHOU];
  const schemes: Scheme[] = ['EMPLOYEE', 'RESIDENT'];
  const years = [2024, 2025, 2026];
  const sourceFiles = [
    '000_e219cc0eb7e48e46.txt',
    '001_8aff2c6e8937ce80.txt',
    '002_c22904b03bed3402.txt',
    '003_7991ff9993990ec9.txt',
    '004_eba831d64ae4f652.txt',
  ];

  it('has one basic policy per region × scheme × year × encounter type × level', () => {
    for (const region of regions)
      for (const scheme of schemes)
        for (const year of years) {
          const rows = benefitPolicySeeds.filter((p) => p.regionCode === region && p.scheme === scheme && p.year === year);
          const keys = rows.map((p) => `${p.encounterType}:${p.institutionLevel}`).sort();
          expect(keys).toEqual(
            [
              'CHRONIC_OUTPATIENT:1',
              'CHRONIC_OUTPATIENT:2',
              'CHRONIC_OUTPATIENT:3',
              'INPATIENT:1',
              'INPATIENT:2',
              'INPATIENT:3',
              'OUTPATIENT:1',
              'OUTPATIENT:2',
              'OUTPATIENT:3',
              'PHARMACY:null',
            ].sort(),
          );
          // One fund cap per region × scheme × year: the engine keeps one fundPaid accumulator.
          expect(new Set(rows.map((p) => p.annualCap)).size).toBe(1);
        }
  });

  it('has critical-illness, assistance, premium and product records for every region and year', () => {
    for (const region of regions)
      for (const year of years) {
        for (const scheme of schemes) {
          expect(criticalIllnessPolicySeeds.filter((p) => p.regionCode === region && p.scheme === scheme && p.year === year)).toHaveLength(1);
        }
        expect(assistancePolicySeeds.filter((p) => p.regionCode === region && p.year === year).map((p) => p.category).sort()).toEqual(
          ['EXTREME_POVERTY', 'ILLNESS_POVERTY', 'LOW_INCOME', 'RELAPSE_MONITORING', 'SUBSISTENCE'],
        );
        expect(residentPremiumSeeds.filter((p) => p.regionCode === region && p.year === year)).toHaveLength(1);
        expect(productSeeds.filter((p) => p.regionCode === region && p.year === year)).toHaveLength(1);
      }
  });

  it('cites the source documents and keeps money in whole fen', () => {
    const records = [...benefitPolicySeeds, ...criticalIllnessPolicySeeds, ...assistancePolicySeeds, ...residentPremiumSeeds, ...productSeeds];
    for (const record of records) {
      if (record.source) expect(sourceFiles).toContain(record.source.file);
      else expect(record.isDefault).toBe(true);
    }
    expect(benefitPolicySeeds.find((p) => p.regionCode === NANTONG && p.scheme === 'EMPLOYEE' && p.encounterType === 'INPATIENT' && p.institutionLevel === 3))
      .toMatchObject({ ratio: 0.85, isDefault: false, source: { file: '000_e219cc0eb7e48e46.txt' } });
    expect(residentPremiumSeeds.find((p) => p.regionCode === NANTONG && p.year === 2025)).toMatchObject({
      fundingPerCapita: y('1200'),
      source: { file: '003_7991ff9993990ec9.txt' },
    });
    for (const p of [...benefitPolicySeeds, ...assistancePolicySeeds, ...productSeeds]) {
      expect(Number.isSafeInteger(p.annualCap)).toBe(true);
    }
    for (const p of productSeeds) expect(insurerSeeds.map((i) => i.code)).toContain(p.insurerCode);
  });

  it('subsidises the full individual premium for 特困 and a share for others', () => {
    const premium = found(residentPremiumSeeds.find((p) => p.regionCode === NANTONG && p.year === YEAR), 'premium').individualPremium;
    expect(assistanceSeed(NANTONG, 'EXTREME_POVERTY').subsidyAmount).toBe(premium);
    expect(assistanceSeed(NANTONG, 'SUBSISTENCE').subsidyAmount).toBe(applyRatio(premium, 0.7));
    expect(assistanceSeed(NANJING, 'LOW_INCOME').subsidyAmount).toBe(
      found(residentPremiumSeeds.find((p) => p.regionCode === NANJING && p.year === YEAR), 'premium').individualPremium,
    );
  });
});
