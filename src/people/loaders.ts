import DataLoader from 'dataloader';
import { and, asc, inArray, sql } from 'drizzle-orm';
import { consentScope, personScope, productEnrollmentScope } from '../auth/scope.js';
import { assistanceRecipients, consents, contributions, enrollments, persons, productEnrollments } from '../db/schema/index.js';
import { principalOf, type Context } from '../server/context.js';
import { byKey, groupByKey, IDS, preparedByIds, preparedScoped } from '../server/loaders.js';

export type PersonRow = typeof persons.$inferSelect;
export type EnrollmentRow = typeof enrollments.$inferSelect;
export type ContributionRow = typeof contributions.$inferSelect;
export type AssistanceRow = typeof assistanceRecipients.$inferSelect;
export type ProductEnrollmentRow = typeof productEnrollments.$inferSelect;
export type ConsentRow = typeof consents.$inferSelect;

/** Persons by id within the caller's row scope. */
const personsById = preparedScoped<PersonRow>('persons_by_id', (db, p, now) =>
  db.select().from(persons).where(and(sql`${persons.id} = any(${IDS})`, personScope(p, now))),
);

export async function loadPersons(ctx: Context, ids: readonly number[]): Promise<PersonRow[]> {
  if (ids.length === 0) return [];
  return personsById(ctx, { ids: [...ids] });
}

const enrollmentsOf = preparedByIds<EnrollmentRow>('enrollments_by_person', (db, ids) =>
  db.select().from(enrollments).where(sql`${enrollments.personId} = ${ids}`).orderBy(asc(enrollments.year)),
);

export const enrollmentsByPerson = (ctx: Context) =>
  new DataLoader<number, EnrollmentRow[]>(async (ids) => groupByKey(ids, await enrollmentsOf(ctx.db, ids), (r) => r.personId));

const contributionsOf = preparedByIds<ContributionRow>('contributions_by_person', (db, ids) =>
  db.select().from(contributions).where(sql`${contributions.personId} = ${ids}`).orderBy(asc(contributions.period), asc(contributions.payer)),
);

export const contributionsByPerson = (ctx: Context) =>
  new DataLoader<number, ContributionRow[]>(async (ids) => groupByKey(ids, await contributionsOf(ctx.db, ids), (r) => r.personId));

export const assistanceByPerson = (ctx: Context) =>
  new DataLoader<number, AssistanceRow[]>(async (ids) =>
    groupByKey(
      ids,
      await ctx.db.select().from(assistanceRecipients).where(inArray(assistanceRecipients.personId, [...ids])).orderBy(asc(assistanceRecipients.startDate)),
      (r) => r.personId,
    ),
  );

export const productEnrollmentsByPerson = (ctx: Context) =>
  new DataLoader<number, ProductEnrollmentRow[]>(async (ids) =>
    groupByKey(
      ids,
      await ctx.db
        .select()
        .from(productEnrollments)
        .where(and(inArray(productEnrollments.personId, [...ids]), productEnrollmentScope(principalOf(ctx))))
        .orderBy(asc(productEnrollments.id)),
      (r) => r.personId,
    ),
  );

export const consentsByPerson = (ctx: Context) =>
  new DataLoader<number, ConsentRow[]>(async (ids) =>
    groupByKey(
      ids,
      await ctx.db
        .select()
        .from(consents)
        .where(and(inArray(consents.personId, [...ids]), consentScope(principalOf(ctx))))
        .orderBy(asc(consents.id)),
      (r) => r.personId,
    ),
  );

export { byKey };
