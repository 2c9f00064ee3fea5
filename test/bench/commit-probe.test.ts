/**
 * The bench's probe of the database's own commits (bench/commit-probe.ts), and how the p99
 * targets read it: judged on the hub as configured by default, with the asynchronous audit commit
 * and the disk's commit tail beside the verdict, and every round's p99 in the table.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitFigures, probeCommits } from '../../bench/commit-probe.js';
import type { FixedRateFigures } from '../../bench/report.js';
import { fixedRateTable, judgeTargets } from '../../bench/report.js';
import { onPostgres, openTestDb, type TestDb } from '../helpers/db.js';

describe('commit figures', () => {
  it('reads the quantiles of the commit times', () => {
    const ms = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(commitFigures('durable', 300, ms)).toEqual({ mode: 'durable', rate: 300, commits: 1000, p50: 500, p99: 990, p999: 999, max: 1000 });
    expect(commitFigures('async', 300, []).commits).toBe(0);
  });
});

describe.runIf(onPostgres)('the commit probe on PostgreSQL', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(1);
  });
  afterAll(() => db?.drop());

  it('commits at the rate in each mode and leaves no table behind', async () => {
    const figures = await probeCommits(db.url!, 40, 1);
    expect(figures.map((f) => [f.mode, f.commits])).toEqual([['durable', 40], ['async', 40]]);
    const sql = postgres(db.url!, { max: 1, onnotice: () => {} });
    try {
      expect(await sql`select to_regclass('bench_commit_probe') as t`).toEqual([{ t: null }]);
    } finally {
      await sql.end();
    }
  });
});

describe('the p99 targets', () => {
  const fixed = (candidate: FixedRateFigures['candidate'], p99: number): FixedRateFigures => ({
    workload: 'a', candidate, basis: 'hub-half', rate: 1000, connections: 32, cpuUsPerRequest: 300, gc: null,
    requests: 10_000, seconds: 10, rps: 1000, p50: 3, p90: 8, p99, max: p99 * 2, mean: 4, errors: 0, firstError: null,
    generatorDelayP99: 2, generatorDelayMax: 5, serverP50: 2, serverP99: p99 / 2,
  });
  const commits = [commitFigures('durable', 300, [0.5, 0.6, 9, 27]), commitFigures('async', 300, [0.3, 0.4])];
  const target = (runs: FixedRateFigures[]) => judgeTargets([], { persons: 1_000_000, seedMs: 1, reused: false }, null, [], runs, commits).find((t) => t.name.startsWith('(a) p99'))!;

  it('are judged on the hub as configured by default, not on its asynchronous audit commit', () => {
    const missed = target([fixed('hub', 40), fixed('hub-async-audit', 11)]);
    expect(missed.met).toBe(false);
    expect(missed.detail).toContain('p99 40.0 ms');
    expect(missed.detail).toContain('with AUDIT_READ_COMMIT=async at that rate p99 11.0 ms');
    expect(missed.detail).toContain(`the database's own durable commits p99 27.0 ms`);
    expect(target([fixed('hub', 20), fixed('hub-async-audit', 30)]).met).toBe(true);
  });

  it('show every round’s p99 beside the median round’s figures', () => {
    const rounds = fixedRateTable([{ ...fixed('hub', 40), roundsP99: [12, 40, 90] }, { ...fixed('hub-async-audit', 11), roundsP99: [11, 9, 30] }]);
    expect(rounds.split('\n')[0]).toContain('p99 ms per round');
    expect(rounds).toContain('12.0 / 40.0 / 90.0');
    expect(rounds).toContain('11.0 / 9.0 / 30.0');
    expect(fixedRateTable([fixed('hub', 40)])).not.toContain('per round');
  });
});
