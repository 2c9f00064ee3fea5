/**
 * recordContributions: bulk, idempotent on (person, period, payer), all-or-nothing unless
 * partial, enrollment activated for the year, audit committed with the write.
 */
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, contributions, enrollments, persons } from '../../src/db/schema/index.js';
import { makeIdNumber } from '../../src/people/id-number.js';
import { onPostgres } from '../helpers/db.js';
import { fixtures, type Fixtures } from '../helpers/fixtures.js';
import type { Role } from '../../src/auth/principal.js';
import { codes, startHub, type Scope, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let f: Fixtures;
const db = () => hub.db.database.db;
const tax = () => hub.as('TAX', { regions: ['320600'] });

const RECORD = `mutation Record($input: RecordContributionsInput!) { recordContributions(input: $input) {
  __typename
  ... on RecordContributionsPayload { received written unchanged rejected rejectedRows { index field code message } }
  ... on BatchRejectedError { code field message rows { index field code message } }
  ... on InputError { code field message }
} }`;

interface Row {
  idNumber: string;
  period: string;
  payer: string;
  amount: string;
  paidDate: string;
}
const row = (idNumber: string, over: Partial<Row> = {}): Row => ({ idNumber, period: '2026', payer: 'INDIVIDUAL', amount: '400.00', paidDate: '2026-01-15', ...over });

const countFor = async (personIds: number[]) =>
  (await db().select({ n: sql<number>`count(*)::int` }).from(contributions).where(inArray(contributions.personId, personIds)))[0]!.n;
const totalCount = async () => (await db().select({ n: sql<number>`count(*)::int` }).from(contributions))[0]!.n;

beforeAll(async () => {
  hub = await startHub();
  f = fixtures(hub.db.database);
});
afterAll(() => hub?.close());

describe('recordContributions', () => {
  it('writes a batch, activates the year’s enrollment and creates a missing one', async () => {
    const suspended = await f.person({ status: 'SUSPENDED', scheme: 'RESIDENT' });
    const employee = await f.person({ scheme: 'EMPLOYEE', year: 2025 });
    const r = await tax()(RECORD, {
      input: {
        records: [
          row(suspended.idNumber, { period: '2026-03', amount: '35.50', paidDate: '2026-03-05' }),
          row(employee.idNumber, { period: '2026', payer: 'INDIVIDUAL' }),
          row(employee.idNumber, { period: '2026', payer: 'EMPLOYER', amount: '1200.00' }),
        ],
      },
    });
    expect(r.errors).toBeUndefined();
    expect(r.data?.recordContributions).toEqual({
      __typename: 'RecordContributionsPayload', received: 3, written: 3, unchanged: 0, rejected: 0, rejectedRows: [],
    });
    const stored = await db().select().from(contributions).where(inArray(contributions.personId, [suspended.id, employee.id]));
    expect(stored.map((c) => [c.personId, c.period, c.payer, c.amount, c.paidDate]).sort()).toEqual(
      [
        [suspended.id, '2026-03', 'INDIVIDUAL', 3550, '2026-03-05'],
        [employee.id, '2026', 'EMPLOYER', 120000, '2026-01-15'],
        [employee.id, '2026', 'INDIVIDUAL', 40000, '2026-01-15'],
      ].sort(),
    );
    const [reactivated] = await db().select().from(enrollments).where(and(eq(enrollments.personId, suspended.id), eq(enrollments.year, 2026)));
    expect(reactivated).toMatchObject({ status: 'ACTIVE', scheme: 'RESIDENT' });
    const [created] = await db().select().from(enrollments).where(and(eq(enrollments.personId, employee.id), eq(enrollments.year, 2026)));
    expect(created).toMatchObject({ status: 'ACTIVE', scheme: 'EMPLOYEE', regionCode: '320600', startDate: '2026-01-01', subsidized: false });
  });

  it('takes the scheme of the latest enrollment when no employer pays, and subsidizes a recipient’s new resident enrollment', async () => {
    const resident = await f.person({ scheme: 'RESIDENT', year: 2025 });
    await f.assistance(resident.id, 'EXTREME_POVERTY', '2024-01-01');
    const r = await tax()(RECORD, { input: { records: [row(resident.idNumber, { period: '2026-02', payer: 'GOVERNMENT_SUBSIDY', paidDate: '2026-02-01' })] } });
    expect(r.data?.recordContributions).toMatchObject({ written: 1 });
    const [created] = await db().select().from(enrollments).where(and(eq(enrollments.personId, resident.id), eq(enrollments.year, 2026)));
    expect(created).toMatchObject({ scheme: 'RESIDENT', status: 'ACTIVE', startDate: '2026-02-01', subsidized: true });
    expect(created!.subsidyAmount).toBeGreaterThan(0);
  });

  it('is idempotent: a re-sent batch writes nothing and says so', async () => {
    const a = await f.person();
    const b = await f.person();
    const input = { records: [row(a.idNumber), row(b.idNumber), row(b.idNumber, { payer: 'GOVERNMENT_SUBSIDY', amount: '280.00' })] };
    const first = await tax()(RECORD, { input });
    expect(first.data?.recordContributions).toMatchObject({ written: 3, unchanged: 0 });
    const [before] = await db().select().from(enrollments).where(eq(enrollments.personId, a.id));
    const again = await tax()(RECORD, { input });
    expect(again.data?.recordContributions).toEqual({
      __typename: 'RecordContributionsPayload', received: 3, written: 0, unchanged: 3, rejected: 0, rejectedRows: [],
    });
    expect(await countFor([a.id, b.id])).toBe(3);
    const [after] = await db().select().from(enrollments).where(eq(enrollments.personId, a.id));
    expect(after).toEqual(before);
  });

  it('refuses a different amount for a stored key instead of overwriting it', async () => {
    const p = await f.person();
    await f.contribution(p.id, '2026', 'INDIVIDUAL', 40_000);
    const r = await tax()(RECORD, { input: { records: [row(p.idNumber, { period: '2026-05' }), row(p.idNumber, { amount: '450.00' })] } });
    expect(r.data?.recordContributions).toMatchObject({
      __typename: 'BatchRejectedError', code: 'CONFLICT', field: 'input.records.1.amount',
      rows: [{ index: 1, field: 'input.records.1.amount', code: 'CONFLICT', message: expect.stringContaining('400.00') }],
    });
    const stored = await db().select().from(contributions).where(eq(contributions.personId, p.id));
    expect(stored.map((c) => [c.period, c.amount])).toEqual([['2026', 40_000]]);
  });

  it('writes nothing when one record in the middle of a batch is bad, and names its index', async () => {
    const people = await Promise.all(Array.from({ length: 5 }, () => f.person()));
    const records = people.map((p) => row(p.idNumber));
    records[2] = row(`${people[2]!.idNumber.slice(0, 17)}${people[2]!.idNumber[17] === '0' ? '1' : '0'}`);
    const before = await totalCount();
    const r = await tax()(RECORD, { input: { records } });
    expect(r.data?.recordContributions).toMatchObject({
      __typename: 'BatchRejectedError', code: 'BAD_USER_INPUT', field: 'input.records.2.idNumber', rows: [{ index: 2, field: 'input.records.2.idNumber' }],
    });
    expect(await totalCount()).toBe(before);
  });

  it('in partial mode writes the valid records and reports every rejected one', async () => {
    const [a, b, c] = await Promise.all([f.person(), f.person(), f.person()]);
    const nanjing = await f.person({ region: '320100' });
    await f.contribution(c!.id, '2026', 'INDIVIDUAL', 40_000);
    const unknown = makeIdNumber('320623', '1931-02-03', 5, 'MALE');
    const records = [
      row(a!.idNumber),
      row('32060219900101123'),
      row(unknown),
      row(nanjing.idNumber),
      row(c!.idNumber, { amount: '500.00' }),
      row(b!.idNumber, { period: '2026-13' }),
      row(b!.idNumber, { period: '1989' }),
      row(b!.idNumber, { paidDate: '2099-01-01' }),
      row(b!.idNumber, { amount: '0' }),
      row(b!.idNumber, { period: '2026-07', amount: '10.00' }),
      row(b!.idNumber, { period: '2026-07', amount: '11.00' }),
      row(b!.idNumber, { period: '2026-07', amount: '10.00' }),
      row(c!.idNumber),
      row(b!.idNumber, { period: '2099' }),
    ];
    const r = await tax()(RECORD, { input: { records, partial: true } });
    expect(r.errors).toBeUndefined();
    const payload = r.data?.recordContributions;
    expect(payload).toMatchObject({ __typename: 'RecordContributionsPayload', received: 14, written: 2, unchanged: 2, rejected: 10 });
    expect(payload.rejectedRows.map((x: { index: number; field: string; code: string }) => [x.index, x.field, x.code])).toEqual([
      [1, 'input.records.1.idNumber', 'BAD_USER_INPUT'],
      [2, 'input.records.2.idNumber', 'NOT_FOUND'],
      [3, 'input.records.3.idNumber', 'NOT_FOUND'],
      [4, 'input.records.4.amount', 'CONFLICT'],
      [5, 'input.records.5.period', 'BAD_USER_INPUT'],
      [6, 'input.records.6.period', 'BAD_USER_INPUT'],
      [7, 'input.records.7.paidDate', 'BAD_USER_INPUT'],
      [8, 'input.records.8.amount', 'BAD_USER_INPUT'],
      [10, 'input.records.10.amount', 'CONFLICT'],
      [13, 'input.records.13.period', 'BAD_USER_INPUT'],
    ]);
    // An unknown person and one outside the caller's regions read alike.
    expect(payload.rejectedRows[1].message).toBe(payload.rejectedRows[2].message);
    expect(await countFor([a!.id, b!.id, c!.id, nanjing.id])).toBe(3);
  });

  it('refuses malformed batches as a whole with the field named', async () => {
    const p = await f.person();
    const cases: [unknown, string][] = [
      [{ records: [] }, 'input.records'],
      [{ records: Array.from({ length: 10_001 }, () => row(p.idNumber)) }, 'input.records'],
    ];
    for (const [input, field] of cases) {
      const r = await tax()(RECORD, { input });
      expect(r.data?.recordContributions, field).toMatchObject({ __typename: 'InputError', code: 'BAD_USER_INPUT', field });
    }
    for (const bad of [{ amount: '12.345' }, { paidDate: '2026-02-30' }, { payer: 'NEIGHBOUR' }]) {
      const r = await tax()(RECORD, { input: { records: [row(p.idNumber, bad)] } });
      expect(codes(r), JSON.stringify(bad)).toEqual(['BAD_USER_INPUT']);
    }
    expect(await countFor([p.id])).toBe(0);
  });

  it('accepts MEDICAL_SECURITY and refuses every other role with nothing written', async () => {
    const p = await f.person();
    const input = { records: [row(p.idNumber)] };
    const refused: [Role, Scope][] = [
      ['CIVIL_AFFAIRS', { regions: ['320600'] }], ['HEALTH', { regions: ['320600'] }], ['INSURER', { insurer: 'PICC' }], ['INSTITUTION', { institution: 'H32060200001' }],
    ];
    for (const [role, scope] of refused) {
      const r = await hub.as(role, scope)(RECORD, { input });
      expect(codes(r), role).toEqual(['FORBIDDEN']);
    }
    expect(await countFor([p.id])).toBe(0);
    const r = await hub.as('MEDICAL_SECURITY', { regions: ['320600'] })(RECORD, { input });
    expect(r.data?.recordContributions).toMatchObject({ written: 1 });
  });

  it('commits the audit record with the write, naming the persons', async () => {
    const p = await f.person();
    await hub.as('TAX', { regions: ['320600'], clientId: 'tax-audit' })(RECORD, { input: { records: [row(p.idNumber)] } });
    const records = await db().select().from(auditLog).where(and(like(auditLog.operation, '%:recordContributions'), eq(auditLog.clientId, 'tax-audit')));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ role: 'TAX', operation: 'Record:recordContributions', personIds: [p.id], fields: ['Mutation.recordContributions'] });
  });

  it('lets concurrent identical batches write each record once', async () => {
    const people = await Promise.all(Array.from({ length: 20 }, () => f.person()));
    const input = { records: people.map((p) => row(p.idNumber, { period: '2026-09', paidDate: '2026-09-01' })) };
    const results = await Promise.all([tax()(RECORD, { input }), tax()(RECORD, { input })]);
    const payloads = results.map((r) => r.data?.recordContributions);
    expect(payloads.map((x) => x.rejected)).toEqual([0, 0]);
    expect(payloads[0].written + payloads[1].written).toBe(20);
    expect(payloads[0].unchanged + payloads[1].unchanged).toBe(20);
    expect(await countFor(people.map((p) => p.id))).toBe(20);
  });
});

/** Persons in bulk, nine in ten already enrolled for 2026 (tax collects from registered persons). */
async function bulkPersons(n: number): Promise<string[]> {
  const idNumbers = Array.from({ length: n }, (_, i) => {
    const day = new Date(Date.UTC(1955, 0, 1 + Math.floor(i / 400))).toISOString().slice(0, 10);
    return makeIdNumber('320681', day, (i % 400) * 2 + 1, 'MALE');
  });
  const { database } = hub.db;
  await database.copyRows('persons', ['id_number', 'name', 'gender', 'birth_date', 'region_code'],
    idNumbers.map((id) => [id, '批量', 'MALE', `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`, '320600']));
  const ids = await db().select({ id: persons.id }).from(persons).where(inArray(persons.idNumber, idNumbers.filter((_, i) => i % 10 !== 0)));
  await database.copyRows('enrollments', ['person_id', 'region_code', 'year', 'scheme', 'status', 'start_date'],
    ids.map(({ id }) => [id, '320600', 2026, 'RESIDENT', 'ACTIVE', '2026-01-01']));
  return idNumbers;
}

describe('recordContributions throughput', () => {
  it('writes 10,000 records in bulk, and a re-send changes nothing', async ({ annotate }) => {
    const idNumbers = await bulkPersons(10_000);
    const input = { records: idNumbers.map((id) => row(id, { period: '2026-10', amount: '380.00', paidDate: '2026-10-08' })) };
    const before = await totalCount();
    const t0 = performance.now();
    const first = await tax()(RECORD, { input });
    const t1 = performance.now();
    const again = await tax()(RECORD, { input });
    const t2 = performance.now();
    expect(first.data?.recordContributions).toMatchObject({ received: 10_000, written: 10_000, rejected: 0 });
    expect(again.data?.recordContributions).toMatchObject({ received: 10_000, written: 0, unchanged: 10_000 });
    expect(await totalCount()).toBe(before + 10_000);
    // Bulk, not per row: the statement count does not grow with the batch.
    expect(first.statements).toBeLessThan(40);
    const rate = (ms: number) => Math.round(10_000 / (ms / 1000));
    await annotate(`${hub.db.database.kind}: first send ${Math.round(t1 - t0)} ms (${rate(t1 - t0)} records/s), re-send ${Math.round(t2 - t1)} ms (${rate(t2 - t1)} records/s), ${first.statements} statements`);
    if (onPostgres) expect(t1 - t0).toBeLessThan(2_000);
  }, 120_000);
});
