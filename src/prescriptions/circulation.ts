/**
 * 电子处方流转 (e-prescription circulation) as pure rules: which status changes are allowed, when a
 * prescription counts as expired, and the 三重认证 (triple verification) a pharmacy must pass
 * before it dispenses — the patient's ID number, the 取药码 (pickup code) and one 药品追溯码
 * (drug trace code) per dispensed unit. No I/O: the write path loads the facts and asks here.
 */
import { timingSafeEqual } from 'node:crypto';

export type CirculationStatus = 'ISSUED' | 'DISPENSED' | 'CANCELLED' | 'EXPIRED';

/**
 * Allowed transitions. Only an issued prescription moves: to DISPENSED at a pharmacy, to CANCELLED
 * by its issuer (撤销, only while unused), to EXPIRED once its validity has passed. The other
 * three are final; a prescription is never dispensed twice.
 */
export const TRANSITIONS: Readonly<Record<CirculationStatus, readonly CirculationStatus[]>> = {
  ISSUED: ['DISPENSED', 'CANCELLED', 'EXPIRED'],
  DISPENSED: [],
  CANCELLED: [],
  EXPIRED: [],
};

/** Whether `from → to` is an allowed transition. */
export function canTransition(from: CirculationStatus, to: CirculationStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** 处方有效天数: at most 7 days (regional 外配 rules), 3 by default (《处方管理办法》 allows up to 3 when the doctor notes it). */
export const MIN_VALID_DAYS = 1;
export const MAX_VALID_DAYS = 7;
export const DEFAULT_VALID_DAYS = 3;

const DAY_MS = 86_400_000;

/** valiEndTime = 开方时间 + 处方有效天数. */
export function validUntilFor(issuedAt: Date, validDays: number): Date {
  return new Date(issuedAt.getTime() + validDays * DAY_MS);
}

/** The status a reader sees: an issued prescription past its validity is expired even before it is marked so. */
export function effectiveStatus(status: CirculationStatus, validUntil: Date, now: Date): CirculationStatus {
  return status === 'ISSUED' && validUntil <= now ? 'EXPIRED' : status;
}

/** 取药码: six digits, shown to the patient once. */
export const PICKUP_CODE = /^\d{6}$/;
/** 药品追溯码: the 20-digit code printed on each box. */
export const TRACE_CODE = /^\d{20}$/;

/** Index of the first value that repeats an earlier one, or -1. */
export function firstRepeat(values: readonly string[]): number {
  const seen = new Set<string>();
  for (const [i, v] of values.entries()) {
    if (seen.has(v)) return i;
    seen.add(v);
  }
  return -1;
}

/** Constant-time comparison of two hex digests, so response timing does not hint at a near match. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** What the hub holds about a prescription presented at a pharmacy. */
export interface PresentedPrescription {
  patientIdNumber: string;
  pickupCodeHash: string;
  status: CirculationStatus;
  validUntil: Date;
  items: readonly { quantity: number; dualChannel: boolean }[];
}

/** What the pharmacy presents: the patient's ID number, the hashed pickup code, the scanned trace codes. */
export interface Presentation {
  idNumber: string;
  pickupCodeHash: string;
  traceCodes: readonly string[];
}

export type DispenseCheck =
  | { ok: true; units: number }
  /** Unknown code, wrong ID number and wrong pickup code are one answer, so existence does not leak. */
  | { ok: false; reason: 'NOT_FOUND' }
  | { ok: false; reason: 'NOT_ISSUED'; status: CirculationStatus }
  | { ok: false; reason: 'EXPIRED' }
  | { ok: false; reason: 'DUAL_CHANNEL' }
  | { ok: false; reason: 'TRACE_COUNT'; expected: number; received: number };

/** Dispensed units: one trace code is scanned per unit. */
export function unitsOf(items: PresentedPrescription['items']): number {
  return items.reduce((sum, i) => sum + i.quantity, 0);
}

/**
 * 三重认证 and the dispensing preconditions, in an order that reveals nothing to a caller who has
 * not proven both the patient's ID number and the pickup code: identity first, then the
 * prescription's state (status, validity), then what this pharmacy may hand out (双通道 drugs
 * only at dual-channel pharmacies), then one trace code per unit.
 *
 * @param rx - the stored prescription, or null when the code is unknown
 * @param presented - what the pharmacy presents
 * @param pharmacy - whether the dispensing pharmacy is designated for 双通道 (dual-channel) drugs
 * @param now - the request time
 */
export function checkDispense(
  rx: PresentedPrescription | null,
  presented: Presentation,
  pharmacy: { dualChannel: boolean },
  now: Date,
): DispenseCheck {
  if (!rx || rx.patientIdNumber !== presented.idNumber || !digestsEqual(rx.pickupCodeHash, presented.pickupCodeHash)) {
    return { ok: false, reason: 'NOT_FOUND' };
  }
  if (!canTransition(rx.status, 'DISPENSED')) return { ok: false, reason: 'NOT_ISSUED', status: rx.status };
  if (effectiveStatus(rx.status, rx.validUntil, now) === 'EXPIRED') return { ok: false, reason: 'EXPIRED' };
  if (!pharmacy.dualChannel && rx.items.some((i) => i.dualChannel)) return { ok: false, reason: 'DUAL_CHANNEL' };
  const units = unitsOf(rx.items);
  if (presented.traceCodes.length !== units) return { ok: false, reason: 'TRACE_COUNT', expected: units, received: presented.traceCodes.length };
  return { ok: true, units };
}

/** Institution kinds that may issue prescriptions (a pharmacy dispenses, it never issues). */
export const ISSUER_KINDS: readonly string[] = ['HOSPITAL', 'PRIMARY_CARE'];
export const DISPENSER_KINDS: readonly string[] = ['PHARMACY'];
