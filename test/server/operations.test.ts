/**
 * Operations: rate limits (in memory and shared through Redis), trusted documents, CORS,
 * health, readiness, metrics, logs without personal data, configuration checks.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import { purposeOf } from '../../src/server/http.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { memoryLimiter, spend } from '../../src/server/rate-limit.js';
import { sha256 } from '../../src/server/trusted-documents.js';
import { onPostgres } from '../helpers/db.js';
import { fixtures } from '../helpers/fixtures.js';
import { startHub, TEST_ENV, type TestHub } from '../helpers/hub.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function gql(url: string, token: string | null, query: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, ...extra }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

describe('token buckets', () => {
  it('refill continuously and refuse with a retry hint when empty', () => {
    const o = { perMinute: 60, burst: 2 };
    let state = { tokens: 2, last: 0 };
    const take = (now: number) => {
      const r = spend(state.tokens, state.last, now, o);
      state = { tokens: r.tokens, last: now };
      return r.decision;
    };
    expect(take(0).allowed).toBe(true);
    expect(take(0).allowed).toBe(true);
    expect(take(0)).toEqual({ allowed: false, retryAfter: 1 });
    expect(take(1000).allowed).toBe(true);
  });

  it('keeps clients apart', async () => {
    let now = 0;
    const limiter = memoryLimiter({ perMinute: 60, burst: 1 }, () => now);
    expect((await limiter.take('a')).allowed).toBe(true);
    expect((await limiter.take('a')).allowed).toBe(false);
    expect((await limiter.take('b')).allowed).toBe(true);
    now += 1000;
    expect((await limiter.take('a')).allowed).toBe(true);
  });
});

describe('rate limiting over HTTP', () => {
  let hub: TestHub;
  let url = '';
  beforeAll(async () => {
    hub = await startHub({ RATE_LIMIT_PER_MINUTE: '60', RATE_LIMIT_BURST: '3' });
    url = await hub.listen();
  });
  afterAll(() => hub?.close());

  it('answers RATE_LIMITED with Retry-After past the burst, per client', async () => {
    const a = await hub.token('HEALTH', { regions: ['320600'], clientId: 'client-a' });
    const b = await hub.token('HEALTH', { regions: ['320600'], clientId: 'client-b' });
    for (let i = 0; i < 3; i++) expect((await gql(url, a, '{ viewer { role } }')).status).toBe(200);
    const limited = await gql(url, a, '{ viewer { role } }');
    expect(limited.status).toBe(429);
    expect(limited.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await gql(url, b, '{ viewer { role } }')).status).toBe(200);
  });
});

describe('rate limiting shared through Redis by two instances', () => {
  let one: TestHub;
  let two: TestHub;
  beforeAll(async () => {
    const env = { REDIS_URL, RATE_LIMIT_PER_MINUTE: '1', RATE_LIMIT_BURST: '4' };
    [one, two] = await Promise.all([startHub(env), startHub(env)]);
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
  });

  it('holds one client’s budget across both', async () => {
    const [u1, u2] = await Promise.all([one.listen(), two.listen()]);
    const token = await one.token('HEALTH', { regions: ['320600'], clientId: `shared-${randomUUID()}` });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await gql(i % 2 ? u2 : u1, token, '{ viewer { role } }')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });
});

describe('trusted documents', () => {
  let hub: TestHub;
  let url = '';
  const registered = 'query Viewer { viewer { role } }';
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yibao-trusted-'));
    const file = join(dir, 'persisted-documents.json');
    writeFileSync(file, JSON.stringify({ [sha256(registered)]: registered }));
    hub = await startHub({ TRUSTED_DOCUMENTS_FILE: file, TRUSTED_DOCUMENTS_ROLES: 'INSURER,TAX' });
    url = await hub.listen();
  });
  afterAll(() => hub?.close());

  it('restricts the listed roles to registered operations, by text or by hash alone', async () => {
    const insurer = await hub.token('INSURER', { insurer: 'PICC' });
    expect((await gql(url, insurer, '{ viewer { role clientId } }')).status).toBe(403);
    expect((await gql(url, insurer, registered)).body.data.viewer.role).toBe('INSURER');
    const byHash = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${insurer}` },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(registered) } } }),
    });
    expect(((await byHash.json()) as any).data.viewer.role).toBe('INSURER');
  });

  it('leaves other roles free', async () => {
    const ms = await hub.token('MEDICAL_SECURITY', { regions: ['320600'] });
    expect((await gql(url, ms, '{ viewer { role clientId } }')).status).toBe(200);
  });
});

describe('CORS, health, readiness, metrics, logs', () => {
  let hub: TestHub;
  let url = '';
  const logs: string[] = [];
  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    hub = await startHub({ CORS_ORIGINS: 'https://app.ybj.example', LOG_LEVEL: 'info' }, { logStream: stream });
    url = await hub.listen();
  });
  afterAll(() => hub?.close());

  it('answers CORS only for allowed origins', async () => {
    const ok = await fetch(url, { method: 'OPTIONS', headers: { origin: 'https://app.ybj.example', 'access-control-request-method': 'POST' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.ybj.example');
    const evil = await fetch(url, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('reports health, readiness and metrics', async () => {
    const base = url.replace('/graphql', '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(await ready.json()).toEqual({ ready: true, database: true, migrations: true, replicas: [] });
    await gql(url, await hub.token('HEALTH', { regions: ['320600'] }), 'query Probe { viewer { role } }');
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/yibao_graphql_requests_total\{operation="Probe",status="200"\} 1/);
    expect(metrics).toMatch(/yibao_graphql_request_duration_seconds_bucket/);
    expect(metrics).toMatch(/yibao_db_pool_max/);
  });

  it('tells its own time on a request only when configured to', async () => {
    const token = await hub.token('HEALTH', { regions: ['320600'] });
    expect((await gql(url, token, '{ viewer { role } }')).headers.get('server-timing')).toBeNull();
    const timed = await startHub({ SERVER_TIMING: 'true' });
    try {
      const answer = await gql(await timed.listen(), await timed.token('HEALTH', { regions: ['320600'] }), '{ viewer { role } }');
      expect(answer.status).toBe(200);
      expect(answer.headers.get('server-timing')).toMatch(/^app;dur=\d+\.\d{2}$/);
    } finally {
      await timed.close();
    }
  });

  it('logs each request with its id and never an ID number or token', async () => {
    const person = await fixtures(hub.db.database).person();
    const token = await hub.token('MEDICAL_SECURITY', { regions: ['320600'] });
    await gql(url, token, `query Lookup_${person.idNumber.slice(0, 6)}($id: IdNumber!) { person(idNumber: $id) { name } }`, { variables: { id: person.idNumber } }, { 'x-request-id': 'req-42' });
    await gql(url, token, `{ person(idNumber: "${person.idNumber}") { name } }`);
    await new Promise((r) => setTimeout(r, 50));
    const text = logs.join('');
    expect(text).toContain('"requestId":"req-42"');
    expect(text).not.toContain(person.idNumber);
    expect(text).not.toContain(person.name);
    expect(text).not.toContain(token);
  });
});

describe('configuration', () => {
  it('names the bad variable and never echoes a secret', () => {
    expect(() => loadConfig({ PORT: 'eighty' } as NodeJS.ProcessEnv)).toThrow(/PORT/);
    const secret = 'short-secret';
    let message = '';
    try {
      loadConfig({ AUTH_SECRET: secret } as NodeJS.ProcessEnv);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/AUTH_SECRET/);
    expect(message).not.toContain(secret);
    expect(() => loadConfig({ NODE_ENV: 'production' } as NodeJS.ProcessEnv)).toThrow(/AUTH_SECRET/);
    expect(() => loadConfig({ ...TEST_ENV, DATABASE_URL: 'not a url' } as NodeJS.ProcessEnv)).toThrow(/DATABASE_URL/);
    for (const pool of ['0', 'ten', '500']) expect(() => loadConfig({ ...TEST_ENV, DATABASE_POOL_MAX: pool } as NodeJS.ProcessEnv)).toThrow(/DATABASE_POOL_MAX/);
    expect(loadConfig(TEST_ENV as NodeJS.ProcessEnv).DATABASE_POOL_MAX).toBe(4);
    expect(loadConfig(TEST_ENV as NodeJS.ProcessEnv).AUDIT_READ_COMMIT).toBe('durable');
    expect(loadConfig({ ...TEST_ENV, AUDIT_READ_COMMIT: 'async' } as NodeJS.ProcessEnv).AUDIT_READ_COMMIT).toBe('async');
    for (const mode of ['off', 'ASYNC', '']) expect(() => loadConfig({ ...TEST_ENV, AUDIT_READ_COMMIT: mode } as NodeJS.ProcessEnv)).toThrow(/AUDIT_READ_COMMIT/);
  });
});

// The statement timeout is PostgreSQL's (PGlite runs statements in-process, one at a time).
describe.runIf(onPostgres)('per-request timeout on PostgreSQL', () => {
  it('cancels database work that outlives the request', async () => {
    const database = await openDatabase({ url: process.env.DATABASE_URL!, statementTimeoutMs: 200, migrate: false });
    try {
      const started = Date.now();
      await expect(database.rows(sql`select pg_sleep(3)`)).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await database.close();
    }
  });
});

describe('the X-Purpose header', () => {
  it('is percent-decoded UTF-8, and kept as sent when it is not valid percent-encoding', () => {
    expect(purposeOf('%E6%A1%88%E4%BB%B6%202026-017')).toBe('案件 2026-017');
    expect(purposeOf('case 17')).toBe('case 17');
    expect(purposeOf('100%')).toBe('100%');
    expect(purposeOf(undefined)).toBeUndefined();
  });
});
