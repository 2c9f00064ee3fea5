import { GraphQLError } from 'graphql';

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'CONSENT_REQUIRED'
  | 'QUERY_TOO_COMPLEX'
  | 'RATE_LIMITED'
  | 'INTERNAL';

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  BAD_REQUEST: 400,
  QUERY_TOO_COMPLEX: 400,
};

/**
 * The hub's own errors: a stable code a partner can branch on, and for input errors the
 * offending field. Anything that is not a HubError reaches a client only as INTERNAL.
 */
export class HubError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, extra: { field?: string; retryAfter?: number; http?: boolean } = {}) {
    const status = extra.http ? HTTP_STATUS[code] : undefined;
    super(message, {
      extensions: {
        code,
        ...(extra.field ? { field: extra.field } : {}),
        ...(extra.retryAfter ? { retryAfter: extra.retryAfter } : {}),
        ...(status ? { http: { status } } : {}),
      },
    });
    this.code = code;
  }
}

/** Input that fails validation; names the offending field (dotted path, with a row index in batches). */
export class InputError extends HubError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('BAD_USER_INPUT', message, { field });
  }
}

export class NotFoundError extends HubError {
  constructor(
    readonly what: string,
    readonly field: string | null,
  ) {
    super('NOT_FOUND', `${what} not found`, field ? { field } : {});
  }
}

/** A write that clashes with the state: a reused idempotency key, a state-machine violation. */
export class ConflictError extends HubError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

export class ConsentRequiredError extends HubError {
  constructor(message = 'The person has not consented to this data for this insurer') {
    super('CONSENT_REQUIRED', message);
  }
}

export const forbidden = (message = 'Forbidden') => new HubError('FORBIDDEN', message);
export const badInput = (field: string, message: string) => new InputError(field, message);
export const notFound = (what: string, field?: string) => new NotFoundError(what, field ?? null);
export const unauthenticated = (message = 'A valid bearer token is required') =>
  new HubError('UNAUTHENTICATED', message, { http: true });

export function isHubError(e: unknown): e is HubError {
  return e instanceof HubError;
}
