/** How the benchmarks run the hub: its secrets, its environment, its production Node flags and the callers' tokens. */
import { signToken } from '../src/auth/token.js';
import { loadConfig } from '../src/config.js';
import type { Fixtures } from './fixtures.js';
import type { TokenKind } from './workloads.js';

export const AUTH_SECRET = 'bench-secret-bench-secret-bench-secret-0001';
export const AUDIT_SIGNING_KEY = 'bench-audit-key-bench-audit-key-bench-0001';

/** The hub's production setting (package.json `start`), given to every Node candidate alike. */
export const PRODUCTION_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];

export const hubEnv = (url: string, port: number): Record<string, string> => ({
  DATABASE_URL: url,
  NODE_ENV: 'production',
  AUTH_SECRET,
  AUDIT_SIGNING_KEY,
  LOG_LEVEL: 'silent',
  HOST: '127.0.0.1',
  PORT: String(port),
  // Admission control is not what is measured: one client sends every request.
  RATE_LIMIT_PER_MINUTE: '1000000000',
  RATE_LIMIT_BURST: '1000000000',
  REDIS_URL: '',
  // Each answer tells the hub's own time on it: the fixed-rate table's server figures.
  SERVER_TIMING: 'true',
});

/** One token per role the workloads call as, for the rows picked from the database, signed with the bench's secret. */
export async function benchTokens(f: Fixtures, ttlSeconds: number): Promise<Record<TokenKind, string>> {
  const config = loadConfig({ AUTH_SECRET, NODE_ENV: 'test' } as NodeJS.ProcessEnv);
  return {
    insurer: await signToken(config, { role: 'INSURER', insurer: f.eligibility.insurer, clientId: 'bench-insurer', ttlSeconds }),
    medical: await signToken(config, { role: 'MEDICAL_SECURITY', regions: [f.region], clientId: 'bench-medical', ttlSeconds }),
    tax: await signToken(config, { role: 'TAX', regions: [f.region], clientId: 'bench-tax', ttlSeconds }),
    institution: await signToken(config, { role: 'INSTITUTION', institution: f.settle.institutionCode, clientId: 'bench-institution', ttlSeconds }),
  };
}
