import { and, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { CONSENT_SCOPES } from '../auth/policy.js';
import { personScope } from '../auth/scope.js';
import { consents, insurers, persons } from '../db/schema/index.js';
import { principalOf, type Context } from '../server/context.js';
import { InputError, notFound } from '../server/errors.js';
import { runWrite } from '../server/write.js';
import { parseInput } from '../server/validate.js';

const MAX_CONSENT_DAYS = 5 * 366;

const GrantInput = z.object({
  idNumber: z.string(),
  insurerCode: z.string().regex(/^[A-Z0-9-]{2,16}$/, 'Insurer code is 2–16 upper-case letters, digits or dashes'),
  scopes: z.array(z.enum(CONSENT_SCOPES)).min(1, 'At least one scope').max(CONSENT_SCOPES.length),
  expiresAt: z.date(),
});

async function reachablePerson(ctx: Context, idNumber: string) {
  const [person] = await ctx.db.select().from(persons).where(and(eq(persons.idNumber, idNumber), personScope(principalOf(ctx), ctx.now)));
  if (!person) throw notFound('Person', 'idNumber');
  return person;
}

async function knownInsurer(ctx: Context, code: string) {
  const [insurer] = await ctx.db.select().from(insurers).where(eq(insurers.code, code));
  if (!insurer) throw notFound('Insurer', 'insurerCode');
}

/**
 * 授权: the person, through the 医保 app (a MEDICAL_SECURITY client acting for them), grants an
 * insurer scopes until an expiry. A new grant replaces the person's active one for that insurer.
 */
export async function grantConsent(ctx: Context, raw: z.input<typeof GrantInput>) {
  const input = parseInput(GrantInput, raw);
  if (input.expiresAt <= ctx.now) throw new InputError('expiresAt', 'Expiry must be in the future');
  if (input.expiresAt.getTime() - ctx.now.getTime() > MAX_CONSENT_DAYS * 86_400_000) {
    throw new InputError('expiresAt', 'Consent lasts at most five years');
  }
  const person = await reachablePerson(ctx, input.idNumber);
  await knownInsurer(ctx, input.insurerCode);
  return runWrite(ctx, 'grantConsent', async (tx) => {
    await tx
      .update(consents)
      .set({ revokedAt: ctx.now })
      .where(and(eq(consents.personId, person.id), eq(consents.insurerCode, input.insurerCode), isNull(consents.revokedAt)));
    const [consent] = await tx
      .insert(consents)
      .values({ personId: person.id, insurerCode: input.insurerCode, scopes: [...new Set(input.scopes)], grantedAt: ctx.now, expiresAt: input.expiresAt })
      .returning();
    return { result: consent!, personIds: [person.id] };
  });
}

const RevokeInput = z.object({ idNumber: z.string(), insurerCode: z.string().regex(/^[A-Z0-9-]{2,16}$/) });

/** Revokes every active consent of the person for the insurer; effective from the next request. */
export async function revokeConsent(ctx: Context, raw: z.input<typeof RevokeInput>) {
  const input = parseInput(RevokeInput, raw);
  const person = await reachablePerson(ctx, input.idNumber);
  await knownInsurer(ctx, input.insurerCode);
  return runWrite(ctx, 'revokeConsent', async (tx) => {
    const revoked = await tx
      .update(consents)
      .set({ revokedAt: ctx.now })
      .where(and(eq(consents.personId, person.id), eq(consents.insurerCode, input.insurerCode), isNull(consents.revokedAt), gt(consents.expiresAt, ctx.now)))
      .returning();
    return { result: { revokedCount: revoked.length, consents: revoked }, personIds: [person.id] };
  });
}
