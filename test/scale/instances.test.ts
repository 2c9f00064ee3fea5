/**
 * Many stateless instances: two hub processes over one PostgreSQL and one Redis. A client's rate
 * limit holds across both, a document registered through one runs by its hash on the other, and
 * one settlement idempotency key sent to both at once settles once.
 *
 * Separate processes need a database server, so this runs on PostgreSQL (and Redis) only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/token.js';
import type { Role } from '../../src/auth/principal.js';
import { loadConfig } from '../../src/config.js';
import { settlements } from '../../src/db/schema/index.js';
import { onPostgres, openTestDb, type TestDb } from '../helpers/db.js';
import { fixtures } from '../helpers/fixtures.js';
import { TEST_ENV, type Scope } from '../helpers/hub.js';
import { item, newKey, SETTLE } from '../benefits/settle-helpers.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const config = loadConfig(TEST_ENV as NodeJS.ProcessEnv);
const token = (role: Role, scope: Scope = {}) => signToken(config, { role, regions: scope.regions, insurer: scope.insurer, institution: scope.institution, clientId: scope.clientId });

interface Instance {
  url: string;
  process: ChildProcess;
}

/** Starts `npm start`'s entry point as its own process on a free port and waits for its banner. */
async function startInstance(env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...TEST_ENV, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance did not start:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /yibao-hub on (http:\/\/[\d.:]+\/graphql)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`instance exited with ${code}:\n${output}`)));
  });
  return { url, process: child };
}

async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.process.exitCode !== null) return;
  const exited = new Promise((resolve) => instance.process.once('exit', resolve));
  instance.process.kill('SIGTERM');
  await exited;
}

async function post(url: string, bearer: string, body: Record<string, unknown>) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } };
}

describe.skipIf(!onPostgres)('two hub instances sharing PostgreSQL and Redis', () => {
  let db: TestDb;
  let one: Instance;
  let two: Instance;

  beforeAll(async () => {
    db = await openTestDb();
    // A prefix of this run's own: buckets and documents of earlier runs must not count.
    const env = { DATABASE_URL: db.url!, REDIS_URL, REDIS_KEY_PREFIX: `yibao:test:${randomUUID()}:`, RATE_LIMIT_PER_MINUTE: '1', RATE_LIMIT_BURST: '6' };
    [one, two] = await Promise.all([startInstance(env), startInstance(env)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([stopInstance(one), stopInstance(two)]);
    await db?.drop();
  });

  it('holds a client’s rate limit across both instances', async () => {
    const bearer = await token('HEALTH', { regions: ['320600'], clientId: `shared-${randomUUID()}` });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await post(i % 2 ? two.url : one.url, bearer, { query: '{ viewer { role } }' })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
  });

  it('runs a document registered through one instance by its hash on the other', async () => {
    const bearer = await token('MEDICAL_SECURITY', { regions: ['320600'], clientId: `ms-${randomUUID()}` });
    // Unique text, so no earlier run has registered it.
    const query = `query Regions_${randomUUID().replaceAll('-', '')} { regions { code } }`;
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const persisted = { persistedQuery: { version: 1, sha256Hash } };
    const unknown = await post(two.url, bearer, { extensions: persisted });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post(one.url, bearer, { query, extensions: persisted });
    expect(registered.body.errors).toBeUndefined();
    const byHash = await post(two.url, bearer, { extensions: persisted });
    expect(byHash.body.errors).toBeUndefined();
    expect(byHash.body.data).toEqual(registered.body.data);
  });

  it('settles once when the same idempotency key reaches both instances at once', async () => {
    const f = fixtures(db.database);
    const person = await f.person({ region: '320600' });
    const hospital = await f.institution({ region: '320600' });
    const bearer = await token('INSTITUTION', { institution: hospital.code, clientId: `his-${randomUUID()}` });
    const input = { idempotencyKey: newKey(), idNumber: person.idNumber, institutionCode: hospital.code, encounterType: 'OUTPATIENT', date: '2026-08-03', items: [item('A', '860.00')] };
    const answers = await Promise.all([one.url, two.url, one.url, two.url].map((url) => post(url, bearer, { query: SETTLE, variables: { input } })));
    const ids = new Set<string>();
    for (const a of answers) {
      expect(a.body.errors).toBeUndefined();
      expect(a.body.data.settleClaim.__typename).toBe('SettleClaimPayload');
      ids.add(a.body.data.settleClaim.settlement.id);
    }
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => !a.body.data.settleClaim.replayed)).toHaveLength(1);
    const stored = await db.database.db.select().from(settlements).where(eq(settlements.idempotencyKey, input.idempotencyKey));
    expect(stored).toHaveLength(1);
  });
});
