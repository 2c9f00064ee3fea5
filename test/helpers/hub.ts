/**
 * Runs the real hub — schema, policy, Apollo, audit — on a test database, and calls it as a
 * partner would, with a token signed for the role.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { GraphQLFormattedError } from 'graphql';
import type { Role } from '../../src/auth/principal.js';
import { signToken } from '../../src/auth/token.js';
import { loadConfig, type Config } from '../../src/config.js';
import { statementLog } from '../../src/db/client.js';
import { createHubApp, type HubApp } from '../../src/server/app.js';
import { createHttpServer } from '../../src/server/http.js';
import { createLogger } from '../../src/server/logger.js';
import { openTestDb, type TestDb } from './db.js';

export interface Scope {
  regions?: string[];
  insurer?: string;
  institution?: string;
  clientId?: string;
}

export interface Result<T = Record<string, unknown>> {
  data?: T | null;
  errors?: readonly GraphQLFormattedError[];
  /** SQL statements the request ran (the audit write included). */
  statements: number;
  /** Their texts, in the order they ran. */
  statementTexts: string[];
}

export interface TestHub {
  app: HubApp;
  db: TestDb;
  config: Config;
  token(role: Role, scope?: Scope, ttlSeconds?: number): Promise<string>;
  /** Executes an operation in process (Apollo's executeOperation), as `role` with `scope`. */
  as(role: Role, scope?: Scope, options?: { purpose?: string }): Caller;
  anonymous(): Caller;
  /** Starts the HTTP server on an ephemeral port; returns its /graphql URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export type Caller = <T = Record<string, any>>(query: string, variables?: Record<string, unknown>) => Promise<Result<T>>;

export const TEST_ENV = {
  NODE_ENV: 'test',
  AUTH_SECRET: 'test-secret-test-secret-test-secret-0001',
  AUDIT_SIGNING_KEY: 'test-audit-key-test-audit-key-0000001',
  AUDIT_CHECKPOINT_EVERY: '5',
  LOG_LEVEL: 'silent',
  // Tests change data and read the indicators back at once; the cache has its own test.
  INDICATOR_CACHE_SECONDS: '0',
};

/** For suites that count SQL statements: a signed audit checkpoint every N records would add statements now and then. */
export const COUNTING_STATEMENTS = { AUDIT_CHECKPOINT_EVERY: '1000000' };

export interface StartOptions {
  logStream?: NodeJS.WritableStream;
  /** Settings that depend on the test's own database, e.g. its URL on a replica. */
  envFor?: (db: TestDb) => Record<string, string>;
  /** The PostgreSQL pool's size, when a test needs other than the hub's default. */
  poolMax?: number;
}

export async function startHub(env: Record<string, string> = {}, options: StartOptions = {}): Promise<TestHub> {
  const db = await openTestDb(options.poolMax);
  const config = loadConfig({ ...TEST_ENV, ...(db.url ? { DATABASE_URL: db.url } : {}), ...env, ...options.envFor?.(db) } as NodeJS.ProcessEnv);
  const logger = options.logStream ? createLogger(config.LOG_LEVEL, options.logStream) : undefined;
  const app = await createHubApp(config, db.database, logger);
  let server: Server | null = null;

  const run = runner(app);

  const token = (role: Role, scope: Scope = {}, ttlSeconds?: number) =>
    signToken(config, { role, regions: scope.regions, insurer: scope.insurer, institution: scope.institution, clientId: scope.clientId, ttlSeconds });

  return {
    app,
    db,
    config,
    token,
    as(role, scope, options) {
      const pending = token(role, scope);
      return async (query, variables) => run(`Bearer ${await pending}`, options?.purpose)(query, variables);
    },
    anonymous: () => run(undefined),
    async listen() {
      server = createHttpServer(app);
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    },
    async close() {
      if (server) await new Promise((resolve) => server!.close(resolve));
      await app.stop();
      await db.drop();
    },
  };
}

/** Runs operations on an app in process, as a caller with this Authorization header, counting SQL statements. */
export const runner = (app: HubApp) => (authorization: string | undefined, purpose?: string): Caller => async (query, variables) => {
  const texts: string[] = [];
  return statementLog.run(texts, async () => {
    const contextValue = await app.contextFor({ authorization, purpose });
    const response = await app.apollo.executeOperation({ query, variables }, { contextValue });
    const body = response.body;
    if (body.kind !== 'single') throw new Error('incremental delivery is not used');
    return { data: body.singleResult.data as never, errors: body.singleResult.errors, statements: texts.length, statementTexts: texts };
  });
};

/** The error codes of a result, in order. */
export const codes = (r: { errors?: readonly GraphQLFormattedError[] }) => (r.errors ?? []).map((e) => e.extensions?.code);
