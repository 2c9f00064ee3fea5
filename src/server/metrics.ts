import type { ApolloServerPlugin } from '@apollo/server';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ReadRouter } from '../db/replicas.js';
import type { Context } from './context.js';

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,40}$/;
const MAX_OPERATION_LABELS = 200;

/** Prometheus metrics of one hub: request rate and latency by operation, errors by code, pool. */
export function createMetrics(poolMax: number, reads: Pick<ReadRouter, 'replicas'>) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'yibao_' });
  const requests = new Counter({ name: 'yibao_graphql_requests_total', help: 'GraphQL requests', labelNames: ['operation', 'status'], registers: [registry] });
  const latency = new Histogram({
    name: 'yibao_graphql_request_duration_seconds',
    help: 'GraphQL request latency',
    labelNames: ['operation'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new Counter({ name: 'yibao_graphql_errors_total', help: 'Errors returned, by code', labelNames: ['code'], registers: [registry] });
  const inFlight = new Gauge({ name: 'yibao_requests_in_flight', help: 'Requests being served', registers: [registry] });
  new Gauge({ name: 'yibao_db_pool_max', help: 'Database pool size', registers: [registry] }).set(poolMax);
  const dbInFlight = new Gauge({ name: 'yibao_db_requests_in_flight', help: 'Requests holding or waiting for a database connection', registers: [registry] });
  new Gauge({
    name: 'yibao_db_replica_up', help: 'Read replica answering its health check (1) or out of the rotation (0)', labelNames: ['replica'], registers: [registry],
    collect() {
      this.reset();
      for (const r of reads.replicas()) this.set({ replica: String(r.index) }, r.healthy ? 1 : 0);
    },
  });
  const executions = new Counter({
    name: 'yibao_graphql_executions_total', help: 'Operations executed, by executor (compiled by graphql-jit, or graphql-js)', labelNames: ['executor'],
    registers: [registry],
  });
  const seen = new Set<string>();

  /** Client-chosen names are labels only while the set stays small, so they cannot blow up the series. */
  const label = (name: string | null | undefined) => {
    if (!name || !OPERATION_NAME.test(name)) return 'anonymous';
    if (seen.has(name)) return name;
    if (seen.size >= MAX_OPERATION_LABELS) return 'other';
    seen.add(name);
    return name;
  };

  const plugin: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      inFlight.inc();
      dbInFlight.inc();
      return {
        async willSendResponse({ operationName, response, errors: errs }) {
          const op = label(operationName);
          requests.inc({ operation: op, status: String(response.http.status ?? 200) });
          latency.observe({ operation: op }, Number(process.hrtime.bigint() - started) / 1e9);
          const body = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          for (const e of body ?? errs ?? []) errors.inc({ code: String(e.extensions?.code ?? 'INTERNAL') });
          inFlight.dec();
          dbInFlight.dec();
        },
      };
    },
  };

  return { registry, plugin, executed: (executor: 'compiled' | 'graphql-js') => executions.inc({ executor }) };
}
