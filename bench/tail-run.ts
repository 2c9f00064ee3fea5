/**
 * `npm run bench:tail` — where the hub's slowest answers at a fixed rate fall in time. The hub
 * runs pinned to one core with its production flags and a probe (bench/tail-probe.ts) that
 * records its collections and event-loop gaps; an open-loop load at a fixed rate records each
 * answer's scheduled time, latency and Server-Timing. The answers slower than the p99 are grouped
 * into bursts and shown beside what the hub went through meanwhile.
 *
 *   npm run bench -- ... first (it seeds the database), then
 *   npm run bench:tail -- [--persons 200000] [--workload c] [--rate 1000] [--duration 10] [--warmup 5]
 *                         [--node-flags=--single-threaded-gc]  (added to the production flags, to try one)
 *                         [--survivors]    (also: where what outlived a scavenge was allocated)
 *                         [--allocations]  (also: where everything the hub allocated was allocated,
 *                                           and about how much per answer)
 *   (the heap sampling slows the hub: with either, its latencies are not comparable)
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { prepareDatabase } from './database.js';
import { pickFixtures } from './fixtures.js';
import { benchTokens, hubEnv, PRODUCTION_NODE_FLAGS } from './hub-env.js';
import { quantile, runFixedRate } from './load.js';
import { freePort, hasTaskset, pin, pinPostgres, startServer } from './servers.js';
import { allocationModules, allocationSites, sampledBytes, slowBursts, type AnswerRecord, type LoopEvent, type ProfileNode } from './tail.js';
import { KeyCounter, WORKLOADS } from './workloads.js';
import { commandLine } from '../src/cli/args.js';

const USAGE = `usage: npm run bench:tail -- [--persons 200000] [--workload c] [--rate 1000] [--duration 10] [--warmup 5]
  [--node-flags=<flags>] [--survivors | --allocations] [--database-url <url>] [--db-name yibao_bench]
(npm run bench seeds the database first; docs/BENCHMARKS.md)`;

const opts = commandLine(USAGE, {
  persons: { type: 'string', default: '200000' },
  workload: { type: 'string', default: 'c' },
  rate: { type: 'string', default: '1000' },
  duration: { type: 'string', default: '10' },
  warmup: { type: 'string', default: '5' },
  'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432' },
  'db-name': { type: 'string', default: 'yibao_bench' },
  'node-flags': { type: 'string', default: '' },
  survivors: { type: 'boolean', default: false },
  allocations: { type: 'boolean', default: false },
});
const [persons, rate, duration, warmup] = [Number(opts.persons), Number(opts.rate), Number(opts.duration), Number(opts.warmup)];
for (const [name, v] of [['persons', persons], ['rate', rate], ['duration', duration], ['warmup', warmup]] as const) {
  if (!Number.isFinite(v) || v <= 0) {
    console.error(`--${name} must be a positive number`);
    process.exit(2);
  }
}
if (opts.survivors && opts.allocations) {
  console.error('--survivors and --allocations sample differently: give one');
  process.exit(2);
}
const workload = WORKLOADS.find((w) => w.id === opts.workload && !w.write);
if (!workload) {
  console.error(`--workload must be one of the reads: ${WORKLOADS.filter((w) => !w.write).map((w) => w.id).join(', ')}`);
  process.exit(2);
}

const log = (m: string) => console.log(m);
const pinned = hasTaskset();
if (pinned) {
  pin(process.pid, '1');
  pinPostgres('1');
}
const db = await prepareDatabase(opts['database-url'], opts['db-name'], persons, false, log);
const sql = postgres(db.url, { max: 2, onnotice: () => {} });
const fixtures = await pickFixtures(sql);
await sql.end();
const plan = workload.plan('hub', fixtures, new KeyCounter('tail'));
const token = (await benchTokens(fixtures, 3600))[plan.token];

const port = await freePort();
const eventsFile = join(tmpdir(), `yibao-tail-${process.pid}.jsonl`);
const heapFile = join(tmpdir(), `yibao-tail-${process.pid}-heap.json`);
const heapSamples = opts.survivors ? 'survivors' : opts.allocations ? 'allocations' : null;
const server = await startServer({
  name: 'hub', command: process.execPath, args: [...PRODUCTION_NODE_FLAGS, ...opts['node-flags'].split(' ').filter(Boolean), ...(heapSamples ? ['--expose-gc'] : []), '--import', 'tsx', '--import', './bench/tail-probe.ts', 'src/main.ts'],
  env: { ...hubEnv(db.url, port), TAIL_EVENTS_FILE: eventsFile, ...(heapSamples ? { TAIL_HEAP_FILE: heapFile, TAIL_HEAP_SAMPLES: heapSamples } : {}) }, port, ready: 'healthz',
}, pinned ? 0 : null);

/** Open loop at the rate over at most 32 kept-alive connections (`runFixedRate`), each answer kept when `keep` is given. */
async function load(seconds: number, keep: AnswerRecord[] | null): Promise<void> {
  const result = await runFixedRate({
    url: server.url, path: plan.path, connections: 32, seconds, rate, next: () => plan.next(),
    headers: { authorization: `Bearer ${token}` }, ...(keep && { onAnswer: (a: AnswerRecord) => keep.push(a) }),
  });
  if (result.errors) log(`${result.errors} error answers, the first: ${result.firstError}`);
}

/** Asks the probe for its heap profile and waits for it (the profile is written once sampling stops). */
async function collectHeapProfile(): Promise<ProfileNode | null> {
  rmSync(heapFile, { force: true });
  process.kill(server.pid, 'SIGUSR2');
  for (let waited = 0; waited < 30_000; waited += 250) {
    await new Promise((r) => setTimeout(r, 250));
    if (!existsSync(heapFile)) continue;
    try {
      return JSON.parse(readFileSync(heapFile, 'utf8')) as ProfileNode;
    } catch {
      // Still being written.
    }
  }
  log('the probe wrote no heap profile');
  return null;
}

const records: AnswerRecord[] = [];
let events: LoopEvent[] = [];
let heapProfile: ProfileNode | null = null;
try {
  await load(warmup, null);
  if (heapSamples) process.kill(server.pid, 'SIGUSR2');
  await load(duration, records);
  if (heapSamples) heapProfile = await collectHeapProfile();
} finally {
  await server.stop();
  try {
    events = readFileSync(eventsFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as LoopEvent);
  } catch {
    log('the probe wrote no events');
  }
  rmSync(eventsFile, { force: true });
  rmSync(heapFile, { force: true });
}

const latencies = Float64Array.from(records, (r) => r.latencyMs).sort();
const own = Float64Array.from(records.flatMap((r) => (r.serverMs === null ? [] : [r.serverMs]))).sort();
const first = records.length ? Math.min(...records.map((r) => r.dueAt)) : 0;
const at = (t: number) => `+${((t - first) / 1000).toFixed(3)} s`;
const inRun = events.filter((e) => e.at >= first);
const count = (kind: LoopEvent['kind']) => inRun.filter((e) => e.kind === kind).length;
log(`(${workload.id}) at ${rate} req/s for ${duration} s, ${records.length} answers${pinned ? ', hub pinned to core 0' : ''}${opts['node-flags'] ? `, with ${opts['node-flags']}` : ''}`);
log(`client p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms, max ${(latencies.at(-1) ?? NaN).toFixed(1)} ms; ` +
  `the hub's own p50 ${quantile(own, 0.5).toFixed(1)} ms, p99 ${quantile(own, 0.99).toFixed(1)} ms`);
const youngMarkSweeps = count('minor-mark-sweep');
log(`the hub meanwhile: ${count('scavenge')} scavenges, ${youngMarkSweeps ? `${youngMarkSweeps} young mark-sweeps, ` : ''}${count('mark-compact')} mark-compacts, ${count('gap')} event-loop gaps over 15 ms`);
const bursts = slowBursts(records, events);
log(`answers slower than the p99, in ${bursts.length} burst(s):`);
for (const b of bursts.slice(0, 5)) {
  log(`  ${at(b.from)}: ${b.answers} answers over ${(b.to - b.from).toFixed(0)} ms, up to ${b.maxLatencyMs.toFixed(0)} ms (the hub's own up to ${b.maxServerMs?.toFixed(0) ?? '–'} ms)`);
  for (const e of b.events) log(`      ${at(e.at)}  ${e.kind.padEnd(16)} ${e.ms.toFixed(1)} ms`);
}
if (heapProfile) {
  const sites = allocationSites(heapProfile);
  if (heapSamples === 'allocations') {
    const kb = sampledBytes(heapProfile) / 1024 / Math.max(records.length, 1);
    log(`where the hub allocated during the run (sampled, about ${kb.toFixed(0)} KB per answer; innermost frames first):`);
  } else {
    log('where what outlived a scavenge during the run was allocated (sampled; innermost frames first):');
  }
  for (const s of sites) log(`  ${(s.share * 100).toFixed(1).padStart(5)} %  ${s.stack.join(' < ')}`);
  log('the same by the module whose code asked for it (builtins and generated code counted to their caller):');
  for (const m of allocationModules(heapProfile)) log(`  ${(m.share * 100).toFixed(1).padStart(5)} %  ${m.module}`);
}
