/**
 * Shared operations and database reads for the settlement service tests.
 */
import { randomUUID } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import { accumulators, settlements } from '../../src/db/schema/index.js';
import type { Caller } from '../helpers/hub.js';

const SPLIT = 'totalAmount policyRangeAmount classBPrepaid deductiblePaid fundPaid criticalIllnessPaid assistancePaid commercialPaid selfPaid';

export const SETTLE = `mutation Settle($input: SettleClaimInput!) {
  settleClaim(input: $input) {
    __typename
    ... on SettleClaimPayload { replayed settlement { id status scheme encounterType billDate crossProvince ${SPLIT} reasons { payer code message } } }
    ... on UserError { code message }
    ... on InputError { field }
    ... on NotFoundError { notFoundField: field }
  }
}`;

export const QUOTE = `query Quote($input: SettlementInput!) {
  quoteSettlement(input: $input) { scheme product { code } ${SPLIT} reasons { payer code } }
}`;

export const REVERSE = `mutation Reverse($input: ReverseSettlementInput!) {
  reverseSettlement(input: $input) {
    __typename
    ... on ReverseSettlementPayload { settlement { id status reversalReason reversedAt fundPaid } }
    ... on UserError { code message }
    ... on InputError { field }
    ... on NotFoundError { notFoundField: field }
  }
}`;

/** A fresh, well-formed idempotency key. */
export const newKey = () => `test-${randomUUID()}`;

export interface ItemShape {
  code?: string;
  name?: string;
  itemClass: string;
  amount: string;
  specialDrug?: boolean;
}

export const item = (itemClass: string, amount: string, extra: Partial<ItemShape> = {}): ItemShape => ({
  code: `ITEM${itemClass}001`,
  name: `测试项目${itemClass}`,
  itemClass,
  amount,
  ...extra,
});

export interface BillShape {
  idNumber: string;
  institutionCode: string;
  encounterType: string;
  date: string;
  items: ItemShape[];
  idempotencyKey?: string;
  diagnosis?: { code: string; name: string } | null;
}

/** Settles a bill (a fresh key unless the bill names one) and returns the mutation's union result. */
export async function settle(caller: Caller, bill: BillShape): Promise<{ result: Record<string, any>; errors: readonly unknown[] | undefined; raw: Awaited<ReturnType<Caller>> }> {
  const raw = await caller(SETTLE, { input: { idempotencyKey: newKey(), ...bill } });
  return { result: raw.data?.settleClaim ?? null, errors: raw.errors, raw };
}

/** The split of a settlement or quote, as the API returns it. */
export const split = (s: Record<string, any>) => ({
  totalAmount: s.totalAmount,
  policyRangeAmount: s.policyRangeAmount,
  classBPrepaid: s.classBPrepaid,
  deductiblePaid: s.deductiblePaid,
  fundPaid: s.fundPaid,
  criticalIllnessPaid: s.criticalIllnessPaid,
  assistancePaid: s.assistancePaid,
  commercialPaid: s.commercialPaid,
  selfPaid: s.selfPaid,
});

/** The person's accumulators row for a year without its timestamp, or null. */
export async function accumulatorsOf(database: Database, personId: number, year = 2026) {
  const [row] = await database.db.select().from(accumulators).where(and(eq(accumulators.personId, personId), eq(accumulators.year, year)));
  if (!row) return null;
  const { createdAt: _createdAt, ...figures } = row;
  return figures;
}

export async function settlementCount(database: Database): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(settlements);
  return Number(row?.n ?? 0);
}
