import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { createTokenVerifier, type TokenVerifier } from '../auth/token.js';
import type { Config } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import { regions } from '../db/schema/index.js';
import { buildSchema } from '../graphql/schema.js';
import { auditPlugin } from './audit-plugin.js';
import { createContext, type Context, type Hub } from './context.js';
import { formatError } from './format-error.js';
import { unauthenticated } from './errors.js';
import { authenticationGate } from './gate.js';

export interface HubApp {
  hub: Hub;
  apollo: ApolloServer<Context>;
  schema: GraphQLSchema;
  verifier: TokenVerifier;
  /** Builds a request context from the raw Authorization and purpose headers. */
  contextFor(headers: { authorization?: string | undefined; purpose?: string | undefined; requestId?: string | undefined }): Promise<Context>;
  stop(): Promise<void>;
}

/** Opens the database named by the configuration (PostgreSQL or embedded PGlite). */
export function openConfiguredDatabase(config: Config): Promise<Database> {
  return openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolMax: config.DATABASE_POOL_MAX });
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/** Assembles the hub on an open database: schema with the policy applied, Apollo, token checks. */
export async function createHubApp(config: Config, database: Database): Promise<HubApp> {
  const regionRows = await database.db.select().from(regions);
  const hub: Hub = { database, config, regions: new Map(regionRows.map((r) => [r.code, r])) };
  const schema = buildSchema();
  const verifier = await createTokenVerifier(config);
  const production = config.NODE_ENV === 'production';
  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: !production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      authenticationGate(!production),
      auditPlugin(),
    ],
  });
  await apollo.start();

  return {
    hub,
    apollo,
    schema,
    verifier,
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
    },
  };
}
