import type { AuditGroupCommit } from '../audit/group-commit.js';
import type { AggregateCache } from '../indicators/aggregate-cache.js';
import { AuditCollector } from '../audit/collector.js';
import type { Principal } from '../auth/principal.js';
import type { Config } from '../config.js';
import type { Database, Db } from '../db/client.js';
import type { ReadRouter } from '../db/replicas.js';
import type { RegionShape } from '../graphql/region.js';
import { LoaderCache } from './loaders.js';

/** What every request shares: the database and configuration, built once at start. */
export interface Hub {
  /** The primary: every write, and every read inside a write, goes here. */
  database: Database;
  /** Where read-only requests go: a healthy replica, else the primary. */
  reads: ReadRouter;
  config: Config;
  regions: Map<string, RegionShape>;
  /** Where the audit records of reads are appended (group commit). */
  auditLog: AuditGroupCommit;
  /** Indicator aggregates shared across requests for INDICATOR_CACHE_SECONDS. */
  indicatorAggregates: AggregateCache;
}

export interface Context {
  hub: Hub;
  /** The primary, or a replica once the operation is known to be a read (read-routing.ts). */
  db: Db;
  requestId: string;
  /** Null only for anonymous requests, which reach nothing but the public reads. */
  principal: Principal | null;
  /** The optional purpose header (case number or officer), kept as given. */
  purpose: string | null;
  operationName: string | null;
  now: Date;
  loaders: LoaderCache;
  audit: AuditCollector;
}

export function createContext(hub: Hub, init: { requestId: string; principal: Principal | null; purpose: string | null }): Context {
  const ctx = {
    hub,
    db: hub.database.db,
    requestId: init.requestId,
    principal: init.principal,
    purpose: init.purpose,
    operationName: null,
    now: new Date(),
    audit: new AuditCollector(),
  } as Omit<Context, 'loaders'> as Context;
  ctx.loaders = new LoaderCache(ctx);
  return ctx;
}

/** The principal of a request that passed the policy's authentication gate. */
export function principalOf(ctx: Context): Principal {
  if (!ctx.principal) throw new Error('principal required: the policy lets no anonymous request reach here');
  return ctx.principal;
}
