/**
 * Prints a bearer token signed with the configured AUTH_SECRET:
 *   npm run token -- --role ROLE [--region CODE]… [--insurer CODE] [--institution CODE] [--ttl 1h] [--client ID]
 */
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../auth/principal.js';
import { signToken } from '../auth/token.js';
import { loadConfig } from '../config.js';

const USAGE = 'usage: npm run token -- --role ROLE [--region CODE]... [--insurer CODE] [--institution CODE] [--ttl 1h] [--client ID]';

function ttlSeconds(text: string): number {
  const m = /^(\d+)([smhd]?)$/.exec(text);
  if (!m) throw new Error(`--ttl must look like 30m, 1h or 7d, got ${text}`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

try {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      region: { type: 'string', multiple: true },
      insurer: { type: 'string' },
      institution: { type: 'string' },
      ttl: { type: 'string', default: '1h' },
      client: { type: 'string' },
    },
  });
  if (!values.role || !ROLES.includes(values.role as Role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  const token = await signToken(loadConfig(), {
    role: values.role as Role,
    regions: values.region,
    insurer: values.insurer,
    institution: values.institution,
    clientId: values.client,
    ttlSeconds: ttlSeconds(values.ttl!),
  });
  process.stdout.write(`${token}\n`);
} catch (e) {
  const message = e instanceof Error && 'issues' in e ? (e as { issues: { message: string }[] }).issues.map((i) => i.message).join('; ') : (e as Error).message;
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}
