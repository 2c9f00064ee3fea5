/**
 * The benchmark's report: one row per workload and candidate, the hub's ratios to the raw
 * baseline and to PostGraphile, and the targets of the issue judged on this run's figures.
 * Printed as a table and written whole as JSON.
 */
import type { CommitLatency } from './commit-probe.js';
import type { GcFigures } from './gc-trace.js';
import type { FixedRateResult, LoadResult } from './load.js';
import type { FamilyPlan } from './plans.js';
import type { CandidateId, WorkloadId } from './workloads.js';

/** The load generator's figures for one run (its byte count becomes `responseBytes`), and the server's. */
export interface RunFigures extends Omit<LoadResult, 'bytes'> {
  workload: WorkloadId;
  title: string;
  candidate: CandidateId;
  connections: number;
  /** Server CPU (user + system, all threads) per request, µs: the primary figure. */
  cpuUsPerRequest: number;
  /** Server CPU time over wall time during the run (1 = one core busy). */
  serverCpuShare: number;
  peakRssMb: number;
  /** Counted at the wire protocol in a separate sequential pass (see wire-counter.ts). */
  statementsPerRequest: number | null;
  /** From pg_stat_statements during the timed run, when it is loaded. */
  pgssStatementsPerRequest: number | null;
  /** Busy share of each core during the run. */
  coreBusy: number[];
  loadAverage: number;
  responseBytes: number;
  summary: string;
  /** req/s of every round when the workload ran in rounds; the figures above are the median round's. */
  roundsRps?: number[];
}

/** Latency at a fixed offered rate (open loop), below saturation. */
export interface FixedRateFigures extends Omit<FixedRateResult, 'bytes'> {
  workload: WorkloadId;
  candidate: CandidateId;
  /** `common`: half the slowest GraphQL candidate's saturated req/s, offered to every candidate (PERFORMANCE.md §4.3); `hub-half`: half the hub's own. */
  basis: 'common' | 'hub-half';
  rate: number;
  connections: number;
  cpuUsPerRequest: number;
  /** The server's young-generation collections over the run, with `--gc`. */
  gc: GcFigures | null;
  /** With `--rounds N`: every round's p99, in the order run (the figures are the median round's, but for `errors`, every round's). */
  roundsP99?: number[];
}


export interface Target {
  name: string;
  met: boolean | null;
  detail: string;
}

const HUB: CandidateId = 'hub';

function find(runs: readonly RunFigures[], workload: WorkloadId, candidate: CandidateId) {
  return runs.find((r) => r.workload === workload && r.candidate === candidate);
}

const fmt = (v: number | null | undefined, digits = 0) => (v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits));

/** Kilobytes the server allocated per request answered. */
const allocatedKb = (g: GcFigures, requests: number) => (requests > 0 ? (g.allocatedMb * 1e3) / requests : NaN);

export const gcText = (g: GcFigures, requests: number) =>
  `${g.scavenges} scavenges, mean pause ${fmt(g.meanPauseMs, 1)} ms, ${fmt(g.survivedMbPerScavenge, 2)} MB survived and ` +
  `${fmt(g.promotedMbPerScavenge, 2)} MB promoted per scavenge, ${g.markCompacts} mark-compacts, ${fmt(allocatedKb(g, requests))} KB allocated per request`;
const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? a / b : null);

/** hub ÷ candidate for throughput and for CPU per request. */
export function ratiosFor(runs: readonly RunFigures[], workload: WorkloadId, other: CandidateId) {
  const hub = find(runs, workload, HUB);
  const them = find(runs, workload, other);
  return { rps: ratio(hub?.rps, them?.rps), cpu: ratio(hub?.cpuUsPerRequest, them?.cpuUsPerRequest) };
}

/** The figures as a fixed-width table, workload by workload. */
export function table(runs: readonly RunFigures[]): string {
  const inRounds = runs.some((r) => r.roundsRps);
  const header = [
    'workload', 'candidate', 'conn', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req', 'SQL/req', 'peak RSS MB', 'errors', 'hub÷this req/s', 'hub÷this CPU',
    ...(inRounds ? ['req/s per round'] : []),
  ];
  const rows: string[][] = [header];
  for (const r of runs) {
    const q = r.candidate === HUB ? { rps: null, cpu: null } : ratiosFor(runs, r.workload, r.candidate);
    const sqlPerReq = r.pgssStatementsPerRequest ?? r.statementsPerRequest;
    rows.push([
      r.workload, r.candidate, String(r.connections), fmt(r.rps), fmt(r.p50, 1), fmt(r.p99, 1), fmt(r.cpuUsPerRequest), fmt(sqlPerReq, 1),
      fmt(r.peakRssMb), String(r.errors), fmt(q.rps, 2), fmt(q.cpu, 2),
      ...(inRounds ? [(r.roundsRps ?? []).map((v) => fmt(v)).join(' / ')] : []),
    ]);
  }
  const widths = header.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row, n) => {
    const line = row.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    return n === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}

/** The fixed-rate figures as a table, with the hub's p99 over each other candidate's at the same rate. */
export function fixedRateTable(runs: readonly FixedRateFigures[]): string {
  const withGc = runs.some((r) => r.gc);
  const inRounds = runs.some((r) => r.roundsP99);
  const header = [
    'workload', 'rate', 'candidate', 'offered req/s', 'answered req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'server p50/p99 ms', 'CPU µs/req', 'errors', 'hub÷this p99',
    'load gen delay p99/max ms', ...(inRounds ? ['p99 ms per round'] : []),
    ...(withGc ? ['scavenges', 'pause ms', 'survived / promoted MB', 'alloc KB/req'] : []),
  ];
  const rows: string[][] = [header];
  for (const r of runs) {
    const hub = runs.find((h) => h.workload === r.workload && h.basis === r.basis && h.candidate === HUB);
    const g = r.gc;
    rows.push([
      r.workload, r.basis, r.candidate, fmt(r.rate), fmt(r.rps), fmt(r.p50, 1), fmt(r.p90, 1), fmt(r.p99, 1), fmt(r.max, 1),
      r.serverP50 === null ? '–' : `${fmt(r.serverP50, 1)} / ${fmt(r.serverP99, 1)}`, fmt(r.cpuUsPerRequest),
      String(r.errors), r.candidate === HUB ? '' : fmt(ratio(hub?.p99, r.p99), 2), `${fmt(r.generatorDelayP99, 1)} / ${fmt(r.generatorDelayMax, 1)}`,
      ...(inRounds ? [(r.roundsP99 ?? []).map((v) => fmt(v, 1)).join(' / ')] : []),
      ...(withGc
        ? [fmt(g?.scavenges), fmt(g?.meanPauseMs, 1), g ? `${fmt(g.survivedMbPerScavenge, 2)} / ${fmt(g.promotedMbPerScavenge, 2)}` : '–', g ? fmt(allocatedKb(g, r.requests)) : '–']
        : []),
    ]);
  }
  const widths = header.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row, n) => {
    const line = row.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    return n === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}

export interface SizeComparison {
  smallPersons: number;
  largePersons: number;
  /** (a) on the hub, one connection: pure latency. */
  oneConnection: { small: RunFigures; large: RunFigures };
  /** With `--rounds N`: every round's p50 at one connection (the figures are the median rounds'). */
  oneConnectionRoundsP50?: { small: number[]; large: number[] };
  /** (a) on the hub at the workload's connections. */
  loaded: { small: RunFigures; large: RunFigures | undefined };
}

/** The targets, each judged on this run (null: not measured in this run). */
export function judgeTargets(
  runs: readonly RunFigures[], load: { persons: number; seedMs: number; reused: boolean }, sizes: SizeComparison | null, plans: readonly FamilyPlan[] = [],
  fixed: readonly FixedRateFigures[] = [], commits: readonly CommitLatency[] = [],
): Target[] {
  const targets: Target[] = [];
  const a = ratiosFor(runs, 'a', 'raw');
  targets.push({
    name: '(a) eligibility ≥ 50% of the raw baseline’s throughput',
    met: a.rps === null ? null : a.rps >= 0.5,
    detail: a.rps === null ? 'not measured' : `hub ÷ raw = ${fmt(a.rps * 100)}% of the baseline’s req/s`,
  });

  const readWorkloads: WorkloadId[] = ['a', 'b50', 'b10', 'c'];
  const versus = readWorkloads
    .map((w) => ({ w, q: ratiosFor(runs, w, 'postgraphile') }))
    .filter((x) => x.q.rps !== null);
  targets.push({
    name: 'ahead of PostGraphile on every read workload it serves (req/s)',
    met: versus.length ? versus.every((x) => x.q.rps! > 1) : null,
    detail: versus.length ? versus.map((x) => `${x.w}: ${fmt(x.q.rps, 2)}× req/s, ${fmt(x.q.cpu, 2)}× CPU/req`).join('; ') : 'not measured',
  });

  // A latency target is judged below saturation, at half the hub's saturated rate: in a closed
  // loop at saturation, latency is the queue (connections ÷ throughput), reported beside it.
  for (const w of ['a', 'c'] as const) {
    const saturated = find(runs, w, HUB);
    const half = fixed.find((r) => r.workload === w && r.candidate === HUB && r.basis === 'hub-half');
    const common = fixed.find((r) => r.workload === w && r.candidate === HUB && r.basis === 'common');
    const atSaturation = saturated ? `at saturation (closed loop, ${fmt(saturated.rps)} req/s) p99 ${fmt(saturated.p99, 1)} ms (p50 ${fmt(saturated.p50, 1)})` : null;
    const at = (r: FixedRateFigures) => `offered ${fmt(r.rate)} req/s, p99 ${fmt(r.p99, 1)} ms (p50 ${fmt(r.p50, 1)})`;
    const asyncHalf = fixed.find((r) => r.workload === w && r.candidate === 'hub-async-audit' && r.basis === 'hub-half');
    const durable = commits.find((c) => c.mode === 'durable');
    targets.push({
      name: `(${w}) p99 < 25 ms at ${half?.connections ?? saturated?.connections ?? 32} connections, at half the hub's saturated rate`,
      met: half ? half.p99 < 25 && half.errors === 0 : null,
      detail: [
        half && `${at(half)}`, common && `common rate: ${at(common)}`, atSaturation,
        asyncHalf && `with AUDIT_READ_COMMIT=async at that rate p99 ${fmt(asyncHalf.p99, 1)} ms`,
        durable && `the database's own durable commits p99 ${fmt(durable.p99, 1)} ms, p99.9 ${fmt(durable.p999, 1)} ms`,
      ].filter(Boolean).join('; ') || 'not measured',
    });
  }

  const b10 = find(runs, 'b10', HUB);
  const b50 = find(runs, 'b50', HUB);
  const s10 = b10?.pgssStatementsPerRequest ?? b10?.statementsPerRequest;
  const s50 = b50?.pgssStatementsPerRequest ?? b50?.statementsPerRequest;
  targets.push({
    name: 'SQL statements per request constant in page size ((b) first 10 vs first 50)',
    met: s10 === undefined || s10 === null || s50 === undefined || s50 === null ? null : s10 === s50,
    detail: `first 10: ${fmt(s10, 2)}, first 50: ${fmt(s50, 2)} statements per request`,
  });

  targets.push({
    name: '1M-person load under 3 minutes',
    met: load.persons >= 1_000_000 ? load.seedMs < 180_000 : null,
    detail: `${load.persons.toLocaleString('en')} persons loaded in ${fmt(load.seedMs / 1000, 1)} s${load.reused ? ' (recorded when the reused database was seeded)' : ''}`,
  });

  targets.push({
    name: '(d) each indicator aggregate under a second, large tables read through indexes',
    met: plans.length ? plans.every((p) => p.executionMs < 1000 && p.indexed) : null,
    detail: plans.length ? plans.map((p) => `${p.family} ${fmt(p.executionMs)} ms${p.indexed ? '' : ' (sequential scan)'}`).join(', ') : 'not measured',
  });

  if (sizes) {
    const s = sizes.oneConnection.small.p50;
    const l = sizes.oneConnection.large.p50;
    targets.push({
      name: `(a) latency at ${sizes.largePersons.toLocaleString('en')} within 20% of ${sizes.smallPersons.toLocaleString('en')} (p50, 1 connection)`,
      met: l <= s * 1.2,
      detail: `p50 ${fmt(l, 2)} ms vs ${fmt(s, 2)} ms (${fmt((l / s - 1) * 100)}%); at ${sizes.loaded.small.connections} connections p50 ${fmt(sizes.loaded.large?.p50, 1)} vs ${fmt(sizes.loaded.small.p50, 1)} ms`,
    });
  } else {
    targets.push({ name: '(a) latency at 1M within 20% of 10k', met: null, detail: 'run with --compare-small' });
  }
  return targets;
}

export function targetsText(targets: readonly Target[]): string {
  return targets.map((t) => `${t.met === null ? '  n/a ' : t.met ? '  MET ' : '  MISS'}  ${t.name} — ${t.detail}`).join('\n');
}
