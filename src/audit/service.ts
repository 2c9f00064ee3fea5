import DataLoader from 'dataloader';
import { and, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { auditLog, persons } from '../db/schema/index.js';
import { keyset, pageWindow, toConnection, type PageArgs } from '../graphql/pagination.js';
import { principalOf, type Context } from '../server/context.js';
import { badInput } from '../server/errors.js';

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditFilterShape {
  personIdNumber?: string | null;
  clientId?: string | null;
  role?: string | null;
  operation?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/**
 * The audit trail, newest first within a page. A MEDICAL_SECURITY client sees the records that
 * reached persons of its regions, plus records that reached no person.
 */
export async function listAudit(ctx: Context, filter: AuditFilterShape, args: PageArgs) {
  const window = pageWindow(args);
  const p = principalOf(ctx);
  if (filter.from && filter.to && filter.from > filter.to) throw badInput('filter.to', 'to must not be before from');
  const inRegions = sql`(cardinality(${auditLog.personIds}) = 0 or exists (select 1 from ${persons} where ${persons.id} = any(${auditLog.personIds}) and ${inArray(persons.regionCode, [...p.regions])}))`;
  const conditions: (SQL | undefined)[] = [
    inRegions,
    filter.personIdNumber
      ? sql`${auditLog.personIds} @> array[(select ${persons.id} from ${persons} where ${persons.idNumber} = ${filter.personIdNumber} and ${inArray(persons.regionCode, [...p.regions])})]::integer[]`
      : undefined,
    filter.clientId ? eq(auditLog.clientId, filter.clientId) : undefined,
    filter.role ? eq(auditLog.role, filter.role) : undefined,
    filter.operation ? eq(auditLog.operation, filter.operation) : undefined,
    filter.from ? gte(auditLog.at, filter.from) : undefined,
    filter.to ? lte(auditLog.at, filter.to) : undefined,
  ];
  const page = keyset(auditLog.id, window, true);
  const rows = await ctx.db.select().from(auditLog).where(and(...conditions, page.where)).orderBy(page.orderBy).limit(page.limit);
  return toConnection(rows, window, (r) => r.id);
}

/**
 * "Who looked at my data": the newest records that reached each person. Two statements whatever
 * the number of persons: rank (person, record) pairs, then read the records.
 */
export function accessHistoryByPerson(ctx: Context, limit: number) {
  return new DataLoader<number, AuditRow[]>(async (ids) => {
    // Both statements on the request's database: pairs from the primary and records from a lagging replica would disagree.
    const pairs = await ctx.hub.database.rows<{ id: number | string; pid: number }>(sql`
      select id, pid from (
        select a.id, p.pid, row_number() over (partition by p.pid order by a.id desc) as rank
        from ${auditLog} a cross join lateral unnest(a.person_ids) as p(pid)
        where a.person_ids && ${sql.raw(`array[${ids.map(Number).join(',')}]::integer[]`)}
      ) ranked
      where pid in ${sql.raw(`(${ids.map(Number).join(',')})`)} and rank <= ${limit + 1}`, ctx.db);
    const recordIds = [...new Set(pairs.map((p) => Number(p.id)))];
    const rows = recordIds.length ? await ctx.db.select().from(auditLog).where(inArray(auditLog.id, recordIds)).orderBy(desc(auditLog.id)) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => pairs.filter((p) => p.pid === id).map((p) => byId.get(Number(p.id))!).sort((a, b) => b.id - a.id));
  });
}
