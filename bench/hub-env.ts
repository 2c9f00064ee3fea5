/** How the benchmarks run the hub: its secrets, its environment and its production Node flags. */

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
