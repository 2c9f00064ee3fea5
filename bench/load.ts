/**
 * Two kinds of load. Closed loop, with autocannon: a fixed number of connections, each sending
 * its next request as soon as the previous answer arrives (saturation: throughput and CPU per
 * request). Open loop at a fixed rate (latency below saturation): requests leave on a schedule
 * whatever the answers do, over at most a fixed number of connections, and each latency counts
 * from the request's scheduled time, so a stall delays the requests behind it on the record too
 * (coordinated omission corrected, as wrk2 does). autocannon's own rate option cannot do this: it
 * lets each connection send its share of a second's requests back to back at the start of every
 * second, a burst at full speed. Latencies are kept at full resolution, and every answer is
 * checked for a GraphQL error, which a load generator would count as a success (HTTP 200).
 */
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { AnswerRecord } from './tail.js';

export interface LoadOptions {
  url: string;
  path: string;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  next: () => string;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  /** Non-2xx answers, GraphQL errors in 2xx answers, socket errors and timeouts. */
  errors: number;
  /** The first error body seen, for the report. */
  firstError: string | null;
  bytes: number;
}

/** The value at quantile q (0–1) of an ascending array. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Whether an answer is an error: a non-2xx status, or an error object at the top level of a body. */
const isErrorAnswer = (status: number, body: string) => status >= 300 || body.startsWith('{"errors"') || body.includes('"errors":[');

function summarize(latencies: readonly number[], seconds: number): Pick<LoadResult, 'requests' | 'seconds' | 'rps' | 'p50' | 'p90' | 'p99' | 'max' | 'mean'> {
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? NaN,
    mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
  };
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let bodyErrors = 0;
  let firstError: string | null = null;
  const started = performance.now();
  const instance = autocannon({
    url: o.url,
    connections: o.connections,
    duration: o.seconds,
    pipelining: 1,
    timeout: 60,
    requests: [
      {
        method: 'POST',
        path: o.path,
        headers: { 'content-type': 'application/json', ...o.headers },
        setupRequest: (req) => ({ ...req, body: o.next() }),
        onResponse: (status, body) => {
          // An error object is the only place "errors" appears as a key at the top level.
          if (isErrorAnswer(status, body)) {
            bodyErrors++;
            firstError ??= `${status} ${body.slice(0, 300)}`;
          }
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => void latencies.push(ms));
  const result = await instance;
  return {
    ...summarize(latencies, (performance.now() - started) / 1000),
    errors: bodyErrors + result.errors + result.timeouts,
    firstError,
    bytes: result.throughput.total,
  };
}

export interface FixedRateOptions extends LoadOptions {
  /** Requests per second, spaced evenly. */
  rate: number;
  /** Told of each answer as it ends, error or not: when it was due, its latency and the server's own time. */
  onAnswer?: (answer: AnswerRecord) => void;
}

/**
 * Open-loop load: request i is due at start + i / rate and leaves then, on a free connection of
 * at most `connections` (kept alive), or waits for one; its latency runs from when it was due to
 * when its answer ended. Requests still unanswered when the window closes are awaited (their
 * latency counts) so an overloaded server cannot hide its slowest answers.
 */
export interface FixedRateResult extends LoadResult {
  /** The load generator's own event-loop delay over the run, p99 and maximum, in ms. */
  generatorDelayP99: number;
  generatorDelayMax: number;
  /**
   * The server's own time on its answers (`Server-Timing: app;dur=`), p50 and p99 in ms, or null
   * when it sends none: the rest of each latency passed before the server read the request, or
   * on the way.
   */
  serverP50: number | null;
  serverP99: number | null;
}

/** The `app` duration of a Server-Timing header, in ms; null when there is none. */
export function serverDuration(header: string | string[] | undefined): number | null {
  const text = Array.isArray(header) ? header.join(',') : header;
  const m = text ? /(?:^|,)\s*app;dur=(\d+(?:\.\d+)?)/.exec(text) : null;
  return m ? Number(m[1]) : null;
}

export async function runFixedRate(o: FixedRateOptions): Promise<FixedRateResult> {
  const target = new URL(o.path, o.url);
  const agent = new Agent({ keepAlive: true, maxSockets: o.connections, noDelay: true });
  const latencies: number[] = [];
  const serverTimes: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let bytes = 0;
  const inFlight = new Set<Promise<void>>();

  const send = (due: number) => {
    const body = o.next();
    const done = new Promise<void>((resolve) => {
      const fail = (message: string) => {
        errors++;
        firstError ??= message;
        resolve();
      };
      const req = request(target, {
        method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...o.headers },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => fail(e.message));
        res.on('end', () => {
          const latencyMs = performance.now() - due;
          latencies.push(latencyMs);
          const own = serverDuration(res.headers['server-timing']);
          if (own !== null) serverTimes.push(own);
          o.onAnswer?.({ dueAt: performance.timeOrigin + due, latencyMs, serverMs: own });
          const text = Buffer.concat(chunks).toString();
          bytes += text.length;
          if (isErrorAnswer(res.statusCode ?? 0, text)) fail(`${res.statusCode} ${text.slice(0, 300)}`);
          else resolve();
        });
      });
      req.on('error', (e) => fail(e.message));
      req.end(body);
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };

  // A stall of this process delays sends and reads and so shows as latency: its own event-loop
  // delay, reported beside the figures, tells a server's tail from the load generator's.
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const interval = 1000 / o.rate;
  const total = Math.round(o.rate * o.seconds);
  const started = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && started + sent * interval <= now) send(started + interval * sent++);
      if (sent < total) setTimeout(tick, Math.max(0, started + sent * interval - performance.now()));
      else resolve();
    };
    tick();
  });
  while (inFlight.size) await Promise.all(inFlight);
  lag.disable();
  agent.destroy();
  return {
    ...summarize(latencies, (performance.now() - started) / 1000), errors, firstError, bytes,
    generatorDelayP99: lag.percentile(99) / 1e6, generatorDelayMax: lag.max / 1e6,
    ...serverQuantiles(serverTimes),
  };
}

function serverQuantiles(times: readonly number[]): { serverP50: number | null; serverP99: number | null } {
  if (!times.length) return { serverP50: null, serverP99: null };
  const sorted = Float64Array.from(times).sort();
  return { serverP50: quantile(sorted, 0.5), serverP99: quantile(sorted, 0.99) };
}
