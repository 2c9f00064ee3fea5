/**
 * The audit trail: one record per request that reaches person-level data, hash-chained and
 * append-only; tampering is detected and named; no data leaves without its record.
 */
import { desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema/index.js';
import { fixtures, type Fixtures } from '../helpers/fixtures.js';
import { codes, startHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let f: Fixtures;
const db = () => hub.db.database.db;
const ms = () => hub.as('MEDICAL_SECURITY', { regions: ['320600'], clientId: 'ms-frontend' });
const lastRecord = async () => (await db().select().from(auditLog).orderBy(desc(auditLog.id)).limit(1))[0]!;
const recordCount = async () => (await db().select({ n: sql<number>`count(*)::int` }).from(auditLog))[0]!.n;

/** Runs a statement with the append-only triggers off, as an attacker with table rights would. */
async function tamper(statement: string) {
  const { database } = hub.db;
  await database.rows(sql.raw('alter table audit_log disable trigger user'));
  try {
    await database.rows(sql.raw(statement));
  } finally {
    await database.rows(sql.raw('alter table audit_log enable trigger user'));
  }
}

const verify = async () => (await ms()('{ verifyAuditChain { valid checked brokenAt reason checkpointsChecked } }')).data?.verifyAuditChain;

beforeAll(async () => {
  hub = await startHub();
  f = fixtures(hub.db.database);
});
afterAll(() => hub?.close());

describe('what is recorded', () => {
  it('records client, role, operation, persons, fields returned and denied, and the purpose as given', async () => {
    const p = await f.person();
    const tax = hub.as('TAX', { regions: ['320600'], clientId: 'tax-bureau-1' }, { purpose: '案件 2026-017 王科长' });
    await tax(`query CheckPremium($id: IdNumber!) { person(idNumber: $id) { name phone contributions { amount } } }`, { id: p.idNumber });
    const r = await lastRecord();
    expect(r).toMatchObject({ clientId: 'tax-bureau-1', role: 'TAX', operation: 'CheckPremium', personIds: [p.id], purpose: '案件 2026-017 王科长' });
    expect(r.fields).toEqual(expect.arrayContaining(['Person.name', 'Person.contributions']));
    expect(r.deniedFields).toEqual(['Person.phone']);
  });

  it('appends one record per request, and none for requests that reach no person', async () => {
    const before = await recordCount();
    await ms()('{ regions { code } institutions(first: 3) { edges { node { name } } } }');
    expect(await recordCount()).toBe(before);
    const p = await f.person();
    await ms()(`query($id: IdNumber!) { a: person(idNumber: $id) { name } b: person(idNumber: $id) { idNumber } }`, { id: p.idNumber });
    expect(await recordCount()).toBe(before + 1);
  });

  it('records every one of many concurrent reads and writes, each before its response, in one valid chain', async () => {
    const people = await Promise.all(Array.from({ length: 30 }, () => f.person()));
    const product = await f.product();
    const reads = people.map((p) => ms()(`query Look($id: IdNumber!) { person(idNumber: $id) { name } }`, { id: p.idNumber }));
    const writes = people.slice(0, 5).map((p) =>
      ms()(`mutation GrantAlongside($i: GrantConsentInput!) { grantConsent(input: $i) { __typename } }`, {
        i: { idNumber: p.idNumber, insurerCode: product.insurerCode, scopes: ['ELIGIBILITY'], expiresAt: '2027-12-31T00:00:00Z' },
      }));
    const results = await Promise.all([...reads, ...writes]);
    for (const r of results) expect(r.errors).toBeUndefined();
    // Each response resolved only after its record committed: all are there now, nothing pending.
    const looked = await db().select({ personIds: auditLog.personIds }).from(auditLog).where(eq(auditLog.operation, 'Look'));
    const reached = new Set(looked.flatMap((r) => r.personIds));
    for (const p of people) expect(reached.has(p.id)).toBe(true);
    expect(await verify()).toMatchObject({ valid: true, brokenAt: null });
  });

  it('commits a write’s record with the write', async () => {
    const p = await f.person();
    const product = await f.product();
    await ms()(`mutation Grant($i: GrantConsentInput!) { grantConsent(input: $i) { __typename } }`, {
      i: { idNumber: p.idNumber, insurerCode: product.insurerCode, scopes: ['ELIGIBILITY'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    const rows = await db().select().from(auditLog).where(eq(auditLog.operation, 'Grant:grantConsent'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.personIds).toEqual([p.id]);
  });

  it('shows a person who looked at their data, and filters the trail by person', async () => {
    const p = await f.person();
    await hub.as('CIVIL_AFFAIRS', { regions: ['320600'], clientId: 'civil-1' })(`query Look($id: IdNumber!) { person(idNumber: $id) { name } }`, { id: p.idNumber });
    const history = await ms()(`query($id: IdNumber!) { person(idNumber: $id) { accessHistory(first: 5) { edges { node { clientId role operation } } } } }`, { id: p.idNumber });
    expect(history.data?.person.accessHistory.edges[0].node).toEqual({ clientId: 'civil-1', role: 'CIVIL_AFFAIRS', operation: 'Look' });
    const trail = await ms()(`query($id: IdNumber!) { auditLog(first: 10, filter: { personIdNumber: $id }) { edges { node { clientId persons { idNumber } } } } }`, { id: p.idNumber });
    expect(trail.data?.auditLog.edges.map((e: any) => e.node.clientId)).toEqual(expect.arrayContaining(['civil-1']));
  });

  it('only MEDICAL_SECURITY reads the trail', async () => {
    for (const role of ['TAX', 'CIVIL_AFFAIRS', 'HEALTH'] as const) {
      expect(codes(await hub.as(role, { regions: ['320600'] })('{ auditLog(first: 1) { edges { cursor } } }'))).toEqual(['FORBIDDEN']);
    }
  });
});

describe('integrity', () => {
  it('refuses UPDATE and DELETE on the trail', async () => {
    const appendOnly = (e: { message: string; cause?: { message: string } }) => /append-only/.test(`${e.message} ${e.cause?.message}`);
    await expect(hub.db.database.rows(sql`update audit_log set role = 'X'`)).rejects.toSatisfy(appendOnly);
    await expect(hub.db.database.rows(sql`delete from audit_log`)).rejects.toSatisfy(appendOnly);
  });

  it('verifies an intact chain and its signed checkpoints', async () => {
    for (let i = 0; i < 6; i++) {
      const p = await f.person();
      await ms()(`query($id: IdNumber!) { person(idNumber: $id) { name } }`, { id: p.idNumber });
    }
    const v = await verify();
    expect(v).toMatchObject({ valid: true, brokenAt: null });
    expect(v.checkpointsChecked).toBeGreaterThan(0);
  });

  it('names an edited record', async () => {
    const target = (await db().select().from(auditLog).orderBy(auditLog.id).limit(3))[2]!;
    await tamper(`update audit_log set client_id = 'someone-else' where id = ${target.id}`);
    expect(await verify()).toMatchObject({ valid: false, brokenAt: String(target.id) });
    await tamper(`update audit_log set client_id = '${target.clientId}' where id = ${target.id}`);
    expect((await verify()).valid).toBe(true);
  });

  it('names the successor of a deleted record', async () => {
    const [, victim, successor] = await db().select().from(auditLog).orderBy(auditLog.id).limit(3);
    await tamper(`delete from audit_log where id = ${victim!.id}`);
    const v = await verify();
    expect(v).toMatchObject({ valid: false, brokenAt: String(successor!.id) });
    expect(v.reason).toMatch(/removed/);
  });

  it('detects a rewritten chain through the checkpoints signed outside the database', async () => {
    const { auditCheckpoints } = await import('../../src/db/schema/index.js');
    const [checkpoint] = await db().select().from(auditCheckpoints).limit(1);
    // Forge a consistent chain by truncating everything from the checkpoint on: links still hold.
    await tamper(`delete from audit_log where id >= ${checkpoint!.auditId}`);
    const v = await verify();
    expect(v.valid).toBe(false);
    expect(v.reason).toMatch(/checkpoint|removed/);
  });
});

describe('fail closed', () => {
  it('returns no data when the audit record cannot be written', async () => {
    const p = await f.person();
    await hub.db.database.rows(sql`alter table audit_log add constraint audit_blocked check (false) not valid`);
    try {
      const r = await ms()(`query($id: IdNumber!) { person(idNumber: $id) { name idNumber } }`, { id: p.idNumber });
      expect(r.data ?? null).toBeNull();
      expect(codes(r)).toEqual(['INTERNAL']);
      expect(JSON.stringify(r)).not.toContain(p.idNumber);
    } finally {
      await hub.db.database.rows(sql`alter table audit_log drop constraint audit_blocked`);
    }
  });
});
