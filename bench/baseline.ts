/**
 * The raw baseline: node:http + postgres.js running hand-written SQL for each workload, no
 * GraphQL — the practical limit the hub is measured against. It does the same work as the hub
 * for the same request: verifies the bearer token, keeps to the caller's row scope, and appends
 * the same hash-chained audit record (one read + one insert under the chain's advisory lock)
 * for every request that touches person-level data. Reads are one statement each, with the
 * nested lists built by PostgreSQL as JSON; writes are one transaction.
 *
 * Pure pieces are reused from the hub (token checks, the settlement engine and its parameter
 * mapping, the eligibility rule, the audit hash) so that only the serving stack differs. For the
 * indicators listing the aggregate statements are the hub's own SQL, captured once per region
 * through a logging drizzle instance and then run as prepared statements.
 *
 * Environment: DATABASE_URL, PORT, AUTH_SECRET, AUDIT_SIGNING_KEY, AUDIT_CHECKPOINT_EVERY,
 * BASELINE_AUDIT=0 to skip the audit record (used to measure what the record costs).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { AUDIT_LOCK, recordHash, signHead, GENESIS_HASH, type AuditEntry } from '../src/audit/log.js';
import type { ConsentScope } from '../src/auth/policy.js';
import type { Principal } from '../src/auth/principal.js';
import { createTokenVerifier } from '../src/auth/token.js';
import { computeSettlement } from '../src/benefits/settlement/engine.js';
import type { AssistanceParams, EncounterType, SettlementAccumulators } from '../src/benefits/settlement/types.js';
import { basicParams, criticalParams, eligibilityOf, policyLevel, productCoverage, splitColumns } from '../src/benefits/settle.js';
import { beijingDate, beijingYear } from '../src/calendar.js';
import { loadConfig } from '../src/config.js';
import * as schema from '../src/db/schema/index.js';
import { computeAggregates } from '../src/indicators/live.js';
import { familiesOf } from '../src/indicators/service.js';
import { idNumberProblem } from '../src/people/id-number.js';


const config = loadConfig();
const auditOn = process.env.BASELINE_AUDIT !== '0';
const verifier = await createTokenVerifier(config);
// Money is bigint and ratios numeric: read both as numbers, like the hub's drizzle columns.
const sql = postgres(config.DATABASE_URL!, {
  max: config.DATABASE_POOL_MAX,
  onnotice: () => {},
  types: { num: { to: 1700, from: [20, 1700], serialize: (v: number) => String(v), parse: (v: string) => Number(v) } },
});
type Sql = postgres.Sql | postgres.TransactionSql;

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// ── Audit ────────────────────────────────────────────────────────────────────────────────────

interface Caller {
  principal: Principal;
  requestId: string;
}

/** Appends the request's audit record inside `tx`: the lock, the predecessor read under it, then the insert. */
async function appendAudit(tx: Sql, caller: Caller, operation: string, personIds: number[], fields: string[]): Promise<void> {
  if (!auditOn || personIds.length === 0) return;
  const entry: AuditEntry = {
    at: new Date(),
    requestId: caller.requestId,
    clientId: caller.principal.clientId,
    role: caller.principal.role,
    operation,
    personIds: [...new Set(personIds)].sort((a, b) => a - b),
    fields: [...fields].sort(),
    deniedFields: [],
    purpose: null,
  };
  // The head is read by a statement after the one that takes the lock: a statement's snapshot is
  // taken when it starts, so a head read in the locking statement could miss a batch that
  // committed while the lock was awaited, and fork the chain. The head read is prepared once per
  // connection, maybe while the trail is empty: without sequential scans its plan is the primary
  // key's, as in `audit_append` (drizzle/0004_audit_head_plan.sql).
  await tx`select pg_advisory_xact_lock(${AUDIT_LOCK}), set_config('enable_seqscan', 'off', true)`;
  const [last] = await tx<{ hash: string }[]>`select hash from audit_log order by id desc limit 1`;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = recordHash(prevHash, entry);
  const [row] = await tx<{ id: number }[]>`
    insert into audit_log (at, request_id, client_id, role, operation, person_ids, fields, denied_fields, purpose, prev_hash, hash)
    values (${entry.at}, ${entry.requestId}, ${entry.clientId}, ${entry.role}, ${entry.operation}, ${entry.personIds}::int[],
      ${entry.fields}::text[], ${entry.deniedFields}::text[], ${entry.purpose}, ${prevHash}, ${hash})
    returning id::int as id`;
  const id = row!.id;
  if (id % config.AUDIT_CHECKPOINT_EVERY === 0) {
    await tx`insert into audit_checkpoints (audit_id, hash, signature, key_id, at)
      values (${id}, ${hash}, ${signHead(config.auditKey, id, hash)}, 'config', ${entry.at})`;
  }
}

/** A read's audit record in its own short transaction, after the data was read (as the hub does). */
async function auditRead(caller: Caller, operation: string, personIds: number[], fields: string[]): Promise<void> {
  if (!auditOn || personIds.length === 0) return;
  await sql.begin((tx) => appendAudit(tx, caller, operation, personIds, fields));
}

// ── Small rules, written out as a hand-written server would have them ────────────────────────

/** JSON with sorted keys, hashed: equal requests hash equally whatever their key order. */
function requestHash(body: unknown): string {
  const canonical = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
    }
    return JSON.stringify(v);
  };
  return createHash('sha256').update(canonical(body)).digest('hex');
}

// ── Reads ────────────────────────────────────────────────────────────────────────────────────

const regionScope = (p: Principal) => {
  if (p.regions.length === 0) throw new Refusal(403, 'FORBIDDEN', 'Forbidden');
  return p.regions as string[];
};

/** (a) An insurer's eligibility check: product, person, consent scopes, enrollment, product enrollment in one statement. */
async function eligibility(caller: Caller, body: { idNumber: string; productCode: string }) {
  const p = caller.principal;
  if (p.role !== 'INSURER') throw new Refusal(403, 'FORBIDDEN', 'Forbidden');
  const insurer = p.insurerCode ?? '';
  const [row] = await sql<
    {
      product: { id: number; year: number; regionCode: string; status: string; endDate: string } | null;
      personId: number | null;
      scopes: ConsentScope[] | null;
      enrollment: { status: string; regionCode: string } | null;
      productEnrolled: boolean;
    }[]
  >`
    with prod as (
      select id, year, region_code as "regionCode", status, end_date::text as "endDate"
      from insurance_products where code = ${body.productCode} and insurer_code = ${insurer}
    ), per as (select id from persons where id_number = ${body.idNumber})
    select (select row_to_json(prod) from prod) as product,
      (select id from per) as "personId",
      (select array_agg(distinct s) from consents c cross join unnest(c.scopes) s
        where c.person_id = (select id from per) and c.insurer_code = ${insurer} and c.revoked_at is null and c.expires_at > now()) as scopes,
      (select json_build_object('status', e.status, 'regionCode', e.region_code) from enrollments e
        where e.person_id = (select id from per) and e.year = (select year from prod)) as enrollment,
      exists (select 1 from product_enrollments pe
        where pe.person_id = (select id from per) and pe.product_id = (select id from prod) and pe.status = 'ACTIVE') as "productEnrolled"`;
  if (!row?.product) throw new Refusal(200, 'NOT_FOUND', 'InsuranceProduct not found');
  const scopes = new Set(row.scopes ?? []);
  if (row.personId === null || !scopes.has('ELIGIBILITY')) throw new Refusal(200, 'CONSENT_REQUIRED', 'No consent');
  await auditRead(caller, 'Eligibility', [row.personId], ['Query.settlementEligibility']);
  return eligibilityOf({ product: row.product, enrollment: row.enrollment, productEnrolled: row.productEnrolled, scopes, today: beijingDate(new Date()) });
}

/** (b) A partner's nested list: institutions → newest prescriptions → items → drug, one statement. */
async function partner(caller: Caller, body: { first: number; prescriptions: number }) {
  const regions = regionScope(caller.principal);
  const [row] = await sql<{ data: { code: string; prescriptions: { p: number }[] }[] | null }[]>`
    select json_agg(json_build_object('code', i.code, 'name', i.name, 'level', i.level, 'prescriptions', (
      select coalesce(json_agg(json_build_object(
        'code', p.code, 'issuedAt', p.issued_at,
        'status', case when p.status = 'ISSUED' and p.valid_until <= now() then 'EXPIRED' else p.status end,
        'p', p.person_id,
        'items', (select coalesce(json_agg(json_build_object('quantity', it.quantity, 'amount', it.amount,
                   'drug', json_build_object('code', d.code, 'name', d.name)) order by it.id), '[]')
                  from prescription_items it join drugs d on d.id = it.drug_id where it.prescription_id = p.id)
      ) order by p.id desc), '[]')
      from (select * from prescriptions p where p.issuer_id = i.id and p.region_code in ${sql(regions)}
            order by p.id desc limit ${body.prescriptions}) p
    )) order by i.id) as data
    from (select * from institutions where region_code in ${sql(regions)} order by id limit ${body.first + 1}) i`;
  const rows = row?.data ?? [];
  const page = rows.slice(0, body.first);
  // The patients behind the prescriptions are what the audit record names; they are not returned.
  const personIds: number[] = [];
  for (const inst of page) for (const pr of inst.prescriptions) personIds.push(pr.p);
  await auditRead(caller, 'Partner', personIds, ['Prescription.code', 'Prescription.issuedAt', 'Prescription.items', 'Prescription.status']);
  return { institutions: page, hasNextPage: rows.length > body.first };
}

/** (c) A person with enrollments, contributions and the newest settlements, one statement. */
async function person(caller: Caller, body: { idNumber: string; settlements: number }) {
  const regions = regionScope(caller.principal);
  const [row] = await sql<{ id: number; settlements: unknown[] }[]>`
    select p.id, p.id_number as "idNumber", p.name, p.birth_date::text as "birthDate",
      (select coalesce(json_agg(json_build_object('year', e.year, 'scheme', e.scheme, 'status', e.status, 'startDate', e.start_date,
        'endDate', e.end_date, 'contributionBase', e.contribution_base) order by e.year), '[]')
        from enrollments e where e.person_id = p.id) as enrollments,
      (select coalesce(json_agg(json_build_object('period', c.period, 'payer', c.payer, 'amount', c.amount, 'paidDate', c.paid_date)
        order by c.period, c.payer), '[]') from contributions c where c.person_id = p.id) as contributions,
      (select coalesce(json_agg(json_build_object('billDate', s.bill_date, 'encounterType', s.encounter_type, 'totalAmount', s.total_amount,
        'fundPaid', s.fund_paid, 'selfPaid', s.self_paid, 'status', s.status) order by s.id desc), '[]')
        from (select * from settlements s where s.person_id = p.id and s.region_code in ${sql(regions)}
              order by s.id desc limit ${body.settlements + 1}) s) as settlements
    from persons p where p.id_number = ${body.idNumber} and p.region_code in ${sql(regions)}`;
  if (!row) throw new Refusal(200, 'NOT_FOUND', 'Person not found');
  await auditRead(caller, 'Person', [row.id], ['Person.contributions', 'Person.enrollments', 'Person.name', 'Person.settlements']);
  const hasNextPage = row.settlements.length > body.settlements;
  return { ...row, settlements: row.settlements.slice(0, body.settlements), hasNextPage };
}

/** The hub's aggregate statements for a region and year, captured once through drizzle's logger. */
const capturedAggregates = new Map<string, Promise<{ query: string; params: unknown[] }[]>>();

function aggregateStatements(region: string, year: number, today: string) {
  const key = `${region}:${year}:${today}`;
  let found = capturedAggregates.get(key);
  if (!found) {
    found = (async () => {
      const captured: { query: string; params: unknown[] }[] = [];
      const capture = postgres(config.DATABASE_URL!, { max: 1, onnotice: () => {} });
      try {
        const db = drizzle(capture, { schema, logger: { logQuery: (query, params) => void captured.push({ query, params }) } });
        const rows = await db.select().from(schema.indicators).where(eq(schema.indicators.regionCode, region));
        captured.length = 0;
        await computeAggregates(db as never, { region, year, families: familiesOf(rows), today });
      } finally {
        await capture.end();
      }
      return captured;
    })();
    capturedAggregates.set(key, found);
  }
  return found;
}

/** (d) A region's indicators with observations, and the region's aggregates for the year. */
async function indicatorList(_caller: Caller, body: { region: string }) {
  const now = new Date();
  const year = beijingYear(now);
  const statements = await aggregateStatements(body.region, year, beijingDate(now));
  const [[row], ...aggregates] = await Promise.all([
    sql<{ data: unknown }[]>`
      select coalesce(json_agg(json_build_object('code', i.code, 'name', i.name, 'nameEn', i.name_en, 'unit', i.unit,
        'targetText', i.target_text, 'targetValue', i.target_value, 'comparison', i.comparison,
        'observations', (select coalesce(json_agg(json_build_object('year', o.year, 'valueText', o.value_text, 'value', o.value)
          order by o.year, o.recorded_at, o.id), '[]') from indicator_observations o where o.indicator_id = i.id)
      ) order by i.position), '[]') as data
      from indicators i where i.region_code = ${body.region}`,
    ...statements.map((s) => sql.unsafe(s.query, s.params as never[], { prepare: true })),
  ]);
  return { indicators: row!.data, aggregates };
}

// ── Writes ───────────────────────────────────────────────────────────────────────────────────

const PERIOD = /^(\d{4})(?:-(0[1-9]|1[0-2]))?$/;
const PAYERS = new Set(['INDIVIDUAL', 'EMPLOYER', 'GOVERNMENT_SUBSIDY']);

interface ContributionRecord {
  idNumber: string;
  period: string;
  payer: string;
  amount: number;
  paidDate: string;
}

/** The same per-record checks as the hub: ID number (GB 11643), period, payer, amount, paid date. */
function contributionProblem(r: ContributionRecord, today: Date, todayIso: string): string | null {
  if (typeof r.idNumber !== 'string' || idNumberProblem(r.idNumber.trim().toUpperCase(), today)) return 'idNumber';
  const m = PERIOD.exec(r.period);
  if (!m || Number(m[1]) < 1990 || Number(m[1]) > beijingYear(today) + 1) return 'period';
  if (!PAYERS.has(r.payer)) return 'payer';
  if (!Number.isInteger(r.amount) || r.amount < 1) return 'amount';
  if (typeof r.paidDate !== 'string' || r.paidDate > todayIso) return 'paidDate';
  return null;
}

/** (e) 缴费 batch, all-or-nothing: resolve, check stored amounts, insert, activate the years' enrollments, audit. */
async function contributions(caller: Caller, body: { records: ContributionRecord[] }) {
  const p = caller.principal;
  if (p.role !== 'TAX' && p.role !== 'MEDICAL_SECURITY') throw new Refusal(403, 'FORBIDDEN', 'Forbidden');
  const regions = regionScope(p);
  const now = new Date();
  const todayIso = beijingDate(now);
  const records = body.records.map((r, i) => ({ ...r, idNumber: r.idNumber.trim().toUpperCase(), i }));
  const bad = records.findIndex((r) => contributionProblem(r, now, todayIso) !== null);
  if (bad >= 0) throw new Refusal(200, 'BAD_USER_INPUT', `record ${bad} rejected`);
  return sql.begin(async (tx) => {
    const [row] = await tx<{ unknown: number; conflicts: number; written: number; unchanged: number; personIds: number[] | null; years: unknown }[]>`
      with input as (
        select * from json_to_recordset(${sql.json(records as never)}::json)
          as k(i int, "idNumber" text, period text, payer text, amount bigint, "paidDate" date)
      ), resolved as (
        select k.*, p.id as person_id from input k left join persons p on p.id_number = k."idNumber" and p.region_code in ${sql(regions)}
      ), stored as (
        select r.i, c.amount as stored from resolved r
        join contributions c on c.person_id = r.person_id and c.period = r.period and c.payer = r.payer
      ), ins as (
        insert into contributions (person_id, period, payer, amount, paid_date)
        select person_id, period, payer, amount, "paidDate" from resolved
        where person_id is not null and not exists (select 1 from stored s where s.i = resolved.i)
        on conflict (person_id, period, payer) do nothing
        returning person_id, period, payer
      )
      select (select count(*)::int from resolved where person_id is null) as unknown,
        (select count(*)::int from stored s join resolved r using (i) where s.stored <> r.amount) as conflicts,
        (select count(*)::int from stored s join resolved r using (i) where s.stored = r.amount) as unchanged,
        (select count(*)::int from ins) as written,
        (select array_agg(distinct person_id) from resolved where person_id is not null) as "personIds",
        (select json_agg(distinct jsonb_build_object('person_id', person_id, 'year', left(period, 4)::int,
            'employer', payer = 'EMPLOYER', 'start_date', case when length(period) = 4 then period || '-01-01' else period || '-01' end))
          from ins) as years`;
    if (row!.unknown || row!.conflicts) throw new Refusal(200, 'BAD_USER_INPUT', 'records rejected, nothing written');
    if (row!.written) {
      // One row per person and year: the earliest start, EMPLOYEE when an employer paid.
      await tx`
        insert into enrollments (person_id, region_code, year, scheme, status, start_date)
        select k.person_id, p.region_code, k.year,
          case when bool_or(k.employer) then 'EMPLOYEE'
            else coalesce((select e.scheme from enrollments e where e.person_id = k.person_id order by e.year desc limit 1), 'RESIDENT') end,
          'ACTIVE', min(k.start_date)
        from json_to_recordset(${sql.json(row!.years as never)}::json) as k(person_id int, year int, employer boolean, start_date date)
        join persons p on p.id = k.person_id
        group by k.person_id, p.region_code, k.year
        on conflict (person_id, year) do update set status = 'ACTIVE', end_date = null where enrollments.status <> 'ACTIVE'`;
    }
    await appendAudit(tx, caller, 'Contributions:recordContributions', row!.personIds ?? [], ['Mutation.recordContributions']);
    return { received: records.length, written: row!.written, unchanged: row!.unchanged, rejected: 0 };
  });
}

interface SettleBody {
  idNumber: string;
  institutionCode: string;
  encounterType: EncounterType;
  date: string;
  items: { code: string; name: string; itemClass: 'A' | 'B' | 'C'; amount: number; specialDrug: boolean }[];
  idempotencyKey: string;
}

interface SettleFacts {
  institution: { id: number; regionCode: string; kind: string; level: number | null; agreementStatus: string } | null;
  person: { id: number; regionCode: string } | null;
  earlier: { id: number; requestHash: string; clientId: string } | null;
  basic: (Parameters<typeof basicParams>[0] & { scheme: string; encounterType: string; institutionLevel: number | null })[] | null;
  critical: (Parameters<typeof criticalParams>[0] & { scheme: string })[] | null;
  enrollment: { scheme: 'EMPLOYEE' | 'RESIDENT'; status: string; startDate: string; endDate: string | null } | null;
  assistance: { category: string; ratio: number | null; annualCap: number | null } | null;
  product: (Parameters<typeof productCoverage>[0] & { id: number; consented: boolean }) | null;
}

/** (f) 一站式结算: every fact the engine needs in one read, then one transaction that stores the split. */
async function settle(caller: Caller, body: SettleBody) {
  const p = caller.principal;
  if (p.role === 'INSTITUTION' && p.institutionCode !== body.institutionCode) throw new Refusal(403, 'FORBIDDEN', 'Forbidden');
  if (!/^[A-Za-z0-9_-]{8,80}$/.test(body.idempotencyKey) || body.items.length === 0 || body.date > beijingDate(new Date())) {
    throw new Refusal(200, 'BAD_USER_INPUT', 'Bad input');
  }
  const year = Number(body.date.slice(0, 4));
  const hash = requestHash({ ...body, diagnosis: null, client: p.clientId });
  const [facts] = await sql<SettleFacts[]>`
    with per as (select id, region_code from persons where id_number = ${body.idNumber})
    select
      (select json_build_object('id', id, 'regionCode', region_code, 'kind', kind, 'level', level, 'agreementStatus', agreement_status)
        from institutions where code = ${body.institutionCode}) as institution,
      (select json_build_object('id', id, 'regionCode', region_code) from per) as person,
      (select json_build_object('id', id, 'requestHash', request_hash, 'clientId', client_id) from settlements where idempotency_key = ${body.idempotencyKey}) as earlier,
      (select json_agg(json_build_object('scheme', scheme, 'encounterType', encounter_type, 'institutionLevel', institution_level,
        'deductible', deductible, 'ratio', ratio, 'classBSelfPayShare', class_b_self_pay_share, 'annualCap', annual_cap))
        from benefit_policies where region_code = (select region_code from per) and year = ${year}) as basic,
      (select json_agg(json_build_object('scheme', scheme, 'threshold', threshold, 'segments', segments, 'annualCap', annual_cap,
        'thresholdFactor', threshold_factor, 'ratioBonus', ratio_bonus))
        from critical_illness_policies where region_code = (select region_code from per) and year = ${year}) as critical,
      (select json_build_object('scheme', scheme, 'status', status, 'startDate', start_date, 'endDate', end_date)
        from enrollments where person_id = (select id from per) and year = ${year}) as enrollment,
      (select json_build_object('category', ar.category, 'ratio', ap.ratio, 'annualCap', ap.annual_cap)
        from assistance_recipients ar
        left join assistance_policies ap on ap.region_code = (select region_code from per) and ap.year = ${year} and ap.category = ar.category
        where ar.person_id = (select id from per) and ar.start_date <= ${body.date}::date and (ar.end_date is null or ar.end_date >= ${body.date}::date)
        order by ap.ratio desc nulls last, ap.annual_cap desc nulls last limit 1) as assistance,
      (select json_build_object('id', ip.id, 'status', ip.status, 'startDate', ip.start_date, 'endDate', ip.end_date,
          'deductibleIn', ip.deductible_in, 'deductibleOut', ip.deductible_out, 'ratioIn', ip.ratio_in, 'ratioOut', ip.ratio_out,
          'ratioSpecialDrug', ip.ratio_special_drug, 'annualCap', ip.annual_cap, 'coveredEncounterTypes', ip.covered_encounter_types,
          'consented', exists (select 1 from consents c where c.person_id = pe.person_id and c.insurer_code = ip.insurer_code
            and c.revoked_at is null and c.expires_at > now() and c.scopes @> array['SETTLEMENTS']::text[]))
        from product_enrollments pe join insurance_products ip on ip.id = pe.product_id
        where pe.person_id = (select id from per) and pe.status = 'ACTIVE' and ip.region_code = (select region_code from per) and ip.year = ${year}
        order by ip.status = 'ACTIVE' desc, ip.id limit 1) as product`;
  const f = facts!;
  if (f.earlier) {
    if (f.earlier.requestHash !== hash || f.earlier.clientId !== p.clientId) throw new Refusal(200, 'CONFLICT', 'Idempotency key reused');
    return { settlementId: f.earlier.id, replayed: true };
  }
  if (!f.institution || f.institution.agreementStatus !== 'ACTIVE') throw new Refusal(200, 'BAD_USER_INPUT', 'input.institutionCode');
  if (!f.person) throw new Refusal(200, 'NOT_FOUND', 'input.idNumber');
  const e = f.enrollment;
  if (!e || e.status !== 'ACTIVE' || e.startDate > body.date || (e.endDate !== null && e.endDate < body.date)) {
    throw new Refusal(200, 'BAD_USER_INPUT', 'input.idNumber: not enrolled');
  }
  const level = policyLevel(body.encounterType, { level: f.institution.level });
  const basic = f.basic?.find((b) => b.scheme === e.scheme && b.encounterType === body.encounterType && b.institutionLevel === level);
  const critical = f.critical?.find((c) => c.scheme === e.scheme);
  if (!basic || !critical) throw new Refusal(200, 'BAD_USER_INPUT', 'input.date: no policy');
  let assistance: AssistanceParams | null = null;
  if (f.assistance) {
    if (f.assistance.ratio === null || f.assistance.annualCap === null) throw new Refusal(200, 'BAD_USER_INPUT', 'input.date: no assistance policy');
    assistance = { category: f.assistance.category as AssistanceParams['category'], ratio: f.assistance.ratio, annualCap: f.assistance.annualCap };
  }
  const coverage = productCoverage(f.product, body.date, f.product?.consented ?? false);
  const personId = f.person.id;
  const clientId = p.clientId;
  return sql.begin(async (tx) => {
    await tx`insert into accumulators (person_id, year) values (${personId}, ${year}) on conflict do nothing`;
    const [acc] = await tx<Record<string, number>[]>`
      select deductible_paid as "deductiblePaid", fund_paid as "fundPaid", critical_qualifying as "criticalQualifying",
        critical_paid as "criticalPaid", assistance_paid as "assistancePaid", product_deductible_in_used as "productDeductibleInUsed",
        product_deductible_out_used as "productDeductibleOutUsed", product_paid as "productPaid", self_paid_in_range as "selfPaidInRange"
      from accumulators where person_id = ${personId} and year = ${year} for update`;
    const { selfPaidInRange, ...before } = acc!;
    const c = computeSettlement({
      encounterType: body.encounterType,
      items: body.items.map((i) => ({ amountFen: i.amount, itemClass: i.itemClass, specialDrug: i.specialDrug })),
      basic: basicParams(basic),
      criticalIllness: criticalParams(critical),
      assistance,
      product: coverage,
      accumulators: before as unknown as SettlementAccumulators,
    });
    const split = splitColumns(c);
    const after = c.accumulatorsAfter;
    const [row] = await tx<{ id: number }[]>`
      with s as (
        insert into settlements (person_id, institution_id, region_code, scheme, encounter_type, bill_date, settled_at, cross_province,
          product_id, total_amount, policy_range_amount, class_b_prepaid, deductible_paid, fund_paid, critical_illness_paid, assistance_paid,
          commercial_paid, self_paid, computation, idempotency_key, request_hash, client_id, status)
        values (${personId}, ${f.institution!.id}, ${f.person!.regionCode}, ${e.scheme}, ${body.encounterType}, ${body.date}, now(), false,
          ${coverage.applies && f.product ? f.product.id : null}, ${split.totalAmount}, ${split.policyRangeAmount}, ${split.classBPrepaid},
          ${split.deductiblePaid}, ${split.fundPaid}, ${split.criticalIllnessPaid}, ${split.assistancePaid}, ${split.commercialPaid},
          ${split.selfPaid}, ${sql.json(c as never)}::jsonb, ${body.idempotencyKey}, ${hash}, ${clientId}, 'SETTLED')
        returning id
      ), items as (
        insert into settlement_items (settlement_id, code, name, item_class, amount, special_drug)
        select (select id from s), code, name, "itemClass", amount, "specialDrug"
        from json_to_recordset(${sql.json(body.items as never)}::json) as k(code text, name text, "itemClass" text, amount bigint, "specialDrug" boolean)
      ), acc as (
        update accumulators set deductible_paid = ${after.deductiblePaid}, fund_paid = ${after.fundPaid},
          critical_qualifying = ${after.criticalQualifying}, critical_paid = ${after.criticalPaid}, assistance_paid = ${after.assistancePaid},
          product_deductible_in_used = ${after.productDeductibleInUsed}, product_deductible_out_used = ${after.productDeductibleOutUsed},
          product_paid = ${after.productPaid}, self_paid_in_range = ${selfPaidInRange! + c.accumulatorDelta.criticalQualifying}
        where person_id = ${personId} and year = ${year}
      )
      select id from s`;
    await appendAudit(tx, caller, 'Settle:settleClaim', [personId], ['Mutation.settleClaim']);
    return { settlementId: row!.id, replayed: false, ...split };
  });
}

// ── HTTP ─────────────────────────────────────────────────────────────────────────────────────

const ROUTES: Record<string, (caller: Caller, body: never) => Promise<unknown>> = {
  '/eligibility': eligibility,
  '/partner': partner,
  '/person': person,
  '/indicators': indicatorList,
  '/contributions': contributions,
  '/settle': settle,
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Answers; `started` (when the request was taken up) adds the server's own time, as the hub tells it with SERVER_TIMING. */
function send(res: ServerResponse, status: number, body: unknown, started?: number): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    ...(started === undefined ? {} : { 'server-timing': `app;dur=${(performance.now() - started).toFixed(2)}` }),
  });
  res.end(text);
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

const server = createServer(async (req, res) => {
  const started = performance.now();
  try {
    if (req.url === '/healthz') {
      await sql`select 1`;
      return send(res, 200, { status: 'ok' });
    }
    const route = ROUTES[req.url ?? ''];
    if (!route || req.method !== 'POST') return send(res, 404, { error: 'not found' });
    const match = BEARER.exec(req.headers.authorization ?? '');
    if (!match) return send(res, 401, { errors: [{ message: 'Unauthenticated', extensions: { code: 'UNAUTHENTICATED' } }] });
    const principal = await verifier.verify(match[1]!);
    const body = JSON.parse(await readBody(req)) as never;
    const data = await route({ principal, requestId: randomUUID() }, body);
    send(res, 200, { data }, started);
  } catch (e) {
    if (e instanceof Refusal) return send(res, e.status, { errors: [{ message: e.message, extensions: { code: e.code } }] });
    const code = (e as { extensions?: { code?: string } }).extensions?.code;
    if (code === 'UNAUTHENTICATED') return send(res, 401, { errors: [{ message: 'Unauthenticated', extensions: { code } }] });
    if (process.env.BASELINE_DEBUG) console.error(e);
    send(res, 500, { errors: [{ message: 'Internal error', extensions: { code: 'INTERNAL' } }] });
  }
});
server.keepAliveTimeout = 65_000;
server.listen(config.PORT, config.HOST, () => console.log(`baseline on http://${config.HOST}:${config.PORT}`));

async function shutdown() {
  server.close();
  server.closeIdleConnections();
  await sql.end({ timeout: 5 });
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
