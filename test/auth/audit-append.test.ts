/**
 * Appending to the audit chain: a batch is hashed against the head this process wrote last and
 * lands in one statement; when another writer (another instance) appended since, nothing is
 * written by that call and the batch is rehashed on the chain's actual head.
 */
import { desc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditBatch, appendInTransaction, ASYNC_COMMIT, recordHash, type AuditEntry } from '../../src/audit/log.js';
import { verifyAuditChain } from '../../src/audit/verify.js';
import { auditCheckpoints, auditLog } from '../../src/db/schema/index.js';
import { openDatabase, statementLog } from '../../src/db/client.js';
import { auditSigner } from '../../src/server/audit-plugin.js';
import { onPostgres } from '../helpers/db.js';
import { fixtures, type Fixtures } from '../helpers/fixtures.js';
import { COUNTING_STATEMENTS, startHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let f: Fixtures;

beforeAll(async () => {
  hub = await startHub(COUNTING_STATEMENTS);
  f = fixtures(hub.db.database);
});
afterAll(() => hub?.close());

const LOOK = 'query Look($id: IdNumber!) { person(idNumber: $id) { name } }';
const lastRecords = (n: number) => hub.db.database.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(n);

/** The `audit_append` statements among a unit of work's statements. */
const appendsIn = (texts: readonly string[]) => texts.filter((t) => t.includes('audit_append('));

const foreignEntry = (): AuditEntry => ({
  at: new Date(), requestId: 'other-instance-1', clientId: 'other', role: 'MEDICAL_SECURITY', operation: 'Elsewhere',
  personIds: [], fields: ['Person.name'], deniedFields: [], purpose: null,
});

describe('the audit chain head', () => {
  it('appends a read’s record in the statement after its read, while this process is the only writer', async () => {
    const ms = hub.as('MEDICAL_SECURITY', { regions: ['320600'] });
    const p = await f.person();
    await ms(LOOK, { id: p.idNumber });
    const second = await ms(LOOK, { id: p.idNumber });
    expect(second.errors).toBeUndefined();
    expect(second.statements).toBe(2);
  });

  it('rehashes a batch on the head another writer left, and the chain stays whole', async () => {
    const ms = hub.as('MEDICAL_SECURITY', { regions: ['320600'] });
    const p = await f.person();
    await ms(LOOK, { id: p.idNumber });
    // Another instance: the same database behind another handle, which has written nothing yet.
    const other = { ...hub.db.database };
    const [foreignId] = await appendAuditBatch(other, [foreignEntry()], auditSigner({ config: hub.config }));

    const after = await ms(LOOK, { id: p.idNumber });
    expect(after.errors).toBeUndefined();
    expect(after.statements).toBeGreaterThan(2);
    const [mine, foreign] = await lastRecords(2);
    expect(foreign!.id).toBe(foreignId);
    expect(mine!.prevHash).toBe(foreign!.hash);

    const next = await ms(LOOK, { id: p.idNumber });
    expect(next.statements).toBe(2);
    const verification = await verifyAuditChain(hub.db.database.db, hub.config.auditKey);
    expect(verification).toMatchObject({ valid: true, brokenAt: null });
  });

  it('inside a write’s transaction, rehashes under the lock its first call took', async () => {
    const other = { ...hub.db.database };
    await appendAuditBatch(other, [foreignEntry()], auditSigner({ config: hub.config }));
    const ids = await hub.db.database.db.transaction((tx) => appendInTransaction(hub.db.database, tx, [foreignEntry(), foreignEntry()], auditSigner({ config: hub.config })));
    const [second, first, foreign] = await lastRecords(3);
    expect([first!.id, second!.id]).toEqual(ids);
    expect(first!.prevHash).toBe(foreign!.hash);
    expect(second!.prevHash).toBe(first!.hash);
    expect((await verifyAuditChain(hub.db.database.db, hub.config.auditKey)).valid).toBe(true);
  });

  it('lets no one append who is not the audit writer', async () => {
    const { database } = hub.db;
    await database.rows(sql.raw(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = 'yibao_test_outsider') then create role yibao_test_outsider nologin; end if;
    end $$`));
    await database.rows(sql.raw('grant select on audit_log to yibao_test_outsider'));
    const attempt = database.db.transaction(async (tx) => {
      await tx.execute(sql`set local role yibao_test_outsider`);
      await tx.execute(sql`select * from audit_append(${'0'.repeat(64)}, '[]'::jsonb)`);
    });
    // 42501: insufficient_privilege.
    await expect(attempt).rejects.toMatchObject({ cause: { code: '42501' } });
  });

  it('refuses records that do not link onto the head or onto each other, and writes none of them', async () => {
    const { database } = hub.db;
    const [last] = await lastRecords(1);
    const head = last!.hash;
    const record = (prevHash: string) => {
      const e = foreignEntry();
      return { at: e.at.toISOString(), request_id: e.requestId, client_id: e.clientId, role: e.role, operation: e.operation, person_ids: [],
        fields: e.fields, denied_fields: [], purpose: null, prev_hash: prevHash, hash: recordHash(prevHash, e) };
    };
    const first = record(head);
    const cases = [
      [record('f'.repeat(64))],
      [first, record('e'.repeat(64))],
    ];
    for (const records of cases) {
      await expect(database.rows(sql`select * from audit_append(${head}, ${JSON.stringify(records)}::jsonb)`)).rejects.toMatchObject({
        cause: { message: expect.stringContaining('do not chain') },
      });
    }
    const moved = await database.rows<{ id: string | number; head: string }>(sql`select * from audit_append(null, ${JSON.stringify([first])}::jsonb)`);
    expect(moved).toEqual([{ id: expect.anything(), head }]);
    expect((await lastRecords(1))[0]!.id).toBe(last!.id);
  });

  it('refuses to append under an isolation level whose snapshot predates the lock', async () => {
    const { database } = hub.db;
    const attempt = database.db.transaction(async (tx) => {
      await tx.execute(sql`set transaction isolation level repeatable read`);
      await appendInTransaction(database, tx, [foreignEntry()], auditSigner({ config: hub.config }));
    });
    await expect(attempt).rejects.toMatchObject({ cause: { message: expect.stringContaining('READ COMMITTED') } });
  });

  it('signs the checkpoints a batch reaches, with the batch', async () => {
    const { database } = hub.db;
    const signer = { ...auditSigner({ config: hub.config }), every: 2 };
    await appendAuditBatch(database, [foreignEntry()], signer);
    const ids = await appendAuditBatch(database, [foreignEntry(), foreignEntry(), foreignEntry()], signer);
    const signed = await database.db.select().from(auditCheckpoints);
    const even = ids.filter((id) => id % 2 === 0);
    expect(even.length).toBeGreaterThan(0);
    for (const id of even) expect(signed.map((c) => c.auditId)).toContain(id);
    expect((await verifyAuditChain(database.db, hub.config.auditKey)).valid).toBe(true);
  });
});

describe('the append statement', () => {
  // Unprepared, postgres.js describes a statement with parameters before it sends their values:
  // two round trips per batch while its requests wait. PGlite runs in process: no round trips.
  it.skipIf(!onPostgres)('is prepared once per connection, not parsed for every batch', async () => {
    const single = await openDatabase({ url: hub.db.url!, poolMax: 1, migrate: false });
    try {
      const signer = auditSigner({ config: hub.config });
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push(...(await appendAuditBatch(single, [foreignEntry(), foreignEntry()], signer)));
      expect(ids).toHaveLength(6);
      const prepared = await single.rows<{ n: number }>(sql`select count(*)::int as n from pg_prepared_statements where statement like '%audit_append(%'`);
      expect(prepared[0]!.n).toBe(1);
      expect((await verifyAuditChain(single.db, hub.config.auditKey)).valid).toBe(true);
    } finally {
      await single.close();
    }
  });
});

describe('reads’ batches committed without waiting for the disk (AUDIT_READ_COMMIT=async)', () => {
  // PGlite is one connection: the statement after the append runs where the append ran.
  const alone = async () => (onPostgres ? openDatabase({ url: hub.db.url!, poolMax: 1, migrate: false }) : null);
  /** The `audit_append` statements `run` sent. */
  const appendsOf = async (run: () => Promise<unknown>) => {
    const texts: string[] = [];
    await statementLog.run(texts, run);
    return appendsIn(texts);
  };

  it('chains them like any other, and the setting ends with the batch’s own transaction', async () => {
    const single = await alone();
    const database = single ?? hub.db.database;
    try {
      const signer = auditSigner({ config: hub.config });
      await appendAuditBatch(database, [foreignEntry()], signer, 'async');
      const ids: number[] = [];
      const sent = await appendsOf(async () => {
        for (let i = 0; i < 3; i++) ids.push(...(await appendAuditBatch(database, [foreignEntry(), foreignEntry()], signer, 'async')));
      });
      expect(ids).toHaveLength(6);
      expect(new Set(ids).size).toBe(6);
      expect(sent).toHaveLength(3);
      for (const t of sent) expect(t).toContain(ASYNC_COMMIT);
      // A setting that outlived the batch would turn every later commit on the connection, writes included, asynchronous.
      const after = await database.rows<{ mode: string }>(sql`select current_setting('synchronous_commit') as mode`);
      expect(after[0]!.mode).toBe('on');
      expect((await verifyAuditChain(database.db, hub.config.auditKey)).valid).toBe(true);
    } finally {
      await single?.close();
    }
  });

  it('commits a batch that carries a signed checkpoint durably, with its checkpoint, in one transaction', async () => {
    const { database } = hub.db;
    const signer = { ...auditSigner({ config: hub.config }), every: 2 };
    await appendAuditBatch(database, [foreignEntry()], signer, 'async');
    let ids: number[] = [];
    const sent = await appendsOf(async () => {
      ids = await appendAuditBatch(database, [foreignEntry(), foreignEntry(), foreignEntry()], signer, 'async');
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).not.toContain('synchronous_commit');
    const signed = await database.db.select().from(auditCheckpoints);
    for (const id of ids.filter((i) => i % 2 === 0)) expect(signed.map((c) => c.auditId)).toContain(id);
    expect((await verifyAuditChain(database.db, hub.config.auditKey)).valid).toBe(true);
  });
});

describe('a hub configured with AUDIT_READ_COMMIT=async', () => {
  it('appends its reads’ records with the asynchronous commit, and a write’s own record without', async () => {
    const asyncHub = await startHub({ ...COUNTING_STATEMENTS, AUDIT_READ_COMMIT: 'async' });
    try {
      const people = fixtures(asyncHub.db.database);
      const ms = asyncHub.as('MEDICAL_SECURITY', { regions: ['320600'] });
      const p = await people.person();
      await ms(LOOK, { id: p.idNumber });
      const read = appendsIn((await ms(LOOK, { id: p.idNumber })).statementTexts);
      expect(read).toHaveLength(1);
      expect(read[0]).toContain(ASYNC_COMMIT);
      const product = await people.product();
      const granted = await ms('mutation Grant($i: GrantConsentInput!) { grantConsent(input: $i) { __typename } }', {
        i: { idNumber: p.idNumber, insurerCode: product.insurerCode, scopes: ['ELIGIBILITY'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
      });
      expect(granted.errors).toBeUndefined();
      const write = appendsIn(granted.statementTexts);
      expect(write).toHaveLength(1);
      for (const t of write) expect(t).not.toContain('synchronous_commit');
    } finally {
      await asyncHub.close();
    }
  });
});
