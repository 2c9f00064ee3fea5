import type { ApolloServerPlugin } from '@apollo/server';
import type { AuditSigner } from '../audit/log.js';
import type { Context } from './context.js';
import type { Hub } from './context.js';

/** The audit entry for a request, from what the policy rules saw it reach. */
export function auditEntryOf(ctx: Context) {
  return {
    at: ctx.now,
    requestId: ctx.requestId,
    clientId: ctx.principal?.clientId ?? 'anonymous',
    role: ctx.principal?.role ?? 'ANONYMOUS',
    operation: ctx.operationName ?? 'anonymous',
    personIds: [...ctx.audit.personIds],
    fields: [...ctx.audit.fields],
    deniedFields: [...ctx.audit.deniedFields],
    purpose: ctx.purpose,
  };
}

export function auditSigner(hub: Pick<Hub, 'config'>): AuditSigner {
  return { key: hub.config.auditKey, keyId: 'config', every: hub.config.AUDIT_CHECKPOINT_EVERY };
}

/**
 * Writes the request's audit record before the response leaves. Fail closed: when the record
 * cannot be written, the client gets an INTERNAL error instead of the data.
 */
export function auditPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operationName }) {
          contextValue.operationName = operationName ?? null;
        },
        async willSendResponse({ contextValue: ctx, response }) {
          if (!ctx.audit.touchedPersonData) return;
          try {
            await ctx.hub.auditLog.append(auditEntryOf(ctx));
          } catch {
            response.http.status = 500;
            response.body = {
              kind: 'single',
              singleResult: { errors: [{ message: 'The request could not be recorded in the audit trail', extensions: { code: 'INTERNAL' } }] },
            };
          }
        },
      };
    },
  };
}
