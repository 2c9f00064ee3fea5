import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { HubError } from './errors.js';
import { ARMOR_REJECTION } from './limits.js';

const PASS_THROUGH = new Set([
  'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'BAD_REQUEST', 'NOT_FOUND', 'CONFLICT',
  'CONSENT_REQUIRED', 'QUERY_TOO_COMPLEX', 'RATE_LIMITED', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED',
]);

const AS_BAD_REQUEST = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'OPERATION_RESOLUTION_FAILURE', 'INTROSPECTION_DISABLED']);

function findHubError(error: unknown): HubError | null {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof HubError) return e;
    e = e instanceof GraphQLError || e instanceof Error ? (e as GraphQLError).originalError ?? (e as Error).cause : undefined;
  }
  return null;
}

/**
 * Every error a client sees has a code from the brief's list and nothing internal: no stack, no
 * SQL, no driver message. Unknown failures become INTERNAL with a fixed message.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const hub = findHubError(error);
  const base = { message: formatted.message, ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) };
  if (hub) {
    const { http: _http, ...extensions } = hub.extensions as Record<string, unknown>;
    return { ...base, message: hub.message, extensions };
  }
  const code = String(formatted.extensions?.code ?? '');
  if (ARMOR_REJECTION.test(formatted.message)) return { ...base, extensions: { code: 'QUERY_TOO_COMPLEX' } };
  if (PASS_THROUGH.has(code)) return { ...base, extensions: { code } };
  if (AS_BAD_REQUEST.has(code)) return { ...base, extensions: { code: 'BAD_REQUEST' } };
  return { message: 'Internal error', ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: 'INTERNAL' } };
}
