/**
 * Stand-in for src/graphql/schema.ts in the no-shield variant of the hub: `buildSchema` and
 * `schemaFor` return the bare schema (`buildBareSchema()`), without graphql-shield's rules or
 * the per-caller decisions.
 *
 * Shield also feeds the request's audit collector (which persons and fields were reached), and
 * that is what makes the hub write an audit record for a read. So that the difference measured
 * is the shield and not the audit write it leads to, the stand-in records the same reach with one
 * synchronous wrapper per field of the person-level types (no rules, no promises).
 * VARIANT_AUDIT=0 leaves that out too: the bare schema and no audit record.
 */
import { defaultFieldResolver, isObjectType, type GraphQLSchema } from 'graphql';
import { personSubject } from '../../src/auth/policy.js';
import { buildBareSchema } from '../../src/graphql/schema.js';
import type { Context } from '../../src/server/context.js';

export { buildBareSchema };

/** Records every field of a person-level type in the request's audit collector, as shield's rules do. */
function collectAuditWithoutShield(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    const subjectOf = personSubject[type.name];
    if (!isObjectType(type) || !subjectOf) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      const key = `${type.name}.${field.name}`;
      field.resolve = (parent: { id?: number; personId?: number }, args, ctx: Context, info) => {
        ctx.audit.reached(subjectOf(parent), key);
        return resolve(parent, args, ctx, info);
      };
    }
  }
}

/** The served schema of this variant: no shield. */
export function buildSchema(): GraphQLSchema {
  const schema = buildBareSchema();
  if (process.env.VARIANT_AUDIT !== '0') collectAuditWithoutShield(schema);
  return schema;
}

let served: GraphQLSchema | null = null;

/** What requests execute on, for every caller alike: the one schema of this variant. */
export function schemaFor(): GraphQLSchema {
  served ??= buildSchema();
  return served;
}
