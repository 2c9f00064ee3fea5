/**
 * Turns the policy declaration (policy.ts) into a guard for every field of every object type:
 * graphql-shield rules, and the same decisions as synchronous checks where no I/O is needed.
 * Deny by default: a field that the policy does not classify gets shield's fallback rule `deny`;
 * errors thrown by resolvers pass only when they are the hub's own typed errors.
 */
import {
  defaultFieldResolver, GraphQLError, isIntrospectionType, isObjectType, type GraphQLField, type GraphQLFieldResolver, type GraphQLSchema,
} from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, deny, rule, shield, type IRule, type IRules } from 'graphql-shield';
import type { Context } from '../server/context.js';
import { ConsentRequiredError, HubError, isHubError } from '../server/errors.js';
import { hasConsent } from './consent.js';
import {
  mutationPolicy, objectPolicies, personSubject, PUBLIC, PUBLIC_TYPES, queryPolicy, type Cell, type RootCell,
} from './policy.js';

type ShieldRule = IRule | typeof allow;
type IRuleFieldMap = Record<string, ShieldRule>;

/** Types that carry no data of their own and are reached only through a checked parent field. */
const STRUCTURAL = /(^PageInfo$|Connection$|Edge$|^Diagnosis$|Payload$|Error$|^Viewer$|^_Service$)/;

export function typeClass(name: string): 'root' | 'policy' | 'public' | 'structural' | 'unclassified' {
  if (name === 'Query' || name === 'Mutation') return 'root';
  if (name in objectPolicies) return 'policy';
  if ((PUBLIC_TYPES as readonly string[]).includes(name)) return 'public';
  if (STRUCTURAL.test(name) || EXTRA_STRUCTURAL.has(name)) return 'structural';
  return 'unclassified';
}

/** Result types of operations, each gated by the root field that returns it. */
const EXTRA_STRUCTURAL = new Set([
  'BenefitPolicies', 'SettlementQuote', 'SettlementEligibility', 'EligibilityCheck', 'AuditRecord', 'AuditChainVerification',
  'AccessRecord', 'HighCostAlert', 'RejectedRow', 'BatchResult',
]);

const forbiddenError = () => new HubError('FORBIDDEN', 'Forbidden');
const consentError = () => new ConsentRequiredError();

/**
 * A check decided without I/O: from the caller's role alone, or for person-level data from the
 * role with the reach recorded for the audit. Returns the error to raise, or null to resolve.
 */
export type SyncCheck = (parent: object, ctx: Context) => HubError | null;

/**
 * A field's guard: the shield rule, and the same decision as a synchronous check where it needs
 * no I/O. `awaits` names the callers for whom it does (a consent to look up): they go through
 * the shield rule, every other caller through the synchronous check.
 */
interface Guard {
  rule: ShieldRule;
  sync: SyncCheck | null;
  awaits?: (ctx: Context) => boolean;
}

const fromSync = (key: string, sync: SyncCheck, cache: 'contextual' | 'no_cache'): Guard => ({
  rule: rule(key, { cache })((parent: object, _a, ctx: Context) => sync(parent, ctx) ?? true),
  sync,
});

const ALLOW: Guard = { rule: allow, sync: () => null };
const AUTHENTICATED: Guard = fromSync('authenticated', (_p, ctx) => (ctx.principal !== null ? null : forbiddenError()), 'contextual');

/** A root field or a field of a type without person-level data: role only. */
function roleGuard(key: string, cell: Cell): Guard {
  return fromSync(key, (_p, ctx) => {
    const role = ctx.principal?.role;
    return role !== undefined && cell[role] !== undefined ? null : forbiddenError();
  }, 'contextual');
}

/**
 * A field of person-level data: role, consent where the cell asks for it, and audit. Only the
 * consent cells need I/O (the consent loader); every other cell is decided synchronously.
 */
function personFieldGuard(key: string, cell: Cell, subjectOf: (parent: object) => number | undefined): Guard {
  const needsConsent = Object.values(cell).some((a) => a?.kind === 'consent');
  const sync: SyncCheck = (parent, ctx) => {
    const personId = subjectOf(parent);
    if (!ctx.principal || !cell[ctx.principal.role]) {
      ctx.audit.denied(personId, key);
      return forbiddenError();
    }
    ctx.audit.reached(personId, key);
    return null;
  };
  if (!needsConsent) return fromSync(key, sync, 'no_cache');
  return {
    sync,
    awaits: (ctx) => ctx.principal !== null && cell[ctx.principal.role]?.kind === 'consent',
    rule: rule(key, { cache: 'no_cache' })(async (parent: object, _a, ctx: Context) => {
      const access = ctx.principal ? cell[ctx.principal.role] : undefined;
      if (access?.kind === 'consent') {
        const personId = subjectOf(parent);
        if (personId === undefined || !(await hasConsent(ctx, personId, access.scope))) {
          ctx.audit.denied(personId, key);
          return consentError();
        }
      }
      return sync(parent, ctx) ?? true;
    }),
  };
}

function rootGuard(key: string, cell: RootCell): Guard {
  return cell === PUBLIC ? ALLOW : roleGuard(key, cell);
}

/** Every field's guard, by walking the schema, so every field is classified explicitly; unclassified ones are absent. */
export function buildGuards(schema: GraphQLSchema): Record<string, Record<string, Guard>> {
  const guards: Record<string, Record<string, Guard>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    const name = type.name;
    const fields: Record<string, Guard> = {};
    const klass = typeClass(name);
    for (const field of Object.keys(type.getFields())) {
      const key = `${name}.${field}`;
      if (klass === 'root') {
        const table = name === 'Query' ? queryPolicy : mutationPolicy;
        const cell = table[field];
        if (cell) fields[field] = rootGuard(key, cell);
      } else if (klass === 'policy') {
        const table = objectPolicies[name]!;
        const cell = field === 'id' && !table.id ? table['*'] ?? personIdCell(name) : table[field] ?? table['*'];
        if (!cell) continue;
        const subject = personSubject[name];
        fields[field] = subject ? personFieldGuard(key, cell, subject as (p: object) => number | undefined) : roleGuard(key, cell);
      } else if (klass === 'public') {
        fields[field] = ALLOW;
      } else if (klass === 'structural') {
        fields[field] = name === 'BenefitPolicies' ? ALLOW : AUTHENTICATED;
      }
    }
    guards[name] = fields;
  }
  return guards;
}

/** The shield rule tree: one rule per classified field; the rest fall to the fallback rule, deny. */
export function buildRuleTree(schema: GraphQLSchema): IRules {
  return ruleTreeOf(buildGuards(schema));
}

function ruleTreeOf(guards: Record<string, Record<string, Guard>>): IRules {
  return Object.fromEntries(
    Object.entries(guards).map(([type, fields]) => [type, Object.fromEntries(Object.entries(fields).map(([f, g]) => [f, g.rule])) as IRuleFieldMap]),
  );
}

/** Relay ids of policy types follow the type's default cell. */
function personIdCell(typeName: string): Cell | undefined {
  return objectPolicies[typeName]?.id;
}

/**
 * Shield's fallback: a denial becomes FORBIDDEN; the hub's typed errors (NOT_FOUND, BAD_USER_INPUT,
 * CONFLICT …) pass unchanged; anything else becomes INTERNAL with no detail.
 */
function fallbackError(err: unknown): Error {
  if (err === null || err === undefined) return forbiddenError();
  if (isHubError(err)) return err;
  if (err instanceof GraphQLError && isHubError(err.originalError)) return err.originalError;
  return new HubError('INTERNAL', 'Internal error');
}

/**
 * The served schema: graphql-shield over every field, deny by default, and then, for each field
 * whose rule needs no I/O, the same decision as a synchronous check in place of shield's async
 * wrapper, so that leaf fields do not each become a promise. Callers whose decision awaits
 * something (an insurer's consent) and fields the policy does not classify keep shield's wrapper
 * and its fallback deny.
 */
export function applyPolicy(bare: GraphQLSchema): GraphQLSchema {
  const originals = new Map<string, GraphQLFieldResolver<unknown, Context>>();
  forEachField(bare, (key, field) => originals.set(key, field.resolve ?? defaultFieldResolver));
  const guards = buildGuards(bare);
  const served = applyMiddleware(bare, shield(ruleTreeOf(guards), { fallbackRule: deny, allowExternalErrors: false, fallbackError, debug: false }));
  forEachField(served, (key, field, typeName, fieldName) => {
    const guard = guards[typeName]?.[fieldName];
    const resolve = originals.get(key);
    const shielded = field.resolve;
    if (!guard?.sync || !resolve || !shielded) return;
    const { sync: check, awaits } = guard;
    field.resolve = (parent, args, ctx: Context, info) => {
      if (awaits?.(ctx)) return shielded(parent, args, ctx, info);
      const error = check(parent as object, ctx);
      if (error) throw error;
      return resolve(parent, args, ctx, info);
    };
  });
  return served;
}

function forEachField(
  schema: GraphQLSchema,
  visit: (key: string, field: GraphQLField<unknown, Context>, typeName: string, fieldName: string) => void,
): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const [name, field] of Object.entries(type.getFields())) visit(`${type.name}.${name}`, field as GraphQLField<unknown, Context>, type.name, name);
  }
}
