import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { institutions } from '../db/schema/index.js';
import { AGREEMENT_STATUSES } from '../graphql/enums.js';
import { principalOf, type Context } from '../server/context.js';
import { notFound } from '../server/errors.js';
import { parseInput, text } from '../server/validate.js';
import { runWrite } from '../server/write.js';

const AgreementInput = z.object({
  code: z.string().regex(/^[HP]\d{11}$/, 'Institution code is H or P followed by 11 digits'),
  agreementStatus: z.enum(AGREEMENT_STATUSES),
  creditScore: z.number().int().min(0, 'Credit score is 0–100').max(100, 'Credit score is 0–100').nullish(),
  reason: text(500, 'Reason'),
});

/**
 * 协议管理: the bureau suspends, terminates or restores an institution's service agreement (and
 * may set its credit score). A suspended institution can neither settle nor dispense.
 */
export async function setInstitutionAgreement(ctx: Context, raw: z.input<typeof AgreementInput>) {
  const input = parseInput(AgreementInput, raw);
  const p = principalOf(ctx);
  return runWrite(ctx, 'setInstitutionAgreement', async (tx) => {
    const [row] = await tx
      .update(institutions)
      .set({ agreementStatus: input.agreementStatus, ...(input.creditScore != null ? { creditScore: input.creditScore } : {}) })
      .where(and(eq(institutions.code, input.code), inArray(institutions.regionCode, [...p.regions])))
      .returning();
    if (!row) throw notFound('Institution', 'input.code');
    return { result: row, personIds: [] };
  });
}
