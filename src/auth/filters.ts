import type { Context } from '../server/context.js';
import { forbidden } from '../server/errors.js';
import { accessFor } from './policy.js';

/**
 * A client may filter or sort only on what it can read in full: filtering on a hidden or masked
 * field would let it guess the value. `fields` maps each used filter to the field it reveals.
 */
export function assertFilterable(ctx: Context, typeName: string, used: Record<string, string>): void {
  const role = ctx.principal?.role;
  for (const [filter, field] of Object.entries(used)) {
    const access = role ? accessFor(typeName, field, role) : undefined;
    if (!access || access.kind === 'masked' || access.kind === 'consent') {
      throw forbidden(`Filtering on ${filter} is not permitted for this client`);
    }
  }
}
