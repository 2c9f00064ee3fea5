import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZERO_ACCUMULATORS, computeSettlement, reverseAccumulators } from '../../src/benefits/settlement/engine.js';
import { MAX_MONEY_FEN, applyRatio, formatMoney, parseMoney } from '../../src/benefits/settlement/money.js';
import {
  ASSISTANCE_CATEGORIES,
  ENCOUNTER_TYPES,
  type AssistanceParams,
  type BasicPolicyParams,
  type BillItem,
  type CriticalIllnessParams,
  type EncounterType,
  type ProductCoverage,
  type SettlementAccumulators,
  type SettlementComputation,
} from '../../src/benefits/settlement/types.js';

const YUAN = 100;

/** A ratio with at most 4 decimals, drawn as basis points. */
const ratio = fc.integer({ min: 0, max: 10_000 }).map((bp) => bp / 10_000);
const fen = (maxYuan: number) => fc.integer({ min: 0, max: maxYuan * YUAN });

const billItem: fc.Arbitrary<BillItem> = fc.record({
  amountFen: fen(50_000),
  itemClass: fc.constantFrom('A', 'B', 'C'),
  specialDrug: fc.boolean(),
});
const items = fc.array(billItem, { maxLength: 8 });
const encounterType = fc.constantFrom(...ENCOUNTER_TYPES);

const basic: fc.Arbitrary<BasicPolicyParams> = fc.record({
  deductible: fen(2_000),
  ratio,
  classBSelfPayShare: ratio,
  annualCap: fen(500_000),
});

const criticalIllness: fc.Arbitrary<CriticalIllnessParams> = fc.record({
  threshold: fen(50_000),
  bounds: fc.uniqueArray(fc.integer({ min: 1, max: 300_000 * YUAN }), { maxLength: 3 }),
  ratios: fc.array(ratio, { minLength: 4, maxLength: 4 }),
  annualCap: fc.option(fen(400_000)),
  thresholdFactor: ratio,
  ratioBonus: ratio,
}).map(({ bounds, ratios, ...rest }) => ({
  ...rest,
  segments: [...[...bounds].sort((a, b) => a - b), null].map((upToFen, i) => ({ upToFen, ratio: ratios[i]! })),
}));

const assistance: fc.Arbitrary<AssistanceParams | null> = fc.option(
  fc.record({ category: fc.constantFrom(...ASSISTANCE_CATEGORIES), ratio, annualCap: fen(100_000) }),
);

const product: fc.Arbitrary<ProductCoverage> = fc.oneof(
  fc.record({
    applies: fc.constant(true as const),
    terms: fc.record({
      deductibleIn: fen(30_000),
      deductibleOut: fen(30_000),
      ratioIn: ratio,
      ratioOut: ratio,
      ratioSpecialDrug: ratio,
      annualCap: fen(300_000),
      coveredEncounterTypes: fc.subarray([...ENCOUNTER_TYPES]),
    }),
  }),
  fc.record({
    applies: fc.constant(false as const),
    reason: fc.constantFrom('NOT_ENROLLED', 'NO_CONSENT', 'ENCOUNTER_NOT_COVERED', 'PRODUCT_INACTIVE'),
  }),
);

const accumulators: fc.Arbitrary<SettlementAccumulators> = fc.record({
  deductiblePaid: fen(3_000),
  fundPaid: fen(600_000),
  criticalQualifying: fen(600_000),
  criticalPaid: fen(500_000),
  assistancePaid: fen(150_000),
  productDeductibleInUsed: fen(40_000),
  productDeductibleOutUsed: fen(40_000),
  productPaid: fen(400_000),
});

/** The person's policies for a year; bills in a sequence share them, as they share the caps. */
const policies = fc.record({ basic, criticalIllness, assistance, product });
type Policies = typeof policies extends fc.Arbitrary<infer T> ? T : never;

const bill = fc.record({ encounterType, items });
type Bill = { encounterType: EncounterType; items: BillItem[] };

function settle(p: Policies, b: Bill, acc: SettlementAccumulators): SettlementComputation {
  return computeSettlement({ ...p, ...b, accumulators: acc });
}

const payerShares = (r: SettlementComputation) => [r.fundPaid, r.criticalIllnessPaid, r.assistancePaid, r.commercialPaid, r.selfPaid];

/** Settles bills one after another, threading the accumulators. */
function settleSequence(p: Policies, bills: readonly Bill[], start: SettlementAccumulators): SettlementComputation[] {
  const results: SettlementComputation[] = [];
  let acc = start;
  for (const b of bills) {
    const r = settle(p, b, acc);
    results.push(r);
    acc = r.accumulatorsAfter;
  }
  return results;
}

describe('settlement invariants (SETTLEMENT.md)', () => {
  it('every share is a non-negative whole number of fen and the shares sum to the total', () => {
    fc.assert(
      fc.property(policies, bill, accumulators, (p, b, acc) => {
        const r = settle(p, b, acc);
        for (const share of payerShares(r)) {
          expect(Number.isSafeInteger(share)).toBe(true);
          expect(share).toBeGreaterThanOrEqual(0);
        }
        expect(payerShares(r).reduce((a, c) => a + c, 0)).toBe(r.totalAmount);
        expect(r.totalAmount).toBe(b.items.reduce((a, i) => a + i.amountFen, 0));
      }),
      { numRuns: 500 },
    );
  });

  it('fund ≤ round((P − ded) × R), and the deductible never exceeds D or P', () => {
    fc.assert(
      fc.property(policies, bill, accumulators, (p, b, acc) => {
        const r = settle(p, b, acc);
        expect(r.deductiblePaid).toBeLessThanOrEqual(Math.min(p.basic.deductible, r.policyRangeAmount));
        expect(r.fundPaid).toBeLessThanOrEqual(applyRatio(r.policyRangeAmount - r.deductiblePaid, p.basic.ratio));
      }),
      { numRuns: 500 },
    );
  });

  it('yearly accumulators never exceed the caps across a sequence of bills', () => {
    fc.assert(
      fc.property(policies, fc.array(bill, { minLength: 1, maxLength: 12 }), (p, bills) => {
        for (const r of settleSequence(p, bills, ZERO_ACCUMULATORS)) {
          const after = r.accumulatorsAfter;
          expect(after.fundPaid).toBeLessThanOrEqual(p.basic.annualCap);
          expect(after.deductiblePaid).toBeLessThanOrEqual(p.basic.deductible);
          if (p.criticalIllness.annualCap !== null) expect(after.criticalPaid).toBeLessThanOrEqual(p.criticalIllness.annualCap);
          expect(after.assistancePaid).toBeLessThanOrEqual(p.assistance?.annualCap ?? 0);
          const terms = p.product.applies ? p.product.terms : { annualCap: 0, deductibleIn: 0, deductibleOut: 0 };
          expect(after.productPaid).toBeLessThanOrEqual(terms.annualCap);
          expect(after.productDeductibleInUsed).toBeLessThanOrEqual(terms.deductibleIn);
          expect(after.productDeductibleOutUsed).toBeLessThanOrEqual(terms.deductibleOut);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reversing every settlement of a sequence, in any order, restores the initial accumulators', () => {
    const scenario = fc
      .record({ p: policies, bills: fc.array(bill, { minLength: 1, maxLength: 8 }), start: accumulators })
      .chain((s) =>
        fc
          .shuffledSubarray(
            s.bills.map((_, i) => i),
            { minLength: s.bills.length, maxLength: s.bills.length },
          )
          .map((order) => ({ ...s, order })),
      );
    fc.assert(
      fc.property(scenario, ({ p, bills, start, order }) => {
        const results = settleSequence(p, bills, start);
        let acc = results.at(-1)!.accumulatorsAfter;
        for (const i of order) acc = reverseAccumulators(acc, results[i]!);
        expect(acc).toEqual(start);
      }),
      { numRuns: 300 },
    );
  });

  it('adding money to a bill never lowers any payer’s share of that bill', () => {
    fc.assert(
      fc.property(policies, bill, billItem, accumulators, (p, b, extra, acc) => {
        const smaller = settle(p, b, acc);
        const larger = settle(p, { ...b, items: [...b.items, extra] }, acc);
        const before = payerShares(smaller);
        payerShares(larger).forEach((share, i) => expect(share).toBeGreaterThanOrEqual(before[i]!));
      }),
      { numRuns: 500 },
    );
  });

  it('adding money to any existing item never lowers any payer’s share either', () => {
    fc.assert(
      fc.property(
        policies,
        bill.filter((b) => b.items.length > 0),
        fc.nat(),
        fen(10_000),
        accumulators,
        (p, b, index, extra, acc) => {
          const i = index % b.items.length;
          const grown = b.items.map((it, j) => (j === i ? { ...it, amountFen: it.amountFen + extra } : it));
          const before = payerShares(settle(p, b, acc));
          payerShares(settle(p, { ...b, items: grown }, acc)).forEach((share, k) => expect(share).toBeGreaterThanOrEqual(before[k]!));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('money invariants', () => {
  it('formatMoney and parseMoney round-trip every amount up to the limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_MONEY_FEN }), (amount) => {
        expect(parseMoney(formatMoney(amount))).toBe(amount);
      }),
      { numRuns: 1000 },
    );
  });

  it('applyRatio equals exact rational round-half-up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_MONEY_FEN }), fc.integer({ min: 0, max: 10_000 }), (base, bp) => {
        const exact = (BigInt(base) * BigInt(bp) * 2n + 10_000n) / 20_000n; // floor(x + 1/2)
        expect(applyRatio(base, bp / 10_000)).toBe(Number(exact));
      }),
      { numRuns: 1000 },
    );
  });
});
