/**
 * A person looked up by ID number together with the lists the query asks for under them —
 * enrollments, contributions, newest settlements — in one statement. It is the lookup partners
 * make most (a person's record), and through the loaders it takes one statement for the person
 * and then one per list. The lists are kept beside the row for the field resolvers; the fields'
 * guards, masks and audit apply to them as to any other value, and whatever was not fetched here
 * goes through the loaders as before.
 */
import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import { GraphQLInt, type FieldNode, type GraphQLResolveInfo } from 'graphql';
import { personScope, settlementScope } from '../auth/scope.js';
import { fromJson, jsonRow } from '../db/json-rows.js';
import { contributions, enrollments, persons, settlements } from '../db/schema/index.js';
import { argumentValue, selectedFields } from '../graphql/lookahead.js';
import { pageWindow } from '../graphql/pagination.js';
import type { Context } from '../server/context.js';
import { preparedScoped } from '../server/loaders.js';
import type { ContributionRow, EnrollmentRow, PersonRow } from './loaders.js';

type SettlementRow = typeof settlements.$inferSelect;

/** The lists a query selects under a person: which to fetch with them, and the settlements' page size. */
export interface PersonParts {
  enrollments: boolean;
  contributions: boolean;
  /** The settlements page size, or null when settlements are not asked for (or not as one plain first-page). */
  settlements: number | null;
}

export interface Prefetched {
  enrollments?: EnrollmentRow[];
  contributions?: ContributionRow[];
  /** The newest `limit` + 1 settlements in the caller's scope, newest first, as the nested connection reads them. */
  settlements?: { limit: number; rows: SettlementRow[] };
}

/**
 * The lists ride on the row itself, not in a WeakMap keyed by it: V8's young-generation collector
 * copies the values of an old WeakMap's entries before it finds their keys dead, so every
 * finished request's lists were copied at the next scavenge, lengthening the pause.
 */
const PREFETCHED = Symbol('prefetched');
type WithPrefetched = PersonRow & { [PREFETCHED]?: Prefetched };

/** The lists fetched with this person's row, if it was looked up with them. */
export const prefetchedOf = (person: PersonRow): Prefetched | undefined => (person as WithPrefetched)[PREFETCHED];

export function partsAsked(info: GraphQLResolveInfo): PersonParts {
  const fields = selectedFields(info);
  const settlementFields = fields.get('settlements');
  return {
    enrollments: fields.has('enrollments') || fields.has('subsidizedEnrollment'),
    contributions: fields.has('contributions'),
    settlements: settlementFields?.length === 1 ? firstPageSize(info, settlementFields[0]!) : null,
  };
}

/** A nested connection's page size, when it asks for a plain first page the connection would accept. */
function firstPageSize(info: GraphQLResolveInfo, field: FieldNode): number | null {
  if (field.arguments?.some((a) => a.name.value !== 'first')) return null;
  try {
    return pageWindow({ first: argumentValue(info, field, 'first', GraphQLInt) as number | null | undefined }).limit;
  } catch {
    // The connection's resolver reports the bad argument.
    return null;
  }
}

type RecordRow = PersonRow & { partEnrollments?: Record<string, unknown>[]; partContributions?: Record<string, unknown>[]; partSettlements?: Record<string, unknown>[] };

const statements = new Map<string, ReturnType<typeof preparedScoped<RecordRow>>>();

/**
 * One prepared statement per combination of lists, each prepared per caller scope. Each list is
 * a lateral subquery joined to the person: correlated in its WHERE, which drizzle qualifies
 * with table names (it leaves them out of a single-table select list, where `"id"` would name
 * the inner table's column).
 */
function statementFor(parts: PersonParts) {
  const key = `${+parts.enrollments}${+parts.contributions}${+(parts.settlements !== null)}`;
  let statement = statements.get(key);
  if (!statement) {
    statement = preparedScoped<RecordRow>(`person_record_${key}`, (db, scope, now) => {
      const enrollmentList = db
        .select({ list: sql`coalesce(json_agg(${jsonRow(enrollments, 'enrollments')} order by ${enrollments.year}), '[]'::json)`.as('enrollment_list') })
        .from(enrollments).where(eq(enrollments.personId, persons.id)).as('part_enrollments');
      const contributionList = db
        .select({
          list: sql`coalesce(json_agg(${jsonRow(contributions, 'contributions')} order by ${contributions.period}, ${contributions.payer}), '[]'::json)`.as('contribution_list'),
        })
        .from(contributions).where(eq(contributions.personId, persons.id)).as('part_contributions');
      const newest = db
        .select().from(settlements).where(and(eq(settlements.personId, persons.id), settlementScope(scope, now)))
        .orderBy(desc(settlements.id)).limit(sql.placeholder('limit') as unknown as number).as('newest');
      const settlementList = db
        .select({ list: sql`coalesce(json_agg(${jsonRow(settlements, 'newest')} order by newest.id desc), '[]'::json)`.as('settlement_list') })
        .from(newest).as('part_settlements');
      let query = db
        .select({
          ...getTableColumns(persons),
          ...(parts.enrollments && { partEnrollments: enrollmentList.list }),
          ...(parts.contributions && { partContributions: contributionList.list }),
          ...(parts.settlements !== null && { partSettlements: settlementList.list }),
        })
        .from(persons)
        .$dynamic();
      if (parts.enrollments) query = query.crossJoinLateral(enrollmentList);
      if (parts.contributions) query = query.crossJoinLateral(contributionList);
      if (parts.settlements !== null) query = query.crossJoinLateral(settlementList);
      return query.where(and(eq(persons.idNumber, sql.placeholder('idNumber')), personScope(scope, now, 'lookup'))) as never;
    });
    statements.set(key, statement);
  }
  return statement;
}

/** The person with this ID number in the caller's lookup scope, with the lists `parts` names; null when out of scope. */
export async function findPersonRecord(ctx: Context, idNumber: string, parts: PersonParts): Promise<PersonRow | null> {
  const [row] = await statementFor(parts)(ctx, { idNumber, limit: (parts.settlements ?? 0) + 1 });
  if (!row) return null;
  const { partEnrollments, partContributions, partSettlements, ...person } = row;
  const lists: Prefetched = {
    ...(partEnrollments && { enrollments: fromJson(enrollments, partEnrollments) }),
    ...(partContributions && { contributions: fromJson(contributions, partContributions) }),
    ...(partSettlements && { settlements: { limit: parts.settlements!, rows: fromJson(settlements, partSettlements) } }),
  };
  // Not enumerable: the row stays equal to one read without its lists.
  Object.defineProperty(person, PREFETCHED, { value: lists });
  return person;
}
