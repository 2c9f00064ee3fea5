/**
 * Starting, pinning and watching the servers under test, and reading what the kernel knows about
 * them: CPU time (utime + stime of the whole process, all threads), resident memory, per-core
 * busy time, and pinning PostgreSQL's processes to a core.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { noGc, traceReader, type GcTotals } from './gc-trace.js';

export interface Pinning {
  /** taskset is installed: every figure below was taken with the layout applied. */
  available: boolean;
  /** The core of the server under test. */
  sut: number;
  /** The core of PostgreSQL and the load generator (this process). */
  load: number;
}

/** A port free on the loopback interface now, for a server to be started on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Whether `taskset` (util-linux) is on the PATH. */
export function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Pins every thread of a process (and so the processes it forks later) to a core list. */
export function pin(pid: number, cores: string): void {
  execFileSync('taskset', ['-a', '-p', '-c', cores, String(pid)], { stdio: 'ignore' });
}

/** PostgreSQL's processes: the postmaster and its children (backends fork from the postmaster and inherit its mask). */
function postgresPids(): number[] {
  try {
    return execFileSync('pgrep', ['-u', 'postgres'], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export function pinPostgres(cores: string): number {
  const pids = postgresPids();
  for (const pid of pids) {
    try {
      pin(pid, cores);
    } catch {
      // a backend that exited meanwhile
    }
  }
  return pids.length;
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU time of a process (all its threads), in microseconds. */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ": state is field 3, utime field 14, stime field 15.
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
}

function statusKb(pid: number, key: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/** Resident memory now, in kB. */
export const rssKb = (pid: number) => statusKb(pid, 'VmRSS');
/** Peak resident memory since the last reset, in kB. */
export const peakRssKb = (pid: number) => statusKb(pid, 'VmHWM');

/** Resets the process's peak-RSS mark, so VmHWM covers only what follows (Linux ≥ 4.0, needs the right to write clear_refs). */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Busy and total jiffies per core, from /proc/stat. */
export function coreTimes(): { busy: number; total: number }[] {
  const out: { busy: number; total: number }[] = [];
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const m = /^cpu(\d+) (.*)$/.exec(line);
    if (!m) continue;
    const v = m[2]!.trim().split(/\s+/).map(Number);
    const idle = v[3]! + v[4]!;
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    out[Number(m[1])] = { busy: total - idle, total };
  }
  return out;
}

/** Busy share (0–1) of each core between two samples. */
export function coreBusy(before: ReturnType<typeof coreTimes>, after: ReturnType<typeof coreTimes>): number[] {
  return after.map((a, i) => {
    const b = before[i]!;
    const total = a.total - b.total;
    return total > 0 ? (a.busy - b.busy) / total : 0;
  });
}

export interface ServerSpec {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  port: number;
  /** How to tell it is ready: GET /healthz, or a GraphQL `{ __typename }` POST. */
  ready: 'healthz' | 'graphql';
}

export interface RunningServer {
  name: string;
  pid: number;
  url: string;
  /** The last lines it wrote, for error reports. */
  log(): string;
  /** Its collections so far, when it runs with `--trace-gc-nvp` (else all zero). */
  gc(): GcTotals;
  stop(): Promise<void>;
}

async function isReady(spec: ServerSpec): Promise<boolean> {
  try {
    const base = `http://127.0.0.1:${spec.port}`;
    const res =
      spec.ready === 'healthz'
        ? await fetch(`${base}/healthz`)
        : await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    return res.ok;
  } catch {
    return false;
  }
}

/** Starts a server (pinned to `core` when given) and waits until it answers. */
export async function startServer(spec: ServerSpec, core: number | null, timeoutMs = 120_000): Promise<RunningServer> {
  const [cmd, args] = core === null ? [spec.command, spec.args] : ['taskset', ['-c', String(core), spec.command, ...spec.args]];
  // taskset execs the command, so the child's pid is the server's own.
  const child: ChildProcess = spawn(cmd, args, { env: { ...process.env, ...spec.env }, stdio: ['ignore', 'pipe', 'pipe'], cwd: process.cwd() });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-4000);
  };
  const gc = noGc();
  const readTrace = traceReader(gc);
  child.stdout!.on('data', (chunk: Buffer) => {
    keep(chunk);
    readTrace(chunk.toString('utf8'));
  });
  child.stderr!.on('data', keep);
  let exited: number | null = null;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exited = code ?? -1;
      resolve();
    }),
  );
  const deadline = Date.now() + timeoutMs;
  while (!(await isReady(spec))) {
    if (exited !== null) throw new Error(`${spec.name} exited with ${exited} before it was ready:\n${log}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${spec.name} was not ready after ${timeoutMs} ms:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    name: spec.name,
    pid: child.pid!,
    url: `http://127.0.0.1:${spec.port}`,
    log: () => log,
    gc: () => ({ ...gc }),
    async stop() {
      if (exited !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
