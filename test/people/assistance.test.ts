/**
 * registerAssistanceRecipients / endAssistance: batches from civil affairs, all-or-nothing,
 * periods merged per person and category, 资助参保 applied to the years covered.
 */
import { and, asc, eq, inArray, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/principal.js';
import { assistancePolicies, assistanceRecipients, auditLog, enrollments } from '../../src/db/schema/index.js';
import { fixtures, type Fixtures } from '../helpers/fixtures.js';
import { codes, startHub, type Scope, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let f: Fixtures;
const db = () => hub.db.database.db;
const civil = () => hub.as('CIVIL_AFFAIRS', { regions: ['320600'] });

const REGISTER = `mutation Register($input: RegisterAssistanceRecipientsInput!) { registerAssistanceRecipients(input: $input) {
  __typename
  ... on RegisterAssistanceRecipientsPayload { received created extended merged unchanged subsidizedEnrollments }
  ... on BatchRejectedError { code field message rows { index field code message } }
  ... on InputError { code field message }
} }`;
const END = `mutation End($input: EndAssistanceInput!) { endAssistance(input: $input) {
  __typename
  ... on EndAssistancePayload { received ended unchanged }
  ... on BatchRejectedError { code field message rows { index field code message } }
  ... on InputError { code field message }
} }`;

const OFFICE = '南通市崇川区民政局';
const rec = (idNumber: string, over: Record<string, unknown> = {}) => ({ idNumber, category: 'SUBSISTENCE', startDate: '2026-01-01', certifyingOffice: OFFICE, ...over });
const records = async (personId: number) =>
  db().select().from(assistanceRecipients).where(eq(assistanceRecipients.personId, personId)).orderBy(asc(assistanceRecipients.startDate));
const enrollment = async (personId: number, year: number) =>
  (await db().select().from(enrollments).where(and(eq(enrollments.personId, personId), eq(enrollments.year, year))))[0];
const subsidy = async (region: string, year: number, category: string) =>
  (await db().select().from(assistancePolicies).where(and(eq(assistancePolicies.regionCode, region), eq(assistancePolicies.year, year), eq(assistancePolicies.category, category))))[0]!.subsidyAmount;
const countFor = async (personIds: number[]) =>
  (await db().select({ n: sql<number>`count(*)::int` }).from(assistanceRecipients).where(inArray(assistanceRecipients.personId, personIds)))[0]!.n;

beforeAll(async () => {
  hub = await startHub();
  f = fixtures(hub.db.database);
});
afterAll(() => hub?.close());

describe('registerAssistanceRecipients', () => {
  it('registers recipients and subsidizes their resident enrollment at the policy amount', async () => {
    const a = await f.person({ scheme: 'RESIDENT' });
    const b = await f.person({ scheme: 'RESIDENT' });
    const r = await civil()(REGISTER, {
      input: { records: [rec(a.idNumber, { category: 'EXTREME_POVERTY' }), rec(b.idNumber, { startDate: '2026-03-01', endDate: '2026-12-31' })] },
    });
    expect(r.errors).toBeUndefined();
    expect(r.data?.registerAssistanceRecipients).toEqual({
      __typename: 'RegisterAssistanceRecipientsPayload', received: 2, created: 2, extended: 0, merged: 0, unchanged: 0, subsidizedEnrollments: 2,
    });
    expect(await records(a.id)).toMatchObject([{ category: 'EXTREME_POVERTY', startDate: '2026-01-01', endDate: null, certifyingOffice: OFFICE }]);
    expect(await enrollment(a.id, 2026)).toMatchObject({ subsidized: true, subsidyAmount: await subsidy('320600', 2026, 'EXTREME_POVERTY') });
    expect(await enrollment(b.id, 2026)).toMatchObject({ subsidized: true, subsidyAmount: await subsidy('320600', 2026, 'SUBSISTENCE') });
  });

  it('takes the highest subsidy when a person holds several categories, and keeps them as separate records', async () => {
    const p = await f.person();
    const low = await subsidy('320600', 2026, 'ILLNESS_POVERTY');
    const high = await subsidy('320600', 2026, 'EXTREME_POVERTY');
    expect(high).toBeGreaterThan(low);
    await civil()(REGISTER, { input: { records: [rec(p.idNumber, { category: 'ILLNESS_POVERTY' })] } });
    expect((await enrollment(p.id, 2026))!.subsidyAmount).toBe(low);
    const r = await civil()(REGISTER, { input: { records: [rec(p.idNumber, { category: 'EXTREME_POVERTY', startDate: '2026-06-01' })] } });
    expect(r.data?.registerAssistanceRecipients).toMatchObject({ created: 1, subsidizedEnrollments: 1 });
    expect((await enrollment(p.id, 2026))!.subsidyAmount).toBe(high);
    expect((await records(p.id)).map((x) => x.category)).toEqual(['ILLNESS_POVERTY', 'EXTREME_POVERTY']);
  });

  it('leaves an employee’s enrollment unsubsidized: 资助参保 pays resident premiums', async () => {
    const p = await f.person({ scheme: 'EMPLOYEE' });
    const r = await civil()(REGISTER, { input: { records: [rec(p.idNumber)] } });
    expect(r.data?.registerAssistanceRecipients).toMatchObject({ created: 1, subsidizedEnrollments: 0 });
    expect(await enrollment(p.id, 2026)).toMatchObject({ subsidized: false, subsidyAmount: null });
  });

  it('merges overlapping and adjacent periods of one category into the stored record', async () => {
    const p = await f.person();
    await f.assistance(p.id, 'SUBSISTENCE', '2025-01-01', '2025-06-30');
    await f.assistance(p.id, 'SUBSISTENCE', '2025-09-01', '2025-12-31');
    const [first, second] = await records(p.id);
    const extend = await civil()(REGISTER, { input: { records: [rec(p.idNumber, { startDate: '2025-07-01', endDate: '2025-08-31' })] } });
    expect(extend.data?.registerAssistanceRecipients).toMatchObject({ created: 0, extended: 1, merged: 1, unchanged: 0 });
    expect(await records(p.id)).toMatchObject([{ id: first!.id, startDate: '2025-01-01', endDate: '2025-12-31' }]);
    expect(second).toBeDefined();
    const open = await civil()(REGISTER, { input: { records: [rec(p.idNumber, { startDate: '2026-01-01' })] } });
    expect(open.data?.registerAssistanceRecipients).toMatchObject({ created: 0, extended: 1 });
    expect(await records(p.id)).toMatchObject([{ id: first!.id, startDate: '2025-01-01', endDate: null }]);
  });

  it('is idempotent: a re-sent batch changes nothing and says so', async () => {
    const p = await f.person();
    const input = { records: [rec(p.idNumber, { startDate: '2026-02-01' })] };
    await civil()(REGISTER, { input });
    const [before] = await records(p.id);
    const again = await civil()(REGISTER, { input });
    expect(again.data?.registerAssistanceRecipients).toEqual({
      __typename: 'RegisterAssistanceRecipientsPayload', received: 1, created: 0, extended: 0, merged: 0, unchanged: 1, subsidizedEnrollments: 0,
    });
    expect(await records(p.id)).toEqual([before]);
  });

  it('writes nothing when one record in the middle is bad, and names every bad record', async () => {
    const people = await Promise.all(Array.from({ length: 5 }, () => f.person()));
    const nanjing = await f.person({ region: '320100' });
    const batch = people.map((p) => rec(p.idNumber));
    batch[1] = rec(people[1]!.idNumber, { certifyingOffice: '局'.repeat(101) });
    batch[2] = rec(people[2]!.idNumber, { startDate: '2026-05-01', endDate: '2026-04-30' });
    batch[3] = rec(nanjing.idNumber);
    batch[4] = rec(people[4]!.idNumber, { certifyingOffice: '  ' });
    const r = await civil()(REGISTER, { input: { records: batch } });
    expect(r.data?.registerAssistanceRecipients).toMatchObject({
      __typename: 'BatchRejectedError', code: 'BAD_USER_INPUT', field: 'input.records.1.certifyingOffice',
      rows: [
        { index: 1, field: 'input.records.1.certifyingOffice', code: 'BAD_USER_INPUT' },
        { index: 2, field: 'input.records.2.endDate', code: 'BAD_USER_INPUT' },
        { index: 3, field: 'input.records.3.idNumber', code: 'NOT_FOUND' },
        { index: 4, field: 'input.records.4.certifyingOffice', code: 'BAD_USER_INPUT' },
      ],
    });
    expect(await countFor([...people.map((p) => p.id), nanjing.id])).toBe(0);
    expect((await enrollment(people[0]!.id, 2026))!.subsidized).toBe(false);
  });

  it('refuses malformed batches with the field named', async () => {
    const p = await f.person();
    const tooMany = Array.from({ length: 5_001 }, () => rec(p.idNumber));
    for (const [input, field] of [[{ records: [] }, 'input.records'], [{ records: tooMany }, 'input.records']] as const) {
      const r = await civil()(REGISTER, { input });
      expect(r.data?.registerAssistanceRecipients).toMatchObject({ __typename: 'InputError', field });
    }
    const bad = await civil()(REGISTER, { input: { records: [rec('32060219900101123')] } });
    expect(bad.data?.registerAssistanceRecipients).toMatchObject({ __typename: 'BatchRejectedError', code: 'BAD_USER_INPUT', field: 'input.records.0.idNumber' });
    for (const over of [{ category: 'RICH' }, { startDate: '2026-02-30' }]) {
      expect(codes(await civil()(REGISTER, { input: { records: [rec(p.idNumber, over)] } }))).toEqual(['BAD_USER_INPUT']);
    }
    expect(await countFor([p.id])).toBe(0);
  });

  it('accepts MEDICAL_SECURITY and refuses every other role with nothing written', async () => {
    const p = await f.person();
    const input = { records: [rec(p.idNumber)] };
    const refused: [Role, Scope][] = [
      ['TAX', { regions: ['320600'] }], ['HEALTH', { regions: ['320600'] }], ['INSURER', { insurer: 'PICC' }], ['INSTITUTION', { institution: 'H32060200001' }],
    ];
    for (const [role, scope] of refused) {
      expect(codes(await hub.as(role, scope)(REGISTER, { input })), role).toEqual(['FORBIDDEN']);
      expect(codes(await hub.as(role, scope)(END, { input: { records: [{ idNumber: p.idNumber, category: 'SUBSISTENCE', endDate: '2026-06-30', reason: 'x' }] } })), role).toEqual(['FORBIDDEN']);
    }
    expect(await countFor([p.id])).toBe(0);
    const ok = await hub.as('MEDICAL_SECURITY', { regions: ['320600'] })(REGISTER, { input });
    expect(ok.data?.registerAssistanceRecipients).toMatchObject({ created: 1 });
  });

  it('commits the audit record with the write', async () => {
    const p = await f.person();
    await hub.as('CIVIL_AFFAIRS', { regions: ['320600'], clientId: 'civil-audit' })(REGISTER, { input: { records: [rec(p.idNumber)] } });
    const [record] = await db().select().from(auditLog).where(and(like(auditLog.operation, '%:registerAssistanceRecipients'), eq(auditLog.clientId, 'civil-audit')));
    expect(record).toMatchObject({ role: 'CIVIL_AFFAIRS', personIds: [p.id], fields: ['Mutation.registerAssistanceRecipients'] });
  });

  it('lets concurrent batches about one person leave one merged record', async () => {
    const p = await f.person();
    await Promise.all([
      civil()(REGISTER, { input: { records: [rec(p.idNumber, { startDate: '2026-01-01', endDate: '2026-06-30' })] } }),
      civil()(REGISTER, { input: { records: [rec(p.idNumber, { startDate: '2026-07-01', endDate: '2026-12-31' })] } }),
    ]);
    expect(await records(p.id)).toMatchObject([{ startDate: '2026-01-01', endDate: '2026-12-31' }]);
  });
});

describe('endAssistance', () => {
  it('refuses an empty batch and an over-long reason, writing nothing', async () => {
    const p = await f.person();
    await f.assistance(p.id, 'SUBSISTENCE', '2026-01-01');
    const empty = await civil()(END, { input: { records: [] } });
    expect(empty.data?.endAssistance).toMatchObject({ __typename: 'InputError', field: 'input.records' });
    const long = await civil()(END, { input: { records: [{ idNumber: p.idNumber, category: 'SUBSISTENCE', endDate: '2026-06-30', reason: '迁'.repeat(201) }] } });
    expect(long.data?.endAssistance).toMatchObject({ __typename: 'BatchRejectedError', rows: [{ index: 0, field: 'input.records.0.reason', code: 'BAD_USER_INPUT' }] });
    expect(await records(p.id)).toMatchObject([{ endDate: null }]);
  });

  it('ends the running record, and a re-send changes nothing', async () => {
    const p = await f.person();
    await civil()(REGISTER, { input: { records: [rec(p.idNumber, { startDate: '2025-03-01' })] } });
    const subsidizedBefore = await enrollment(p.id, 2026);
    const input = { records: [{ idNumber: p.idNumber, category: 'SUBSISTENCE', endDate: '2026-08-31', reason: '家庭收入超过低保标准' }] };
    const r = await civil()(END, { input });
    expect(r.data?.endAssistance).toEqual({ __typename: 'EndAssistancePayload', received: 1, ended: 1, unchanged: 0 });
    expect(await records(p.id)).toMatchObject([{ startDate: '2025-03-01', endDate: '2026-08-31', endReason: '家庭收入超过低保标准' }]);
    const again = await civil()(END, { input });
    expect(again.data?.endAssistance).toEqual({ __typename: 'EndAssistancePayload', received: 1, ended: 0, unchanged: 1 });
    // The year's premium was paid: ending does not unsubsidize it.
    expect(await enrollment(p.id, 2026)).toEqual(subsidizedBefore);
    expect(subsidizedBefore!.subsidized).toBe(true);
  });

  it('refuses an end before the start, an unknown category record, and an unknown person — all or nothing', async () => {
    const [a, b] = await Promise.all([f.person(), f.person()]);
    await f.assistance(a.id, 'SUBSISTENCE', '2026-03-01');
    await f.assistance(b.id, 'SUBSISTENCE', '2026-01-01');
    const r = await civil()(END, {
      input: {
        records: [
          { idNumber: b.idNumber, category: 'SUBSISTENCE', endDate: '2026-09-30', reason: '迁出' },
          { idNumber: a.idNumber, category: 'SUBSISTENCE', endDate: '2026-02-01', reason: '错误' },
          { idNumber: a.idNumber, category: 'LOW_INCOME', endDate: '2026-05-01', reason: '错误' },
          { idNumber: '32060219900101123', category: 'SUBSISTENCE', endDate: '2026-05-01', reason: '错误' },
          { idNumber: b.idNumber, category: 'SUBSISTENCE', endDate: '2026-10-31', reason: '' },
        ],
      },
    });
    expect(r.data?.endAssistance).toMatchObject({
      __typename: 'BatchRejectedError',
      field: 'input.records.1.endDate',
      rows: [
        { index: 1, field: 'input.records.1.endDate', code: 'BAD_USER_INPUT', message: expect.stringContaining('2026-03-01') },
        { index: 2, field: 'input.records.2.category', code: 'NOT_FOUND' },
        { index: 3, field: 'input.records.3.idNumber', code: 'BAD_USER_INPUT' },
        { index: 4, field: 'input.records.4.reason', code: 'BAD_USER_INPUT' },
      ],
    });
    expect((await records(b.id))[0]!.endDate).toBeNull();
  });

  it('refuses two different ends for one record in a batch', async () => {
    const p = await f.person();
    await f.assistance(p.id, 'SUBSISTENCE', '2026-01-01');
    const end = (endDate: string) => ({ idNumber: p.idNumber, category: 'SUBSISTENCE', endDate, reason: '迁出' });
    const r = await civil()(END, { input: { records: [end('2026-05-31'), end('2026-06-30')] } });
    expect(r.data?.endAssistance).toMatchObject({ __typename: 'BatchRejectedError', code: 'CONFLICT', field: 'input.records.1.endDate' });
    expect((await records(p.id))[0]!.endDate).toBeNull();
  });

  it('commits the audit record with the write', async () => {
    const p = await f.person();
    await f.assistance(p.id, 'LOW_INCOME', '2026-01-01');
    await hub.as('MEDICAL_SECURITY', { regions: ['320600'], clientId: 'ms-end' })(END, {
      input: { records: [{ idNumber: p.idNumber, category: 'LOW_INCOME', endDate: '2026-10-31', reason: '死亡' }] },
    });
    const [record] = await db().select().from(auditLog).where(and(like(auditLog.operation, '%:endAssistance'), eq(auditLog.clientId, 'ms-end')));
    expect(record).toMatchObject({ role: 'MEDICAL_SECURITY', personIds: [p.id] });
  });
});
