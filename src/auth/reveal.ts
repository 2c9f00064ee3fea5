import type { Context } from '../server/context.js';
import { accessFor } from './policy.js';

/** A field's value as the policy shows it to the caller: masked where its cell says masked. */
export function reveal<T>(ctx: Context, typeName: string, fieldName: string, value: T, mask: (v: T) => T): T {
  const role = ctx.principal?.role;
  return role && accessFor(typeName, fieldName, role)?.kind === 'masked' ? mask(value) : value;
}
