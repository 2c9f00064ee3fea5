import { AuditGroupCommit } from '../audit/group-commit.js';
import { AggregateCache } from '../indicators/aggregate-cache.js';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled, ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { createTokenVerifier, type TokenVerifier } from '../auth/token.js';
import type { Config } from '../config.js';
import { migrationsFolder, openDatabase, type Database } from '../db/client.js';
import { createReadRouter, type ReplicaState } from '../db/replicas.js';
import { regions } from '../db/schema/index.js';
import { buildSchema, schemaFor } from '../graphql/schema.js';
import { auditPlugin, auditSigner } from './audit-plugin.js';
import { createContext, type Context, type Hub } from './context.js';
import { policyExecution } from './executor.js';
import { formatError } from './format-error.js';
import { unauthenticated } from './errors.js';
import { authenticationGate } from './gate.js';
import { createArmor, limitsPlugin } from './limits.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { memoryLimiter, redisLimiter, type RateLimiter } from './rate-limit.js';
import { readRoutingPlugin } from './read-routing.js';
import { connectRedis, redisCache } from './redis.js';
import { loadTrustedDocuments, type TrustedDocuments } from './trusted-documents.js';

export interface HubApp {
  hub: Hub;
  apollo: ApolloServer<Context>;
  schema: GraphQLSchema;
  verifier: TokenVerifier;
  logger: Logger;
  metrics: ReturnType<typeof createMetrics>;
  rateLimiter: RateLimiter;
  trusted: TrustedDocuments;
  /** Liveness that also needs the database, as operators asked for: 200 only when it answers. */
  health(): Promise<boolean>;
  /** Ready to serve: the database answers and every migration is applied. */
  readiness(): Promise<{ ready: boolean; database: boolean; migrations: boolean; replicas: ReplicaState[] }>;
  /** Builds a request context from the raw Authorization and purpose headers. */
  contextFor(headers: { authorization?: string | undefined; purpose?: string | undefined; requestId?: string | undefined }): Promise<Context>;
  stop(): Promise<void>;
}

/** Opens the database named by the configuration (PostgreSQL or embedded PGlite). */
export function openConfiguredDatabase(config: Config): Promise<Database> {
  return openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolMax: config.DATABASE_POOL_MAX,
    statementTimeoutMs: config.REQUEST_TIMEOUT_MS,
  });
}

const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };

/** Bumped when the shape of the indicator aggregates changes, so a rolling deploy never reads the old shape. */
const AGGREGATES_VERSION = 'v1';

/** A registered document lives a day after its last registration; clients re-send it when it has gone. */
const PERSISTED_QUERY_TTL_SECONDS = 86_400;

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/** What every request shares, built once on an open primary: replicas, regions, audit, caches. */
export async function createHub(config: Config, database: Database, redis: Redis | null = null): Promise<Hub> {
  const reads = await createReadRouter(database, config.DATABASE_READ_URLS, {
    poolMax: config.DATABASE_POOL_MAX, checkMs: config.DATABASE_READ_CHECK_MS, maxLagSeconds: config.DATABASE_READ_MAX_LAG_SECONDS,
    statementTimeoutMs: config.REQUEST_TIMEOUT_MS,
  });
  const regionRows = await database.db.select().from(regions);
  return {
    database, reads, config, regions: new Map(regionRows.map((r) => [r.code, r])), auditLog: new AuditGroupCommit(database, auditSigner({ config }), config.AUDIT_READ_COMMIT),
    indicatorAggregates: new AggregateCache(config.INDICATOR_CACHE_SECONDS * 1000, redis && redisCache(redis, `${config.REDIS_KEY_PREFIX}agg:${AGGREGATES_VERSION}:`)),
  };
}

/** Assembles the hub on an open database: schema with the policy applied, Apollo, token checks. */
export async function createHubApp(config: Config, database: Database, logger: Logger = createLogger(config.LOG_LEVEL)): Promise<HubApp> {
  const redis = config.REDIS_URL ? connectRedis(config.REDIS_URL) : null;
  const hub = await createHub(config, database, redis);
  const { reads } = hub;
  const schema = buildSchema();
  const verifier = await createTokenVerifier(config);
  const production = config.NODE_ENV === 'production';
  const armor = createArmor();
  const metrics = createMetrics(config.DATABASE_POOL_MAX, reads);
  const apollo = new ApolloServer<Context>({
    gateway: policyExecution(schema, schemaFor, metrics.executed),
    // Automatic persisted queries: shared by every instance when Redis is configured.
    persistedQueries: redis ? { cache: redisCache(redis, `${config.REDIS_KEY_PREFIX}apq:`), ttl: PERSISTED_QUERY_TTL_SECONDS } : { ttl: PERSISTED_QUERY_TTL_SECONDS },
    formatError,
    // Apollo's default appends a newline, which leaves a large body as a two-part string that
    // must be flattened (a copy) before it is measured and written.
    stringifyResult: (result) => JSON.stringify(result),
    includeStacktraceInErrorResponses: false,
    // Introspection is decided per role by the limits plugin.
    introspection: true,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    validationRules: armor.validationRules,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      // Federated traces would hand a gateway per-field timings; the hub reports its own metrics.
      ApolloServerPluginInlineTraceDisabled(),
      ...(armor.plugins as unknown as ApolloServerPlugin<Context>[]),
      authenticationGate(!production),
      limitsPlugin({ production }),
      readRoutingPlugin(),
      auditPlugin(),
      metrics.plugin,
    ],
  });
  await apollo.start();

  const bucket = { perMinute: config.RATE_LIMIT_PER_MINUTE, burst: config.RATE_LIMIT_BURST };
  const rateLimiter = redis ? redisLimiter(redis, bucket, `${config.REDIS_KEY_PREFIX}rl:`) : memoryLimiter(bucket);
  const trusted = loadTrustedDocuments(config.TRUSTED_DOCUMENTS_FILE, config.TRUSTED_DOCUMENTS_ROLES);
  const health = async () => {
    try {
      await database.ping();
      return true;
    } catch {
      return false;
    }
  };

  return {
    hub,
    apollo,
    schema,
    verifier,
    logger,
    metrics,
    rateLimiter,
    trusted,
    health,
    async readiness() {
      const up = await health();
      let migrations = false;
      if (up) {
        try {
          const [row] = await database.rows<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
          migrations = (row?.n ?? 0) >= journal.entries.length;
        } catch {
          migrations = false;
        }
      }
      // Replicas are an optimisation: without them the primary serves the reads, so the hub stays ready.
      return { ready: up && migrations, database: up, migrations, replicas: reads.replicas() };
    },
    async contextFor(headers) {
      const auth = headers.authorization?.trim();
      let principal = null;
      if (auth) {
        const match = BEARER.exec(auth);
        if (!match) throw unauthenticated('Malformed Authorization header');
        principal = await verifier.verify(match[1]!);
      }
      const purpose = headers.purpose ? headers.purpose.slice(0, 200) : null;
      return createContext(hub, { requestId: headers.requestId ?? randomUUID(), principal, purpose });
    },
    async stop() {
      await apollo.stop();
      await hub.auditLog.idle();
      redis?.disconnect();
      await reads.close();
    },
  };
}
