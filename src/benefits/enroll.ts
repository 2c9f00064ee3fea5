import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { enrollments, insuranceProducts, persons, productEnrollments } from '../db/schema/index.js';
import { principalOf, type Context } from '../server/context.js';
import { ConflictError, notFound } from '../server/errors.js';
import { parseInput } from '../server/validate.js';
import { runWrite } from '../server/write.js';
import { beijingDate } from '../calendar.js';

const EnrollInput = z.object({
  idNumber: z.string(),
  productCode: z.string().regex(/^[A-Z0-9-]{2,32}$/, 'Product code is 2–32 upper-case letters, digits or dashes'),
});

/**
 * 惠民保 enrollment by the insurer running the product. The only condition on the person is the
 * product's own: ACTIVE basic insurance in its region for its year — no limit on age, household
 * registration (户籍), occupation or health. Another insurer's product is NOT_FOUND. Idempotent:
 * an existing enrollment is returned as it is, and the payload says so.
 */
export async function enrollInProduct(ctx: Context, raw: z.input<typeof EnrollInput>) {
  const input = parseInput(EnrollInput, raw);
  const [product] = await ctx.db
    .select()
    .from(insuranceProducts)
    .where(and(eq(insuranceProducts.code, input.productCode), eq(insuranceProducts.insurerCode, principalOf(ctx).insurerCode ?? '')));
  if (!product) throw notFound('Product', 'input.productCode');
  if (product.status !== 'ACTIVE') throw new ConflictError(`The product is ${product.status} and takes no enrollments`);
  if (product.endDate < beijingDate(ctx.now)) throw new ConflictError(`The product’s period ended on ${product.endDate}`);

  const [person] = await ctx.db
    .select({ id: persons.id })
    .from(persons)
    .where(and(
      eq(persons.idNumber, input.idNumber),
      sql`exists (select 1 from ${enrollments} where ${and(
        eq(enrollments.personId, persons.id),
        eq(enrollments.regionCode, product.regionCode),
        eq(enrollments.year, product.year),
        eq(enrollments.status, 'ACTIVE'),
      )})`,
    ));
  // One answer for "no such person" and "not basic-insured there", so an insurer cannot use this
  // mutation to learn whether an ID number belongs to a known person.
  if (!person) throw notFound('Person with active basic insurance in the product’s region', 'input.idNumber');

  return runWrite(ctx, 'enrollInProduct', async (tx) => {
    const [created] = await tx
      .insert(productEnrollments)
      .values({ personId: person.id, productId: product.id, insurerCode: product.insurerCode, enrolledAt: ctx.now, status: 'ACTIVE' })
      .onConflictDoNothing({ target: [productEnrollments.personId, productEnrollments.productId] })
      .returning();
    const enrollment =
      created ??
      (await tx
        .select()
        .from(productEnrollments)
        .where(and(eq(productEnrollments.personId, person.id), eq(productEnrollments.productId, product.id))))[0]!;
    return { result: { enrollment, productCode: product.code, alreadyEnrolled: !created }, personIds: [person.id] };
  });
}
