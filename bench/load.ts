/**
 * Closed-loop load with autocannon: a fixed number of connections, each sending its next
 * request as soon as the previous answer arrives. Latencies are kept at full resolution
 * (autocannon's own histogram rounds to whole milliseconds), and every answer is checked for a
 * GraphQL error, which autocannon would count as a success (HTTP 200).
 */
import autocannon from 'autocannon';

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
          if (status >= 300 || body.startsWith('{"errors"') || body.includes('"errors":[')) {
            bodyErrors++;
            firstError ??= `${status} ${body.slice(0, 300)}`;
          }
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => void latencies.push(ms));
  const result = await instance;
  const seconds = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  const mean = latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length);
  return {
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? NaN,
    mean,
    errors: bodyErrors + result.errors + result.timeouts,
    firstError,
    bytes: result.throughput.total,
  };
}
