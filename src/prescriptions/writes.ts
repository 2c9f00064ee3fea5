import { randomBytes, randomInt } from 'node:crypto';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { drugs, drugTraceCodes, enrollments, institutions, persons, prescriptionEvents, prescriptionItems, prescriptions } from '../db/schema/index.js';
import type { Tx } from '../db/client.js';
import { principalOf, type Context } from '../server/context.js';
import { ConflictError, forbidden, InputError, notFound } from '../server/errors.js';
import { parseInput, text } from '../server/validate.js';
import { runWrite } from '../server/write.js';
import {
  canTransition, checkDispense, DEFAULT_VALID_DAYS, DISPENSER_KINDS, effectiveStatus, firstRepeat, ISSUER_KINDS, MAX_VALID_DAYS, MIN_VALID_DAYS, PICKUP_CODE,
  TRACE_CODE, validUntilFor, type CirculationStatus,
} from './circulation.js';
import type { PrescriptionRow } from './loaders.js';
import { pickupCodeHash, PRESCRIPTION_CODE } from './service.js';
import { beijingDate, beijingYear } from '../calendar.js';

type InstitutionRow = typeof institutions.$inferSelect;

const ICD10 = /^[A-Z]\d{2}\.\d{3}$/;
/** 医保药品代码: 西药 X + 22 characters, 中成药 Z + 19. */
const DRUG_CODE = /^(X[A-Z0-9]{22}|Z[A-Z0-9]{19})$/;
const MAX_ITEMS = 20;
const MAX_QUANTITY = 100;

/**
 * The calling hospital or pharmacy, which must hold an ACTIVE 医保服务协议 (service agreement)
 * and be of a kind allowed to do this; otherwise the write is refused as FORBIDDEN.
 */
async function callerInstitution(ctx: Context, kinds: readonly string[], action: string): Promise<InstitutionRow> {
  const code = principalOf(ctx).institutionCode;
  const [row] = code ? await ctx.db.select().from(institutions).where(eq(institutions.code, code)) : [];
  if (!row) throw forbidden('The calling institution is not a designated institution');
  if (!kinds.includes(row.kind)) throw forbidden(`A ${row.kind} institution cannot ${action}`);
  if (row.agreementStatus !== 'ACTIVE') throw forbidden(`The institution's service agreement is ${row.agreementStatus}`);
  return row;
}

// ── issuePrescription ────────────────────────────────────────────────────────────────────────

const IssueInput = z.object({
  idNumber: z.string(),
  diagnosis: z.object({ code: z.string().regex(ICD10, 'ICD-10 医保版 code like J18.900'), name: text(100, 'Diagnosis name') }),
  items: z
    .array(
      z.object({
        drugCode: z.string().regex(DRUG_CODE, 'Drug code is X + 22 or Z + 19 upper-case letters or digits'),
        quantity: z.number().int('Quantity is a whole number').min(1, 'Quantity is at least 1').max(MAX_QUANTITY, `Quantity is at most ${MAX_QUANTITY}`),
        usage: text(200, 'Usage'),
      }),
    )
    .min(1, 'At least one item')
    .max(MAX_ITEMS, `At most ${MAX_ITEMS} items`)
    .superRefine((items, issue) => {
      const repeat = firstRepeat(items.map((i) => i.drugCode));
      if (repeat >= 0) issue.addIssue({ code: 'custom', path: [repeat, 'drugCode'], message: 'The drug is already on the prescription; raise its quantity instead' });
    }),
  validDays: z
    .number()
    .int()
    .min(MIN_VALID_DAYS, `Valid for at least ${MIN_VALID_DAYS} day`)
    .max(MAX_VALID_DAYS, `Valid for at most ${MAX_VALID_DAYS} days`)
    .nullish()
    .transform((v) => v ?? DEFAULT_VALID_DAYS),
});

/** Crockford base32 (no I, L, O, U): unambiguous when read out at a counter. */
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * 'RX' + the UTC issue date + 10 random base32 characters (50 bits): 20 characters, matching
 * PRESCRIPTION_CODE. A clash within a day is about one in 10^15; the unique constraint still
 * guards, and the insert retries with a fresh code.
 */
function newPrescriptionCode(now: Date): string {
  const bytes = randomBytes(10);
  const suffix = [...bytes].map((b) => BASE32[b & 31]).join('');
  return `RX${beijingDate(now).replaceAll('-', '')}${suffix}`;
}

/** A 6-digit 取药码 from a cryptographic source. */
function newPickupCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

const CODE_ATTEMPTS = 3;

/**
 * 开方: a hospital or primary-care institution with an active agreement issues an e-prescription
 * for a patient of any region who holds active basic insurance this year. The issuer is always
 * the caller's own institution. The pickup code is returned once; only its hash is kept.
 */
export async function issuePrescription(ctx: Context, raw: z.input<typeof IssueInput>) {
  const issuer = await callerInstitution(ctx, ISSUER_KINDS, 'issue prescriptions');
  const input = parseInput(IssueInput, raw);
  const year = beijingYear(ctx.now);
  const [patient] = await ctx.db
    .select({ id: persons.id, regionCode: persons.regionCode, insured: sql<boolean>`exists (select 1 from ${enrollments} where ${and(
      eq(enrollments.personId, persons.id), eq(enrollments.year, year), eq(enrollments.status, 'ACTIVE'),
    )})` })
    .from(persons)
    .where(eq(persons.idNumber, input.idNumber));
  if (!patient) throw notFound('Person', 'input.idNumber');
  if (!patient.insured) throw new ConflictError(`The patient holds no active basic medical insurance for ${year}`);
  const catalogue = await ctx.db.select().from(drugs).where(inArray(drugs.code, input.items.map((i) => i.drugCode)));
  const byCode = new Map(catalogue.map((d) => [d.code, d]));
  const missing = input.items.findIndex((i) => !byCode.has(i.drugCode));
  if (missing >= 0) throw notFound('Drug', `input.items.${missing}.drugCode`);

  const pickupCode = newPickupCode();
  const prescription = await runWrite(ctx, 'issuePrescription', async (tx) => {
    const row = await insertWithFreshCode(tx, (code) => ({
      code, personId: patient.id, regionCode: patient.regionCode, issuerId: issuer.id, diagnosisCode: input.diagnosis.code,
      diagnosisName: input.diagnosis.name, status: 'ISSUED', issuedAt: ctx.now, validUntil: validUntilFor(ctx.now, input.validDays),
      pickupCodeHash: pickupCodeHash(code, pickupCode),
    }), ctx.now);
    await tx.insert(prescriptionItems).values(
      input.items.map((i) => {
        const drug = byCode.get(i.drugCode)!;
        return { prescriptionId: row.id, drugId: drug.id, quantity: i.quantity, unitPrice: drug.unitPrice, amount: drug.unitPrice * i.quantity, usage: i.usage };
      }),
    );
    await tx.insert(prescriptionEvents).values({ prescriptionId: row.id, status: 'ISSUED', institutionId: issuer.id, at: ctx.now });
    return { result: row, personIds: [patient.id] };
  });
  return { prescription, pickupCode };
}

async function insertWithFreshCode(tx: Tx, values: (code: string) => typeof prescriptions.$inferInsert, now: Date): Promise<PrescriptionRow> {
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
    const [row] = await tx.insert(prescriptions).values(values(newPrescriptionCode(now))).onConflictDoNothing({ target: prescriptions.code }).returning();
    if (row) return row;
  }
  throw new Error('could not draw an unused prescription code');
}

// ── dispensePrescription ─────────────────────────────────────────────────────────────────────

const DispenseInput = z.object({
  code: z.string().regex(PRESCRIPTION_CODE, 'Prescription code is 8–32 upper-case letters or digits'),
  idNumber: z.string(),
  pickupCode: z.string().regex(PICKUP_CODE, 'Pickup code is 6 digits'),
  traceCodes: z
    .array(z.string().regex(TRACE_CODE, 'Drug trace code (追溯码) is 20 digits'))
    .min(1, 'One drug trace code per dispensed unit')
    .max(MAX_ITEMS * MAX_QUANTITY)
    .superRefine((codes, issue) => {
      const repeat = firstRepeat(codes);
      if (repeat >= 0) issue.addIssue({ code: 'custom', path: [repeat], message: 'The trace code is listed twice; each box has its own' });
    }),
});

/** The prescription as a pharmacy presents it, with the patient's ID number and each item's 双通道 flag. */
async function presented(ctx: Context, code: string) {
  const [rx] = await ctx.db
    .select({ row: prescriptions, patientIdNumber: persons.idNumber })
    .from(prescriptions)
    .innerJoin(persons, eq(persons.id, prescriptions.personId))
    .where(eq(prescriptions.code, code));
  if (!rx) return null;
  const items = await ctx.db
    .select({ quantity: prescriptionItems.quantity, dualChannel: drugs.dualChannel })
    .from(prescriptionItems)
    .innerJoin(drugs, eq(drugs.id, prescriptionItems.drugId))
    .where(eq(prescriptionItems.prescriptionId, rx.row.id));
  return { ...rx, items };
}

/**
 * 取药: a pharmacy with an active agreement dispenses after 三重认证 (patient ID number, pickup
 * code, one unused drug trace code per unit). Exactly one of concurrent attempts succeeds: the
 * status moves only from ISSUED in a conditional UPDATE, and each trace code's primary key admits
 * it once across the hub. A prescription found expired is marked EXPIRED before the refusal.
 */
export async function dispensePrescription(ctx: Context, raw: z.input<typeof DispenseInput>) {
  const pharmacy = await callerInstitution(ctx, DISPENSER_KINDS, 'dispense prescriptions');
  const input = parseInput(DispenseInput, raw);
  const rx = await presented(ctx, input.code);
  const check = checkDispense(
    rx && { ...rx, status: rx.row.status as CirculationStatus, pickupCodeHash: rx.row.pickupCodeHash, validUntil: rx.row.validUntil },
    { idNumber: input.idNumber, pickupCodeHash: pickupCodeHash(input.code, input.pickupCode), traceCodes: input.traceCodes },
    pharmacy,
    ctx.now,
  );
  if (!check.ok) {
    switch (check.reason) {
      case 'NOT_FOUND':
        throw notFound('Prescription', 'input.code');
      case 'NOT_ISSUED':
        throw new ConflictError(`The prescription is ${check.status} and cannot be dispensed`);
      case 'EXPIRED':
        await markExpired(ctx, rx!.row);
        throw new ConflictError('The prescription has expired');
      case 'DUAL_CHANNEL':
        throw forbidden('The prescription holds 双通道 (dual-channel) drugs, which only a designated dual-channel pharmacy may dispense');
      case 'TRACE_COUNT':
        throw new InputError('input.traceCodes', `Expected ${check.expected} drug trace codes, one per dispensed unit; got ${check.received}`);
    }
  }
  const { row } = rx!;
  const prescription = await runWrite(ctx, 'dispensePrescription', async (tx) => {
    const [moved] = await tx
      .update(prescriptions)
      .set({ status: 'DISPENSED', dispenserId: pharmacy.id, dispensedAt: ctx.now })
      .where(and(eq(prescriptions.id, row.id), eq(prescriptions.status, 'ISSUED'), gt(prescriptions.validUntil, ctx.now)))
      .returning();
    if (!moved) throw new ConflictError('The prescription was dispensed, cancelled or expired meanwhile');
    // Sorted, so two requests sharing codes take their row locks in the same order and cannot deadlock.
    const codes = [...input.traceCodes].sort();
    const used = await tx
      .insert(drugTraceCodes)
      .values(codes.map((code) => ({ code, prescriptionId: row.id, institutionId: pharmacy.id, usedAt: ctx.now })))
      .onConflictDoNothing({ target: drugTraceCodes.code })
      .returning({ code: drugTraceCodes.code });
    if (used.length !== codes.length) {
      const taken = new Set(used.map((u) => u.code));
      throw new ConflictError(`Drug trace code ${codes.find((c) => !taken.has(c))} has already been dispensed`);
    }
    await tx.insert(prescriptionEvents).values({ prescriptionId: row.id, status: 'DISPENSED', institutionId: pharmacy.id, at: ctx.now });
    return { result: moved, personIds: [row.personId] };
  });
  return { prescription };
}

/** Records that a presented prescription's validity has passed; a concurrent change wins. */
async function markExpired(ctx: Context, row: PrescriptionRow): Promise<void> {
  await runWrite(ctx, 'dispensePrescription', async (tx) => {
    const [moved] = await tx
      .update(prescriptions)
      .set({ status: 'EXPIRED' })
      .where(and(eq(prescriptions.id, row.id), eq(prescriptions.status, 'ISSUED')))
      .returning({ id: prescriptions.id });
    if (moved) {
      await tx.insert(prescriptionEvents).values({ prescriptionId: row.id, status: 'EXPIRED', at: ctx.now, note: 'Presented for dispensing after its validity' });
    }
    return { result: undefined, personIds: [row.personId] };
  });
}

// ── cancelPrescription ───────────────────────────────────────────────────────────────────────

const CancelInput = z.object({
  code: z.string().regex(PRESCRIPTION_CODE, 'Prescription code is 8–32 upper-case letters or digits'),
  reason: text(200, 'Reason'),
});

/**
 * 撤销: the issuing institution withdraws a prescription that is still ISSUED and valid. Another
 * institution's prescription answers NOT_FOUND, as it does on reads.
 */
export async function cancelPrescription(ctx: Context, raw: z.input<typeof CancelInput>) {
  const issuer = await callerInstitution(ctx, ISSUER_KINDS, 'cancel prescriptions');
  const input = parseInput(CancelInput, raw);
  const [row] = await ctx.db
    .select()
    .from(prescriptions)
    .where(and(eq(prescriptions.code, input.code), eq(prescriptions.issuerId, issuer.id)));
  if (!row) throw notFound('Prescription', 'input.code');
  const status = effectiveStatus(row.status as CirculationStatus, row.validUntil, ctx.now);
  if (!canTransition(status, 'CANCELLED')) throw new ConflictError(`The prescription is ${status} and cannot be cancelled`);
  const prescription = await runWrite(ctx, 'cancelPrescription', async (tx) => {
    const [moved] = await tx
      .update(prescriptions)
      .set({ status: 'CANCELLED' })
      .where(and(eq(prescriptions.id, row.id), eq(prescriptions.status, 'ISSUED'), gt(prescriptions.validUntil, ctx.now)))
      .returning();
    if (!moved) throw new ConflictError('The prescription was dispensed or expired meanwhile');
    await tx.insert(prescriptionEvents).values({ prescriptionId: row.id, status: 'CANCELLED', institutionId: issuer.id, at: ctx.now, note: input.reason });
    return { result: moved, personIds: [row.personId] };
  });
  return { prescription };
}
