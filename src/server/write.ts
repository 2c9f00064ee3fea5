import { appendAudit } from '../audit/log.js';
import type { Tx } from '../db/client.js';
import { auditEntryOf, auditSigner } from './audit-plugin.js';
import type { Context } from './context.js';

/**
 * Runs a write in one transaction together with its audit record: either both commit or
 * neither does. What the payload reads back afterwards is recorded by the request's own record.
 */
export async function runWrite<T>(ctx: Context, operation: string, work: (tx: Tx) => Promise<{ result: T; personIds: number[] }>): Promise<T> {
  const { database } = ctx.hub;
  const result = await ctx.db.transaction(async (tx) => {
    const { result, personIds } = await work(tx);
    await appendAudit(
      database,
      tx,
      { ...auditEntryOf(ctx), operation: `${ctx.operationName ?? 'anonymous'}:${operation}`, personIds, fields: [`Mutation.${operation}`], deniedFields: [] },
      auditSigner(ctx.hub),
    );
    return result;
  });
  // Loaders may hold rows from before the write; the payload must read what was written.
  ctx.loaders.clear();
  return result;
}
