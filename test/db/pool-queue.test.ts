/**
 * postgres.js 3.4.9 keeps each pool queue in an array that only ever grows while the pool stays
 * busy (a taken slot is blanked, not dropped) and finds a connection by scanning that array from
 * its start, so under sustained load every statement cost more than the one before it.
 * patches/postgres+3.4.9.patch compacts the array and scans from its head. These tests watch
 * the length of every array the queue scans. The same patch keeps each statement's signature
 * (its parameter types and text, the key of the connection's prepared statements) instead of
 * concatenating the two on every query. And it makes a query a thenable around a native promise
 * instead of a subclass of Promise: awaiting instances of a Promise subclass kept every query, its
 * parameters and its rows alive through the next young-generation collection (docs/BENCHMARKS.md,
 * "The steps of 2026-12-06, night"); these tests hold the patch to what a promise promises.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres, openTestDb, type TestDb } from '../helpers/db.js';

interface Queue<T> {
  readonly length: number;
  push(x: T): T;
  shift(): T | undefined;
  remove(x: T): T | null;
}

/** The queue module the ESM build of postgres.js (the one the hub imports) uses. */
async function loadQueue(): Promise<<T>(initial?: T[]) => Queue<T>> {
  const cjsEntry = createRequire(import.meta.url).resolve('postgres');
  const file = join(dirname(cjsEntry), '..', '..', 'src', 'queue.js');
  return ((await import(pathToFileURL(file).href)) as { default: <T>(initial?: T[]) => Queue<T> }).default;
}

/** Runs `work` and returns the longest array `indexOf` was called on meanwhile. */
async function longestScanned(work: () => Promise<void> | void): Promise<number> {
  const original = Array.prototype.indexOf;
  let longest = 0;
  Array.prototype.indexOf = function (this: unknown[], ...args: Parameters<typeof original>) {
    if (this.length > longest) longest = this.length;
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    Array.prototype.indexOf = original;
  }
  return longest;
}

describe('the connection queue', () => {
  it('stays first in, first out, and removes what it is asked to', async () => {
    const Queue = await loadQueue();
    const q = Queue(['a', 'b']);
    q.push('c');
    q.push('d');
    expect(q.shift()).toBe('a');
    expect(q.remove('c')).toBe('c');
    expect(q.remove('a')).toBeNull();
    expect(q.length).toBe(2);
    expect([q.shift(), q.shift(), q.shift()]).toEqual(['b', 'd', undefined]);
    for (let i = 0; i < 1000; i++) q.push(`x${i}`);
    for (let i = 0; i < 999; i++) expect(q.shift()).toBe(`x${i}`);
    expect(q.remove('x999')).toBe('x999');
    expect(q.length).toBe(0);
  });

  it('does not grow while connections keep cycling through it (the busy queue under load)', async () => {
    const Queue = await loadQueue();
    const q = Queue<object>();
    const connections = [{}, {}, {}, {}];
    for (const c of connections) q.push(c);
    const longest = await longestScanned(() => {
      for (let i = 0; i < 100_000; i++) {
        const c = q.shift()!;
        q.remove(c);
        q.push(c);
      }
    });
    expect(q.length).toBe(4);
    expect(longest).toBeLessThan(200);
  });
});

describe('a query', () => {
  it('is a thenable of its own, not an instance of a Promise subclass', () => {
    const client = postgres('postgres://nobody@127.0.0.1:1/none', { max: 1 });
    const query = client`select 1`;
    expect(query).not.toBeInstanceOf(Promise);
    expect(typeof query.then).toBe('function');
    expect(typeof query.catch).toBe('function');
    expect(typeof query.finally).toBe('function');
  });
});

describe.skipIf(!onPostgres)('a query on the server', () => {
  let client: ReturnType<typeof postgres>;
  beforeAll(async () => {
    client = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
  });
  afterAll(() => client?.end());

  it('answers through await, then, Promise.all and a transaction', async () => {
    expect(await client`select 1::int as n`).toEqual([{ n: 1 }]);
    expect(await client`select 2::int as n`.then((rows) => rows[0]!.n)).toBe(2);
    const all = await Promise.all([client`select 3::int as n`, client`select 4::int as n`]);
    expect(all.map((rows) => rows[0]!.n)).toEqual([3, 4]);
    const inside = await client.begin((tx) => [tx`select 5::int as n`, tx`select 6::int as n`]);
    expect(inside.map((rows) => rows[0]!.n)).toEqual([5, 6]);
  });

  it('rejects through await, catch and finally with the server\'s error', async () => {
    await expect(client`select 1/0`).rejects.toMatchObject({ code: '22012' });
    expect(await client`select 1/0`.catch((e: { code: string }) => e.code)).toBe('22012');
    let settled = false;
    await expect(client`select 1/0`.finally(() => { settled = true; })).rejects.toMatchObject({ code: '22012' });
    expect(settled).toBe(true);
    await expect(client.begin((tx) => tx`select 1/0`)).rejects.toMatchObject({ code: '22012' });
  });
});

describe.skipIf(!onPostgres)('the pool under sustained load', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb();
  });
  afterAll(() => t?.drop());

  it('scans short queues however many statements the pool has served', async () => {
    let served = 0;
    const longest = await longestScanned(async () => {
      const worker = async () => {
        for (let i = 0; i < 250; i++) {
          await t.database.rows(sql`select 1`);
          served++;
        }
      };
      await Promise.all(Array.from({ length: 32 }, worker));
    });
    expect(served).toBe(8000);
    expect(longest).toBeLessThan(200);
  });

  it('prepares one statement per text and parameter types, and finds it again', async () => {
    const client = postgres(t.url!, { max: 1, onnotice: () => {} });
    try {
      const typeOf = async (value: unknown) =>
        (await client.unsafe<{ t: string }[]>('select pg_typeof($1)::text as t', [value as never], { prepare: true }))[0]!.t;
      const seen = [await typeOf(true), await typeOf(new Date(0)), await typeOf(false), await typeOf(new Date(1)), await typeOf(true)];
      expect(seen).toEqual(['boolean', 'timestamp with time zone', 'boolean', 'timestamp with time zone', 'boolean']);
      const [prepared] = await client.unsafe<{ n: number }[]>("select count(*)::int as n from pg_prepared_statements where statement like 'select pg_typeof%'");
      expect(prepared!.n).toBe(2);
    } finally {
      await client.end();
    }
  });
});
