import { z } from 'zod';

const LIST = z.string().transform((s) => s.split(',').map((r) => r.trim()).filter(Boolean));

/**
 * Configuration, read once from the environment and validated; a bad value stops the start
 * with a message naming the variable. Secrets are never echoed back.
 */
/**
 * PostgreSQL connections per instance. Few: PostgreSQL runs about as many statements at once as
 * it has cores, and statements of concurrent requests queued on one connection go out in one write.
 */
export const DEFAULT_POOL_MAX = 4;

const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_READ_URLS: LIST.default([]),
  DATABASE_READ_CHECK_MS: z.coerce.number().int().min(100).default(1000),
  DATABASE_READ_MAX_LAG_SECONDS: z.coerce.number().min(0).default(10),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(DEFAULT_POOL_MAX),
  DATA_DIR: z.string().default('./.data'),
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters').optional(),
  AUTH_ISSUER: z.string().default('yibao-hub'),
  AUTH_AUDIENCE: z.string().default('yibao-hub'),
  AUTH_JWKS_URL: z.string().url().optional(),
  AUTH_PUBLIC_KEY: z.string().optional(),
  AUDIT_SIGNING_KEY: z.string().min(32, 'AUDIT_SIGNING_KEY must be at least 32 characters').optional(),
  AUDIT_CHECKPOINT_EVERY: z.coerce.number().int().min(1).default(1000),
  AUDIT_READ_COMMIT: z.enum(['durable', 'async']).default('durable'),
  SEED_PERSONS: z.coerce.number().int().min(0).default(2000),
  REDIS_URL: z.string().optional(),
  REDIS_KEY_PREFIX: z.string().max(100).default('yibao:'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(100),
  TRUSTED_DOCUMENTS_FILE: z.string().default('examples/gql/persisted-documents.json'),
  TRUSTED_DOCUMENTS_ROLES: LIST.default([]),
  CORS_ORIGINS: LIST.default([]),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  SERVER_TIMING: z.stringbool().default(false),
  INDICATOR_CACHE_SECONDS: z.coerce.number().int().min(0).default(60),
  HIGH_COST_THRESHOLD_YUAN: z.coerce.number().min(0).default(50_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof ConfigSchema> & { authSecret: string; auditKey: string };

/** Development-only fallback secret; production refuses to start without AUTH_SECRET or a public key. */
const DEV_SECRET = 'yibao-hub-development-secret-change-me-0001';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (c.NODE_ENV === 'production' && !c.AUTH_SECRET && !c.AUTH_JWKS_URL && !c.AUTH_PUBLIC_KEY) {
    throw new Error('Invalid configuration:\n  AUTH_SECRET, AUTH_PUBLIC_KEY or AUTH_JWKS_URL is required in production');
  }
  if (c.DATABASE_READ_URLS.length && !c.DATABASE_URL) {
    throw new Error('Invalid configuration:\n  DATABASE_READ_URLS needs DATABASE_URL: replicas follow a PostgreSQL primary, not the embedded database');
  }
  if (c.NODE_ENV === 'production' && !c.AUDIT_SIGNING_KEY) {
    throw new Error('Invalid configuration:\n  AUDIT_SIGNING_KEY is required in production');
  }
  return { ...c, authSecret: c.AUTH_SECRET ?? DEV_SECRET, auditKey: c.AUDIT_SIGNING_KEY ?? `${DEV_SECRET}-audit` };
}
