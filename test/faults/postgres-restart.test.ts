/**
 * PostgreSQL restarts under a stream of requests: the hub answers INTERNAL meanwhile without
 * crashing, recovers by itself, and every write is either fully there (with its audit record)
 * or fully absent. It restarts the machine's server, so it runs alone: FAULT_TESTS=1.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, consents } from '../../src/db/schema/index.js';
import { onPostgres } from '../helpers/db.js';
import { fixtures } from '../helpers/fixtures.js';
import { startHub, type TestHub } from '../helpers/hub.js';

const run = process.env.FAULT_TESTS === '1' && onPostgres;

function pgctl(action: 'stop' | 'start') {
  const version = readdirSync('/etc/postgresql')[0]!;
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', action, ...(action === 'stop' ? ['-m', 'fast'] : [])], { stdio: 'ignore' });
}

function isRunning(): boolean {
  try {
    execFileSync('pg_isready', ['-h', '127.0.0.1', '-q']);
    return true;
  } catch {
    return false;
  }
}

describe.runIf(run)('PostgreSQL restart', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub({ RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_BURST: '1000000', REQUEST_TIMEOUT_MS: '3000' });
  });
  afterAll(async () => {
    // Bring the server back if the test stopped half way; pg_ctlcluster refuses a running one.
    if (!isRunning()) pgctl('start');
    await hub?.close();
  });

  it('serves INTERNAL during the outage, recovers, and loses no acknowledged write', async () => {
    const f = fixtures(hub.db.database);
    const product = await f.product();
    const people = await Promise.all(Array.from({ length: 60 }, () => f.person()));
    const ms = hub.as('MEDICAL_SECURITY', { regions: ['320600'] });
    const grant = `mutation Grant($i: GrantConsentInput!) { grantConsent(input: $i) { __typename } }`;
    const outcomes: { personId: number; ok: boolean; code?: string }[] = [];
    const codesSeen = new Set<string>();

    let healthDuringOutage: boolean | null = null;
    for (const [i, p] of people.entries()) {
      if (i === 15) pgctl('stop');
      if (i === 25) healthDuringOutage = await hub.app.health();
      if (i === 30) pgctl('start');
      const r = await ms(grant, {
        i: { idNumber: p.idNumber, insurerCode: product.insurerCode, scopes: ['ELIGIBILITY'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
      }).catch(() => ({ data: null, errors: [{ message: 'transport', extensions: { code: 'INTERNAL' } }], statements: 0 }));
      const ok = r.data?.grantConsent?.__typename === 'GrantConsentPayload';
      for (const e of r.errors ?? []) codesSeen.add(String(e.extensions?.code));
      outcomes.push({ personId: p.id, ok });
      if (i >= 30 && !ok) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(healthDuringOutage).toBe(false);
    expect(outcomes.slice(15, 30).every((o) => !o.ok)).toBe(true);
    expect([...codesSeen].every((c) => c === 'INTERNAL')).toBe(true);
    expect(outcomes.slice(-5).every((o) => o.ok)).toBe(true);

    const { db } = hub.db.database;
    for (const o of outcomes) {
      const stored = await db.select().from(consents).where(and(eq(consents.personId, o.personId), eq(consents.insurerCode, product.insurerCode)));
      const audited = (await db.select().from(auditLog).where(eq(auditLog.operation, 'Grant:grantConsent'))).filter((a) => a.personIds.includes(o.personId));
      if (o.ok) expect(stored).toHaveLength(1);
      expect(audited.length).toBe(stored.length);
    }
    const health = await hub.app.health();
    expect(health).toBe(true);
  });
});
