/**
 * A person looked up by ID number together with the lists the query asks for under them —
 * enrollments, contributions, newest settlements — in one statement. It is the lookup partners
 * make most (a person's record), and through the loaders it takes one statement for the person
 * and then one per list. The lists are kept beside the row for the field resolvers; the fields'
 * guards, masks and audit apply to them as to any other value, and whatever was not fetched here
 * goes through the loaders as before.
 */
import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { GraphQLInt, type FieldNode, type GraphQLResolveInfo } from 'graphql';
import { personScope, settlementScope } from '../auth/scope.js';
import { rowsFromJson } from '../db/json-rows.js';
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

const fetched = new WeakMap<PersonRow, Prefetched>();

/** The lists fetched with this person's row, if it was looked up with them. */
export const prefetchedOf = (person: PersonRow): Prefetched | undefined => fetched.get(person);

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

const asJsonList = (rows: SQL) => sql`coalesce((${rows}), '[]'::json)`;

type RecordRow = PersonRow & { partEnrollments?: Record<string, unknown>[]; partContributions?: Record<string, unknown>[]; partSettlements?: Record<string, unknown>[] };

const statements = new Map<string, ReturnType<typeof preparedScoped<RecordRow>>>();

/** One prepared statement per combination of lists, each prepared per caller scope. */
function statementFor(parts: PersonParts) {
  const key = `${+parts.enrollments}${+parts.contributions}${+(parts.settlements !== null)}`;
  let statement = statements.get(key);
  if (!statement) {
    statement = preparedScoped<RecordRow>(`person_record_${key}`, (db, scope, now) =>
      db
        .select({
          ...getTableColumns(persons),
          ...(parts.enrollments && {
            partEnrollments: asJsonList(sql`select json_agg(${enrollments} order by ${enrollments.year}) from ${enrollments} where ${enrollments.personId} = ${persons.id}`),
          }),
          ...(parts.contributions && {
            partContributions: asJsonList(sql`select json_agg(${contributions} order by ${contributions.period}, ${contributions.payer})
              from ${contributions} where ${contributions.personId} = ${persons.id}`),
          }),
          ...(parts.settlements !== null && {
            partSettlements: asJsonList(sql`select json_agg(newest order by newest.id desc) from (
              select * from ${settlements} where ${settlements.personId} = ${persons.id} and ${settlementScope(scope, now)}
              order by ${settlements.id} desc limit ${sql.placeholder('limit')}) newest`),
          }),
        })
        .from(persons)
        .where(and(eq(persons.idNumber, sql.placeholder('idNumber')), personScope(scope, now, 'lookup'))) as never,
    );
    statements.set(key, statement);
  }
  return statement;
}

/** The person with this ID number in the caller's lookup scope, with the lists `parts` names; null when out of scope. */
export async function findPersonRecord(ctx: Context, idNumber: string, parts: PersonParts): Promise<PersonRow | null> {
  const [row] = await statementFor(parts)(ctx, { idNumber, limit: (parts.settlements ?? 0) + 1 });
  if (!row) return null;
  const { partEnrollments, partContributions, partSettlements, ...person } = row;
  fetched.set(person, {
    ...(partEnrollments && { enrollments: rowsFromJson(enrollments, partEnrollments) }),
    ...(partContributions && { contributions: rowsFromJson(contributions, partContributions) }),
    ...(partSettlements && { settlements: { limit: parts.settlements!, rows: rowsFromJson(settlements, partSettlements) } }),
  });
  return person;
}
