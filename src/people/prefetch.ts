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
import { argumentValue, selectedFields, selectedNodeFields } from '../graphql/lookahead.js';
import { pageWindow } from '../graphql/pagination.js';
import type { Context } from '../server/context.js';
import { columnChooser, preparedScoped, selectColumns } from '../server/loaders.js';
import type { ContributionRow, EnrollmentRow, PersonRow } from './loaders.js';

type SettlementRow = typeof settlements.$inferSelect;

type EnrollmentColumn = keyof typeof enrollments._.columns & string;
type ContributionColumn = keyof typeof contributions._.columns & string;
type SettlementColumn = keyof typeof settlements._.columns & string;
/** The columns of a list to read (server/loaders.ts `columnsFor`), null for whole rows. */
type Columns = readonly string[] | null;

/**
 * The columns each field of a prefetched list reads from its row (people/types.ts for enrollments
 * and contributions, benefits/types.ts for settlements), so that the statement reads only what
 * the query selects: a settlement's `computation` alone is about 1.5 KB of JSON. A field missing
 * here makes its list read whole rows. Always read: the key, and the person a row is about, whom
 * audit and consent need whatever is selected.
 */
const ENROLLMENT_COLUMNS: Record<string, readonly EnrollmentColumn[]> = {
  __typename: [], year: ['year'], region: ['regionCode'], scheme: ['scheme'], status: ['status'], startDate: ['startDate'],
  endDate: ['endDate'], subsidized: ['subsidized'], contributionBase: ['contributionBase'],
};
/** What `subsidizedEnrollment` reads from the person's enrollments. */
const SUBSIDY_COLUMNS: readonly EnrollmentColumn[] = ['year', 'subsidized', 'subsidyAmount'];
const CONTRIBUTION_COLUMNS: Record<string, readonly ContributionColumn[]> = {
  __typename: [], period: ['period'], payer: ['payer'], amount: ['amount'], paidDate: ['paidDate'],
};
const SETTLEMENT_COLUMNS: Record<string, readonly SettlementColumn[]> = {
  __typename: [], id: [], person: [], institution: ['institutionId'], region: ['regionCode'], scheme: ['scheme'],
  encounterType: ['encounterType'], billDate: ['billDate'], settledAt: ['settledAt'], status: ['status'],
  crossProvince: ['crossProvince'], product: ['productId'], totalAmount: ['totalAmount'], policyRangeAmount: ['policyRangeAmount'],
  classBPrepaid: ['classBPrepaid'], deductiblePaid: ['deductiblePaid'], fundPaid: ['fundPaid'],
  criticalIllnessPaid: ['criticalIllnessPaid'], assistancePaid: ['assistancePaid'], commercialPaid: ['commercialPaid'],
  selfPaid: ['selfPaid'], reasons: ['computation'], reversedAt: ['reversedAt'], reversalReason: ['reversalReason'],
  diagnosis: ['diagnosisCode', 'diagnosisName'], items: [],
};
const enrollmentColumns = columnChooser<typeof enrollments, EnrollmentColumn>(enrollments, ENROLLMENT_COLUMNS, ['id', 'personId']);
const contributionColumns = columnChooser<typeof contributions, ContributionColumn>(contributions, CONTRIBUTION_COLUMNS, ['id', 'personId']);
const settlementColumns = columnChooser<typeof settlements, SettlementColumn>(settlements, SETTLEMENT_COLUMNS, ['id', 'personId']);

/** The lists a query selects under a person: which to fetch with them, and of which columns. */
export interface PersonParts {
  /** The enrollments' columns, or false when enrollments are not asked for. */
  enrollments: Columns | false;
  contributions: Columns | false;
  /** The settlements' first page, or null when settlements are not asked for (or not as one plain first page). */
  settlements: { limit: number; columns: Columns } | null;
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
  const enrollmentFields = fields.get('enrollments');
  const subsidy = fields.has('subsidizedEnrollment');
  const contributionFields = fields.get('contributions');
  const settlementFields = fields.get('settlements');
  const limit = settlementFields?.length === 1 ? firstPageSize(info, settlementFields[0]!) : null;
  return {
    enrollments: enrollmentFields || subsidy ? union(enrollmentFields && enrollmentColumns(selectedFields(info, enrollmentFields).keys()), subsidy ? SUBSIDY_COLUMNS : []) : false,
    contributions: contributionFields ? contributionColumns(selectedFields(info, contributionFields).keys()) : false,
    settlements: limit === null ? null : { limit, columns: settlementColumns(selectedNodeFields(info, settlementFields!).keys()) },
  };
}

/** Two column choices together: null (whole rows) if either is; absent counts as none. */
function union(a: Columns | undefined, b: Columns): Columns {
  if (a === null || b === null) return null;
  return [...new Set([...(a ?? []), ...b])];
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

/** The lists and their columns: what shapes a statement's text. */
interface Variant {
  enrollments: Columns | false;
  contributions: Columns | false;
  settlements: Columns | false;
}

const listKey = (columns: Columns | false) => (columns === false ? '-' : columns === null ? '*' : columns.join(','));

/**
 * One prepared statement per caller scope and combination of lists and their columns. Each list is
 * a lateral subquery joined to the person: correlated in its WHERE, which drizzle qualifies
 * with table names (it leaves them out of a single-table select list, where `"id"` would name
 * the inner table's column).
 */
const personRecord = preparedScoped<RecordRow, Variant>('person_record', (db, scope, now, parts) => {
  const enrollmentList = db
    .select({ list: sql`coalesce(json_agg(${jsonRow(enrollments, 'enrollments', parts.enrollments || null)} order by ${enrollments.year}), '[]'::json)`.as('enrollment_list') })
    .from(enrollments).where(eq(enrollments.personId, persons.id)).as('part_enrollments');
  const contributionList = db
    .select({
      list: sql`coalesce(json_agg(${jsonRow(contributions, 'contributions', parts.contributions || null)} order by ${contributions.period}, ${contributions.payer}), '[]'::json)`.as('contribution_list'),
    })
    .from(contributions).where(eq(contributions.personId, persons.id)).as('part_contributions');
  const settlementColumnList = parts.settlements || null;
  const newest = selectColumns(db, settlements, settlementColumnList).from(settlements).where(and(eq(settlements.personId, persons.id), settlementScope(scope, now)))
    .orderBy(desc(settlements.id)).limit(sql.placeholder('limit') as unknown as number).as('newest');
  const settlementList = db
    .select({ list: sql`coalesce(json_agg(${jsonRow(settlements, 'newest', settlementColumnList)} order by newest.id desc), '[]'::json)`.as('settlement_list') })
    .from(newest).as('part_settlements');
  let query = db
    .select({
      ...getTableColumns(persons),
      ...(parts.enrollments !== false && { partEnrollments: enrollmentList.list }),
      ...(parts.contributions !== false && { partContributions: contributionList.list }),
      ...(parts.settlements !== false && { partSettlements: settlementList.list }),
    })
    .from(persons)
    .$dynamic();
  if (parts.enrollments !== false) query = query.crossJoinLateral(enrollmentList);
  if (parts.contributions !== false) query = query.crossJoinLateral(contributionList);
  if (parts.settlements !== false) query = query.crossJoinLateral(settlementList);
  return query.where(and(eq(persons.idNumber, sql.placeholder('idNumber')), personScope(scope, now, 'lookup'))) as never;
}, (v) => `${listKey(v.enrollments)}\n${listKey(v.contributions)}\n${listKey(v.settlements)}`);

/** The person with this ID number in the caller's lookup scope, with the lists `parts` names; null when out of scope. */
export async function findPersonRecord(ctx: Context, idNumber: string, parts: PersonParts): Promise<PersonRow | null> {
  const variant: Variant = { enrollments: parts.enrollments, contributions: parts.contributions, settlements: parts.settlements ? parts.settlements.columns : false };
  const [row] = await personRecord(ctx, { idNumber, limit: (parts.settlements?.limit ?? 0) + 1 }, variant);
  if (!row) return null;
  const { partEnrollments, partContributions, partSettlements, ...person } = row;
  const lists: Prefetched = {};
  if (partEnrollments) lists.enrollments = fromJson(enrollments, partEnrollments);
  if (partContributions) lists.contributions = fromJson(contributions, partContributions);
  if (partSettlements) lists.settlements = { limit: parts.settlements!.limit, rows: fromJson(settlements, partSettlements) };
  // Not enumerable: the row stays equal to one read without its lists.
  Object.defineProperty(person, PREFETCHED, { value: lists });
  return person;
}
