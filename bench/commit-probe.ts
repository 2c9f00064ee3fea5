/**
 * The database's own commit latency on this machine: one-row inserts into a logged table at a
 * fixed rate, each its own transaction, first with PostgreSQL's durable commit (the commit waits
 * for the write-ahead log to reach the disk, as the hub's audit records do by default), then with
 * `synchronous_commit = off` (AUDIT_READ_COMMIT=async). A read that waits for its audit record
 * waits for such a commit, and a commit that stalls holds up every record queued behind it: the
 * tail of the first line bounds how short the hub's tail can be with durable audit records.
 */
import postgres from 'postgres';
import { ASYNC_COMMIT } from '../src/audit/log.js';
import { quantile } from './load.js';

export interface CommitLatency {
  mode: 'durable' | 'async';
  rate: number;
  commits: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

const TABLE = 'bench_commit_probe';

/** Latency figures of a set of commit times in milliseconds. */
export function commitFigures(mode: CommitLatency['mode'], rate: number, ms: readonly number[]): CommitLatency {
  const sorted = Float64Array.from(ms).sort();
  return { mode, rate, commits: sorted.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), p999: quantile(sorted, 0.999), max: sorted.at(-1) ?? NaN };
}

/** Sends `statement` at `rate` per second for `seconds` and gives each one's time to its answer, in ms. */
async function atRate(sql: postgres.Sql, statement: string, rate: number, seconds: number): Promise<number[]> {
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < rate * seconds; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const sent = performance.now();
    pending.push(sql.unsafe(statement).then(() => {
      latencies.push(performance.now() - sent);
    }));
  }
  await Promise.all(pending);
  return latencies;
}

/**
 * Commits at `rate` per second for `seconds`, over two connections, in each mode in turn, each
 * after a second at the rate that is not counted (the connections opened, the statement parsed).
 */
export async function probeCommits(url: string, rate: number, seconds: number): Promise<CommitLatency[]> {
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  try {
    await sql.unsafe(`create table if not exists ${TABLE} (at timestamptz not null default now())`);
    const results: CommitLatency[] = [];
    for (const mode of ['durable', 'async'] as const) {
      // One statement, its own transaction, as the hub's append outside a transaction is.
      const statement = `with i as (insert into ${TABLE} default values returning 1) select 1 from ${mode === 'async' ? `${ASYNC_COMMIT}, ` : ''}i`;
      await atRate(sql, statement, rate, 1);
      results.push(commitFigures(mode, rate, await atRate(sql, statement, rate, seconds)));
    }
    return results;
  } finally {
    await sql.unsafe(`drop table if exists ${TABLE}`).catch(() => {});
    await sql.end();
  }
}

export const commitText = (c: CommitLatency) =>
  `${c.mode.padEnd(7)} ${c.commits} commits at ${c.rate}/s: p50 ${c.p50.toFixed(2)} ms, p99 ${c.p99.toFixed(2)} ms, p99.9 ${c.p999.toFixed(2)} ms, max ${c.max.toFixed(2)} ms`;
