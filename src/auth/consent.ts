import DataLoader from 'dataloader';
import { and, inArray } from 'drizzle-orm';
import { consents } from '../db/schema/index.js';
import type { Context } from '../server/context.js';
import type { ConsentScope } from './policy.js';
import { consentInForce } from './scope.js';

/**
 * The scopes each person has granted the calling insurer, as of this request: active (not
 * revoked) and unexpired consents only, so a revocation holds from the next request on.
 */
export const consentScopesByPerson = (ctx: Context) =>
  new DataLoader<number, Set<ConsentScope>>(async (ids) => {
    const rows = await ctx.db
      .select({ personId: consents.personId, scopes: consents.scopes })
      .from(consents)
      .where(
        and(inArray(consents.personId, [...ids]), consentInForce(ctx.principal?.insurerCode ?? '', ctx.now)),
      );
    const byPerson = new Map<number, Set<ConsentScope>>();
    for (const r of rows) {
      const set = byPerson.get(r.personId) ?? new Set<ConsentScope>();
      for (const s of r.scopes) set.add(s as ConsentScope);
      byPerson.set(r.personId, set);
    }
    return ids.map((id) => byPerson.get(id) ?? new Set<ConsentScope>());
  });

export async function hasConsent(ctx: Context, personId: number, scope: ConsentScope): Promise<boolean> {
  if (ctx.principal?.role !== 'INSURER') return false;
  return (await ctx.loaders.get(consentScopesByPerson).load(personId)).has(scope);
}
