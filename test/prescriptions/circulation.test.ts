import { describe, expect, it } from 'vitest';
import { PRESCRIPTION_STATUSES } from '../../src/graphql/enums.js';
import {
  canTransition, checkDispense, digestsEqual, effectiveStatus, firstRepeat, TRANSITIONS, unitsOf, validUntilFor, type CirculationStatus,
  type PresentedPrescription,
} from '../../src/prescriptions/circulation.js';
import { pickupCodeHash } from '../../src/prescriptions/service.js';

const NOW = new Date('2026-05-10T08:00:00Z');
const HASH = pickupCodeHash('RX20260510ABCDEFGHJK', '123456');

const rx = (over: Partial<PresentedPrescription> = {}): PresentedPrescription => ({
  patientIdNumber: '320602199001011234',
  pickupCodeHash: HASH,
  status: 'ISSUED',
  validUntil: new Date('2026-05-12T08:00:00Z'),
  items: [{ quantity: 2, dualChannel: false }, { quantity: 1, dualChannel: false }],
  ...over,
});
const presentation = (over: Partial<{ idNumber: string; pickupCodeHash: string; traceCodes: string[] }> = {}) => ({
  idNumber: '320602199001011234',
  pickupCodeHash: HASH,
  traceCodes: ['1'.repeat(20), '2'.repeat(20), '3'.repeat(20)],
  ...over,
});

describe('prescription state machine', () => {
  it('covers every status of the schema enum', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...PRESCRIPTION_STATUSES].sort());
  });

  it('lets only an issued prescription move, and never back', () => {
    const all = Object.keys(TRANSITIONS) as CirculationStatus[];
    const allowed = all.flatMap((from) => all.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
    expect(allowed.sort()).toEqual(['ISSUED→CANCELLED', 'ISSUED→DISPENSED', 'ISSUED→EXPIRED']);
  });

  it('reads an issued prescription past its validity as expired, at the boundary included', () => {
    const until = validUntilFor(NOW, 3);
    expect(until.toISOString()).toBe('2026-05-13T08:00:00.000Z');
    expect(effectiveStatus('ISSUED', until, new Date(until.getTime() - 1))).toBe('ISSUED');
    expect(effectiveStatus('ISSUED', until, until)).toBe('EXPIRED');
    expect(effectiveStatus('DISPENSED', until, new Date(until.getTime() + 1))).toBe('DISPENSED');
  });
});

describe('三重认证 (triple verification)', () => {
  it('passes with the right ID number, pickup code and one trace code per unit', () => {
    expect(checkDispense(rx(), presentation(), { dualChannel: false }, NOW)).toEqual({ ok: true, units: 3 });
    expect(unitsOf(rx().items)).toBe(3);
  });

  it('gives one indistinguishable answer for an unknown code, a wrong ID number and a wrong pickup code', () => {
    const wrongId = checkDispense(rx(), presentation({ idNumber: '32060219900101123X' }), { dualChannel: true }, NOW);
    const wrongPickup = checkDispense(rx(), presentation({ pickupCodeHash: pickupCodeHash('RX20260510ABCDEFGHJK', '654321') }), { dualChannel: true }, NOW);
    const unknown = checkDispense(null, presentation(), { dualChannel: true }, NOW);
    expect(wrongId).toEqual({ ok: false, reason: 'NOT_FOUND' });
    expect(wrongPickup).toEqual(wrongId);
    expect(unknown).toEqual(wrongId);
  });

  it('checks identity before revealing state: a dispensed prescription with a wrong pickup code is NOT_FOUND', () => {
    const wrong = presentation({ pickupCodeHash: pickupCodeHash('RX20260510ABCDEFGHJK', '000000') });
    expect(checkDispense(rx({ status: 'DISPENSED' }), wrong, { dualChannel: true }, NOW)).toEqual({ ok: false, reason: 'NOT_FOUND' });
    expect(checkDispense(rx({ status: 'DISPENSED' }), presentation(), { dualChannel: true }, NOW)).toEqual({ ok: false, reason: 'NOT_ISSUED', status: 'DISPENSED' });
    expect(checkDispense(rx({ status: 'CANCELLED' }), presentation(), { dualChannel: true }, NOW)).toMatchObject({ reason: 'NOT_ISSUED' });
  });

  it('refuses an expired prescription, 双通道 drugs at an ordinary pharmacy, and a wrong number of trace codes', () => {
    expect(checkDispense(rx({ validUntil: NOW }), presentation(), { dualChannel: false }, NOW)).toEqual({ ok: false, reason: 'EXPIRED' });
    const dual = rx({ items: [{ quantity: 3, dualChannel: true }] });
    expect(checkDispense(dual, presentation(), { dualChannel: false }, NOW)).toEqual({ ok: false, reason: 'DUAL_CHANNEL' });
    expect(checkDispense(dual, presentation(), { dualChannel: true }, NOW)).toEqual({ ok: true, units: 3 });
    expect(checkDispense(rx(), presentation({ traceCodes: ['1'.repeat(20)] }), { dualChannel: false }, NOW)).toEqual({
      ok: false, reason: 'TRACE_COUNT', expected: 3, received: 1,
    });
  });

  it('compares digests in constant time and finds repeats', () => {
    expect(digestsEqual(HASH, HASH)).toBe(true);
    expect(digestsEqual(HASH, HASH.slice(0, 62))).toBe(false);
    expect(digestsEqual('', '')).toBe(false);
    expect(firstRepeat(['a', 'b', 'a'])).toBe(2);
    expect(firstRepeat(['a', 'b'])).toBe(-1);
  });
});
