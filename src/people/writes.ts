/**
 * Batch writes from partner agencies: contributions (缴费) pushed by the tax bureau, and
 * medical-assistance recipients (医疗救助对象) pushed by civil affairs. Each batch is resolved in
 * bulk — one query for all ID numbers, one statement per chunk of rows — never a query per row.
 */
import { and, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { personScope } from '../auth/scope.js';
import type { Queryable, Tx } from '../db/client.js';
import { assistanceRecipients, contributions, persons } from '../db/schema/index.js';
import { ASSISTANCE_CATEGORIES } from '../graphql/enums.js';
import { formatMoney } from '../benefits/settlement/money.js';
import { principalOf, type Context } from '../server/context.js';
import { HubError, type ErrorCode } from '../server/errors.js';
import { parseInput, text } from '../server/validate.js';
import { runWrite } from '../server/write.js';
import { ID_NUMBER_PROBLEM_MESSAGES, idNumberProblem } from './id-number.js';
import { mergePeriods, type StoredPeriod } from './periods.js';
import { beijingDate, beijingYear } from '../calendar.js';

// ── Batches ──────────────────────────────────────────────────────────────────────────────────

/** One refused record of a batch: its index in `input.records` and why. */
export interface RejectedRow {
  index: number;
  field: string;
  code: ErrorCode;
  message: string;
}

/**
 * A batch refused as a whole because some records are bad; nothing was written. It names every
 * bad record; `field` and `code` are those of the first, so it reads like a single-record error.
 */
export class BatchRejectedError extends HubError {
  readonly field: string;

  constructor(
    readonly rows: RejectedRow[],
    received: number,
  ) {
    const first = rows[0]!;
    super(first.code, `${rows.length} of ${received} records rejected, nothing written; record ${first.index}: ${first.message}`, { field: first.field });
    this.field = first.field;
  }
}

const rowField = (index: number, path: readonly PropertyKey[]) => ['input', 'records', index, ...path].map(String).join('.');

const reject = (index: number, field: string, code: ErrorCode, message: string): RejectedRow => ({
  index, field: rowField(index, [field]), code, message,
});

/** Validates every record (not only the first bad one), so a partner learns all problems at once. */
function validateRows<S extends z.ZodType>(schema: S, rows: readonly unknown[]) {
  const valid: { index: number; value: z.output<S> }[] = [];
  const rejected: RejectedRow[] = [];
  rows.forEach((row, index) => {
    const parsed = schema.safeParse(row);
    if (parsed.success) valid.push({ index, value: parsed.data });
    else {
      const issue = parsed.error.issues[0]!;
      rejected.push({ index, field: rowField(index, issue.path), code: 'BAD_USER_INPUT', message: issue.message });
    }
  });
  return { valid, rejected };
}

const batchOf = (max: number) =>
  z.object({ records: z.array(z.unknown()).min(1, 'At least one record').max(max, `At most ${max} records per batch`) });

/** 居民身份证号, checked per record so that a bad one is reported with its record's index. */
const idNumberField = (today: Date) =>
  z
    .string()
    .transform((v) => v.trim().toUpperCase())
    .superRefine((v, issue) => {
      const problem = idNumberProblem(v, today);
      if (problem) issue.addIssue({ code: 'custom', message: ID_NUMBER_PROBLEM_MESSAGES[problem] });
    });

/** Rows as one JSON parameter, expanded by the database: one statement whatever the batch size. */
const json = (value: unknown) => sql`${JSON.stringify(value)}::json`;

/**
 * The persons behind a batch's ID numbers, in one query and within the caller's row scope: a
 * person outside the caller's regions is missing here exactly like an unknown one.
 */
async function resolvePersons(ctx: Context, idNumbers: readonly string[]): Promise<Map<string, { id: number; regionCode: string }>> {
  const unique = [...new Set(idNumbers)];
  if (unique.length === 0) return new Map();
  const rows = await ctx.db
    .select({ id: persons.id, idNumber: persons.idNumber, regionCode: persons.regionCode })
    .from(persons)
    .where(and(sql`${persons.idNumber} in (select json_array_elements_text(${json(unique)}))`, personScope(principalOf(ctx), ctx.now)));
  return new Map(rows.map((r) => [r.idNumber, { id: r.id, regionCode: r.regionCode }]));
}

const PERSON_NOT_FOUND = 'Person not found';
/** Rows per statement: one JSON parameter of a few hundred kilobytes. */
const CHUNK = 5_000;

function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Locks the batch's persons (without blocking inserts that reference them) so concurrent batches on one person queue. */
async function lockPersons(tx: Tx, personIds: readonly number[]): Promise<void> {
  if (personIds.length === 0) return;
  await tx.execute(sql`select 1 from ${persons} where ${inArray(persons.id, [...personIds])} order by ${persons.id} for no key update`);
}

/**
 * 资助参保: marks the RESIDENT enrollments of the given persons subsidized for every year one of
 * their assistance records touches, with the highest subsidy among the categories held that year
 * (assistance_policies, region × year × category). It only ever raises: ending a record later
 * does not unsubsidize a year already paid for. Only rows that change are written.
 *
 * @returns the number of enrollments changed
 */
async function refreshSubsidies(database: Context['hub']['database'], tx: Queryable, personIds: readonly number[]): Promise<number> {
  if (personIds.length === 0) return 0;
  const changed = await database.rows<{ id: number }>(
    sql`update enrollments e
      set subsidized = true, subsidy_amount = greatest(e.subsidy_amount, s.amount)
      from (
        select e2.id, max(ap.subsidy_amount) as amount
        from enrollments e2
        join assistance_recipients ar on ar.person_id = e2.person_id
          and ar.start_date <= make_date(e2.year, 12, 31)
          and (ar.end_date is null or ar.end_date >= make_date(e2.year, 1, 1))
        left join assistance_policies ap on ap.region_code = e2.region_code and ap.year = e2.year and ap.category = ar.category
        where e2.person_id in (select value::int from json_array_elements_text(${json(personIds)})) and e2.scheme = 'RESIDENT'
        group by e2.id
      ) s
      where e.id = s.id and (not e.subsidized or s.amount > coalesce(e.subsidy_amount, -1))
      returning e.id`,
    tx,
  );
  return changed.length;
}

// ── recordContributions ──────────────────────────────────────────────────────────────────────

export const MAX_CONTRIBUTION_RECORDS = 10_000;
const PERIOD = /^(\d{4})(?:-(0[1-9]|1[0-2]))?$/;

const ContributionBatch = batchOf(MAX_CONTRIBUTION_RECORDS).extend({ partial: z.boolean().nullish() });

function contributionRow(today: Date) {
  const todayIso = beijingDate(today);
  const lastYear = beijingYear(today) + 1;
  return z.object({
    idNumber: idNumberField(today),
    period: z
      .string()
      .regex(PERIOD, 'Period is YYYY or YYYY-MM')
      .refine((p) => Number(p.slice(0, 4)) >= 1990 && Number(p.slice(0, 4)) <= lastYear, `Period year is 1990–${lastYear}`),
    payer: z.enum(['INDIVIDUAL', 'EMPLOYER', 'GOVERNMENT_SUBSIDY']),
    amount: z.number().int().min(1, 'Amount must be positive'),
    paidDate: z.string().refine((d) => d <= todayIso, 'Paid date is in the future'),
  });
}
type ContributionInput = z.output<ReturnType<typeof contributionRow>>;

export interface ContributionBatchResult {
  received: number;
  written: number;
  unchanged: number;
  rejected: number;
  rejectedRows: RejectedRow[];
}

const keyOf = (personId: number, period: string, payer: string) => `${personId}|${period}|${payer}`;

/** Amounts already stored for the given (person, period, payer) keys, in one query. */
async function storedAmounts(db: Queryable, keys: readonly { person_id: number; period: string; payer: string }[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .select({ personId: contributions.personId, period: contributions.period, payer: contributions.payer, amount: contributions.amount })
    .from(contributions)
    .where(
      sql`(${contributions.personId}, ${contributions.period}, ${contributions.payer}) in
        (select person_id, period, payer from json_to_recordset(${json(keys)}) as k(person_id int, period text, payer text))`,
    );
  return new Map(rows.map((r) => [keyOf(r.personId, r.period, r.payer), r.amount]));
}

interface Candidate {
  index: number;
  personId: number;
  row: ContributionInput;
}

interface Found {
  personId: number;
  /** The amount already stored for the record's (person, period, payer), if any. */
  stored: number | null;
}

/**
 * Each valid record's person (within the caller's row scope) and the amount already stored for
 * its key, in one query for the whole batch.
 */
async function lookUp(ctx: Context, valid: readonly { index: number; value: ContributionInput }[]): Promise<Map<number, Found>> {
  if (valid.length === 0) return new Map();
  const keys = valid.map(({ index, value }) => ({ i: index, id_number: value.idNumber, period: value.period, payer: value.payer }));
  const rows = await ctx.hub.database.rows<{ i: number; person_id: number; amount: string | number | null }>(
    sql`select k.i, ${persons.id} as person_id, c.amount
      from json_to_recordset(${json(keys)}) as k(i int, id_number text, period text, payer text)
      join ${persons} on ${persons.idNumber} = k.id_number and ${personScope(principalOf(ctx), ctx.now)}
      left join ${contributions} c on c.person_id = ${persons.id} and c.period = k.period and c.payer = k.payer`,
  );
  return new Map(rows.map((r) => [Number(r.i), { personId: Number(r.person_id), stored: r.amount === null ? null : Number(r.amount) }]));
}

const conflicting = (index: number, stored: number) =>
  reject(index, 'amount', 'CONFLICT', `Conflicting amount: ${formatMoney(stored)} is already recorded for this person, period and payer`);

/**
 * Sorts valid records into those to write, those already stored with the same amount, and
 * rejections: unknown person, a stored different amount, or a repeat within the batch with a
 * different amount. A stored record is never overwritten.
 */
function classify(valid: readonly { index: number; value: ContributionInput }[], found: Map<number, Found>) {
  const write: Candidate[] = [];
  const rejected: RejectedRow[] = [];
  let unchanged = 0;
  const seen = new Map<string, { index: number; amount: number }>();
  for (const { index, value } of valid) {
    const hit = found.get(index);
    if (!hit) {
      rejected.push(reject(index, 'idNumber', 'NOT_FOUND', PERSON_NOT_FOUND));
      continue;
    }
    const key = keyOf(hit.personId, value.period, value.payer);
    const earlier = seen.get(key);
    if (hit.stored !== null) {
      if (hit.stored === value.amount) unchanged++;
      else rejected.push(conflicting(index, hit.stored));
    } else if (earlier) {
      if (earlier.amount === value.amount) unchanged++;
      else rejected.push(reject(index, 'amount', 'CONFLICT', `Conflicting amount: record ${earlier.index} of this batch has ${formatMoney(earlier.amount)} for this person, period and payer`));
    } else {
      write.push({ index, personId: hit.personId, row: value });
      seen.set(key, { index, amount: value.amount });
    }
  }
  return { write, rejected, unchanged };
}

/**
 * The enrollment for each (person, year) that received a contribution becomes ACTIVE; a missing
 * one is created — scheme EMPLOYEE when an employer paid, else the person's latest scheme, else
 * RESIDENT — and subsidized when the person is an assistance recipient that year.
 */
async function activateEnrollments(ctx: Context, tx: Tx, written: Candidate[]): Promise<void> {
  const byKey = new Map<string, { person_id: number; year: number; employer: boolean; start_date: string }>();
  for (const { personId, row } of written) {
    const year = Number(row.period.slice(0, 4));
    const start = row.period.length === 4 ? `${year}-01-01` : `${row.period}-01`;
    const key = `${personId}|${year}`;
    const entry = byKey.get(key) ?? { person_id: personId, year, employer: false, start_date: start };
    entry.employer ||= row.payer === 'EMPLOYER';
    if (start < entry.start_date) entry.start_date = start;
    byKey.set(key, entry);
  }
  const created = await ctx.hub.database.rows<{ person_id: number }>(
    sql`insert into enrollments (person_id, region_code, year, scheme, status, start_date)
      select k.person_id, p.region_code, k.year,
        case when k.employer then 'EMPLOYEE'
          else coalesce((select e.scheme from enrollments e where e.person_id = k.person_id order by e.year desc limit 1), 'RESIDENT') end,
        'ACTIVE', k.start_date
      from json_to_recordset(${json([...byKey.values()])}) as k(person_id int, year int, employer boolean, start_date date)
      join persons p on p.id = k.person_id
      where not exists (select 1 from enrollments a where a.person_id = k.person_id and a.year = k.year and a.status = 'ACTIVE')
      on conflict (person_id, year) do update set status = 'ACTIVE', end_date = null where enrollments.status <> 'ACTIVE'
      returning person_id, (xmax = 0) as inserted`,
    tx,
  );
  const inserted = created.filter((r) => (r as { inserted?: boolean }).inserted).map((r) => r.person_id);
  await refreshSubsidies(ctx.hub.database, tx, [...new Set(inserted)]);
}

/**
 * 缴费: contribution records pushed by the tax bureau (or 医保). Idempotent on (person, period,
 * payer): a re-sent record changes nothing. All-or-nothing unless `partial`, in which case the
 * valid records are written and every rejected one is reported.
 */
export async function recordContributions(ctx: Context, raw: { records: readonly unknown[]; partial?: boolean | null }): Promise<ContributionBatchResult> {
  const batch = parseInput(ContributionBatch, raw);
  const partial = batch.partial ?? false;
  const received = batch.records.length;
  const { valid, rejected } = validateRows(contributionRow(ctx.now), batch.records);
  const found = await lookUp(ctx, valid);
  const sorted = classify(valid, found);
  rejected.push(...sorted.rejected);
  if (rejected.length && !partial) throw new BatchRejectedError(byIndex(rejected), received);

  return runWrite(ctx, 'recordContributions', async (tx) => {
    const inserted = new Set<string>();
    for (const chunk of chunks(sorted.write)) {
      const rows = await ctx.hub.database.rows<{ person_id: number; period: string; payer: string }>(
        sql`insert into ${contributions} (person_id, period, payer, amount, paid_date)
          select k.person_id, k.period, k.payer, k.amount, k.paid_date
          from json_to_recordset(${json(chunk.map(({ personId, row }) => ({ person_id: personId, period: row.period, payer: row.payer, amount: row.amount, paid_date: row.paidDate })))})
            as k(person_id int, period text, payer text, amount bigint, paid_date date)
          on conflict (person_id, period, payer) do nothing
          returning person_id, period, payer`,
        tx,
      );
      for (const r of rows) inserted.add(keyOf(r.person_id, r.period, r.payer));
    }
    // A concurrent batch may have stored a key between the check and the insert: judge it now.
    const raced = sorted.write.filter((c) => !inserted.has(keyOf(c.personId, c.row.period, c.row.payer)));
    let unchanged = sorted.unchanged;
    if (raced.length) {
      const now = await storedAmounts(tx, raced.map((c) => ({ person_id: c.personId, period: c.row.period, payer: c.row.payer })));
      for (const c of raced) {
        const amount = now.get(keyOf(c.personId, c.row.period, c.row.payer))!;
        if (amount === c.row.amount) unchanged++;
        else rejected.push(conflicting(c.index, amount));
      }
      if (rejected.length && !partial) throw new BatchRejectedError(byIndex(rejected), received);
    }
    const written = sorted.write.filter((c) => inserted.has(keyOf(c.personId, c.row.period, c.row.payer)));
    if (written.length) await activateEnrollments(ctx, tx, written);
    const rejectedRows = byIndex(rejected);
    return {
      result: { received, written: written.length, unchanged, rejected: rejectedRows.length, rejectedRows },
      personIds: [...new Set([...found.values()].map((p) => p.personId))],
    };
  });
}

const byIndex = (rows: RejectedRow[]) => [...rows].sort((a, b) => a.index - b.index);

// ── registerAssistanceRecipients / endAssistance ─────────────────────────────────────────────

export const MAX_ASSISTANCE_RECORDS = 5_000;
const AssistanceBatch = batchOf(MAX_ASSISTANCE_RECORDS);

const assistanceRow = (today: Date) =>
  z
    .object({
      idNumber: idNumberField(today),
      category: z.enum(ASSISTANCE_CATEGORIES),
      startDate: z.string(),
      endDate: z.string().nullish().transform((v) => v ?? null),
      certifyingOffice: text(100, 'Certifying office'),
    })
    .superRefine((r, issue) => {
      if (r.endDate !== null && r.endDate < r.startDate) issue.addIssue({ code: 'custom', path: ['endDate'], message: 'End date is before the start date' });
    });

type StoredAssistance = typeof assistanceRecipients.$inferSelect;

/** Validates a whole batch and resolves its persons, collecting every bad record. */
async function acceptBatch<S extends z.ZodType<{ idNumber: string }>>(ctx: Context, schema: S, raw: unknown) {
  const batch = parseInput(AssistanceBatch, raw);
  const { valid, rejected } = validateRows(schema, batch.records);
  const people = await resolvePersons(ctx, valid.map((v) => v.value.idNumber));
  const records: { index: number; value: z.output<S>; personId: number }[] = [];
  for (const { index, value } of valid) {
    const person = people.get(value.idNumber);
    if (person) records.push({ index, value, personId: person.id });
    else rejected.push(reject(index, 'idNumber', 'NOT_FOUND', PERSON_NOT_FOUND));
  }
  return { received: batch.records.length, records, rejected };
}

/** The stored assistance records of the batch's persons, grouped by person and category. */
async function storedAssistance(tx: Tx, personIds: readonly number[]): Promise<Map<string, StoredAssistance[]>> {
  const rows = await tx.select().from(assistanceRecipients).where(inArray(assistanceRecipients.personId, [...personIds]));
  return groupBy(rows, (r) => `${r.personId}|${r.category}`);
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

export interface AssistanceRegistrationResult {
  received: number;
  created: number;
  extended: number;
  merged: number;
  unchanged: number;
  subsidizedEnrollments: number;
}

/**
 * 医疗救助对象 certified by civil affairs. All-or-nothing. Periods of one person and category
 * that overlap or touch merge into one record (see periods.ts); the recipient's RESIDENT
 * enrollments in the years covered become subsidized (资助参保). Persons are locked for the
 * write so concurrent batches about one person cannot both add overlapping records.
 */
export async function registerAssistanceRecipients(ctx: Context, raw: { records: readonly unknown[] }): Promise<AssistanceRegistrationResult> {
  const { received, records, rejected } = await acceptBatch(ctx, assistanceRow(ctx.now), raw);
  if (rejected.length) throw new BatchRejectedError(byIndex(rejected), received);
  const personIds = [...new Set(records.map((r) => r.personId))];
  return runWrite(ctx, 'registerAssistanceRecipients', async (tx) => {
    await lockPersons(tx, personIds);
    const stored = await storedAssistance(tx, personIds);
    const inserts: (typeof assistanceRecipients.$inferInsert)[] = [];
    const updates: StoredPeriod[] = [];
    const removals: number[] = [];
    let unchanged = 0;
    for (const [key, group] of groupBy(records, (r) => `${r.personId}|${r.value.category}`)) {
      const incoming = group.map((r) => ({ start: r.value.startDate, end: r.value.endDate, row: r.value, personId: r.personId }));
      const existing = (stored.get(key) ?? []).map((s) => ({ id: s.id, start: s.startDate, end: s.endDate }));
      const plan = mergePeriods(existing, incoming);
      for (const n of plan.insert) {
        inserts.push({ personId: n.personId, category: n.row.category, startDate: n.start, endDate: n.end, certifyingOffice: n.row.certifyingOffice });
      }
      updates.push(...plan.update);
      removals.push(...plan.remove);
      unchanged += plan.unchanged;
    }
    for (const chunk of chunks(inserts)) await tx.insert(assistanceRecipients).values(chunk);
    if (updates.length) {
      // A record whose end moves is certified anew: the old end reason no longer describes it.
      await tx.execute(sql`update assistance_recipients a
        set start_date = k.start_date, end_date = k.end_date,
          end_reason = case when a.end_date is not distinct from k.end_date then a.end_reason end
        from json_to_recordset(${json(updates.map((u) => ({ id: u.id, start_date: u.start, end_date: u.end })))}) as k(id int, start_date date, end_date date)
        where a.id = k.id`);
    }
    if (removals.length) await tx.delete(assistanceRecipients).where(inArray(assistanceRecipients.id, removals));
    const subsidizedEnrollments = await refreshSubsidies(ctx.hub.database, tx, personIds);
    return {
      result: { received, created: inserts.length, extended: updates.length, merged: removals.length, unchanged, subsidizedEnrollments },
      personIds,
    };
  });
}

const endRow = (today: Date) =>
  z.object({
    idNumber: idNumberField(today),
    category: z.enum(ASSISTANCE_CATEGORIES),
    endDate: z.string(),
    reason: text(200, 'Reason'),
  });
type EndInput = z.output<ReturnType<typeof endRow>>;

export interface AssistanceEndResult {
  received: number;
  ended: number;
  unchanged: number;
}

/**
 * The record a termination applies to: of the person's records in the category that are still
 * running on the end date (open, or ending on or after it), the one that has started by then.
 */
function recordToEnd(records: readonly StoredAssistance[], index: number, row: EndInput): { record: StoredAssistance } | { rejected: RejectedRow } {
  const running = records.filter((r) => r.endDate === null || r.endDate >= row.endDate);
  if (running.length === 0) return { rejected: reject(index, 'category', 'NOT_FOUND', 'No active assistance record of this category for the person') };
  const started = running.filter((r) => r.startDate <= row.endDate).sort((a, b) => (a.startDate < b.startDate ? 1 : -1));
  if (started.length === 0) {
    const first = running.map((r) => r.startDate).sort()[0];
    return { rejected: reject(index, 'endDate', 'BAD_USER_INPUT', `End date is before the record's start date ${first}`) };
  }
  return { record: started[0]! };
}

/**
 * Ends active assistance records (民政 cancels a certification). All-or-nothing; a re-sent end
 * changes nothing. Ending does not unsubsidize a year's enrollment: its premium was paid.
 */
export async function endAssistance(ctx: Context, raw: { records: readonly unknown[] }): Promise<AssistanceEndResult> {
  const { received, records, rejected } = await acceptBatch(ctx, endRow(ctx.now), raw);
  const personIds = [...new Set(records.map((r) => r.personId))];
  // Records are judged against the stored ones under the persons' locks; a batch already known
  // to be refused still goes through that judgement so the refusal names every bad record.
  return runWrite(ctx, 'endAssistance', async (tx) => {
    await lockPersons(tx, personIds);
    const stored = await storedAssistance(tx, personIds);
    const ends = new Map<number, { id: number; end_date: string; end_reason: string; index: number }>();
    let unchanged = 0;
    for (const { index, value, personId } of records) {
      const found = recordToEnd(stored.get(`${personId}|${value.category}`) ?? [], index, value);
      if ('rejected' in found) {
        rejected.push(found.rejected);
        continue;
      }
      const { record } = found;
      const earlier = ends.get(record.id);
      if (earlier) {
        if (earlier.end_date !== value.endDate || earlier.end_reason !== value.reason) {
          rejected.push(reject(index, 'endDate', 'CONFLICT', `Record ${earlier.index} of this batch ends the same assistance record differently`));
        } else unchanged++;
      } else if (record.endDate === value.endDate && record.endReason === value.reason) {
        unchanged++;
      } else {
        ends.set(record.id, { id: record.id, end_date: value.endDate, end_reason: value.reason, index });
      }
    }
    if (rejected.length) throw new BatchRejectedError(byIndex(rejected), received);
    if (ends.size) {
      await tx.execute(sql`update assistance_recipients a set end_date = k.end_date, end_reason = k.end_reason
        from json_to_recordset(${json([...ends.values()])}) as k(id int, end_date date, end_reason text)
        where a.id = k.id`);
    }
    return { result: { received, ended: ends.size, unchanged }, personIds };
  });
}
