/**
 * Production migrates as the database's owner, not as a superuser (README's checklist): every
 * migration must apply that way, and the hub, a member of the audit writer role, must then be
 * able to append to the trail.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditBatch } from '../../src/audit/log.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { onPostgres } from '../helpers/db.js';
import { withDatabase } from '../helpers/global-setup.js';

const ROLE = 'yibao_test_owner';

describe.skipIf(!onPostgres)('migrations as the database owner', () => {
  const url = process.env.DATABASE_URL!;
  const name = `yibao_owner_${randomBytes(6).toString('hex')}`;
  let database: Database | null = null;

  beforeAll(async () => {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = '${ROLE}') then create role ${ROLE} login nosuperuser nocreaterole; end if;
      if not exists (select 1 from pg_roles where rolname = 'yibao_audit_writer') then create role yibao_audit_writer nologin; end if;
    end $$`);
    await admin.unsafe(`grant yibao_audit_writer to ${ROLE}`);
    await admin.unsafe(`create database ${name} owner ${ROLE}`);
    await admin.end();
  });

  afterAll(async () => {
    await database?.close();
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('applies every migration and appends to the audit trail through audit_append', async () => {
    const ownerUrl = new URL(withDatabase(url, name));
    ownerUrl.username = ROLE;
    ownerUrl.password = '';
    database = await openDatabase({ url: ownerUrl.toString(), poolMax: 2 });
    const [me] = await database.rows<{ rolsuper: boolean }>(sql`select rolsuper from pg_roles where rolname = current_user`);
    expect(me!.rolsuper).toBe(false);
    const ids = await appendAuditBatch(database, [{
      at: new Date(), requestId: 'owner-1', clientId: 'owner', role: 'MEDICAL_SECURITY', operation: 'Check', personIds: [], fields: [], deniedFields: [], purpose: null,
    }], { key: 'owner-test-key-owner-test-key-0001', keyId: 'test', every: 1000 });
    expect(ids).toHaveLength(1);
  });
});
