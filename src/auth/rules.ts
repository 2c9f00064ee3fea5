/**
 * Turns the policy declaration (policy.ts) into a guard for every field of every object type:
 * graphql-shield rules, and the decision per caller (role or anonymous) they are built from, so
 * that a schema can also be specialised for one caller with each decision made once. Deny by
 * default: a field that the policy does not classify gets shield's fallback rule `deny`;
 * errors thrown by resolvers pass only when they are the hub's own typed errors.
 */
import {
  defaultFieldResolver, GraphQLError, isIntrospectionType, isObjectType, type GraphQLField, type GraphQLFieldResolver, type GraphQLSchema,
} from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, deny, rule, shield, type IRule, type IRules } from 'graphql-shield';
import type { Context } from '../server/context.js';
import { ConsentRequiredError, HubError, isHubError } from '../server/errors.js';
import { ROLES, type Role } from './principal.js';
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

/** Who a request is for the policy: a role, or null when anonymous. */
export type Caller = Role | null;

/** Every caller class a schema can be specialised for. */
export const CALLERS: readonly Caller[] = [...ROLES, null];

type Subject = (parent: object) => number | undefined;

/**
 * What the policy decides for one field and one caller before any value is seen: resolve it as
 * it is; resolve it and record the person reached (person-level data); refuse it (recording the
 * attempt on person-level data); or wait for a consent lookup (an insurer's consent cell).
 */
type Decision =
  | { kind: 'allow' }
  | { kind: 'reach'; subject: Subject }
  | { kind: 'deny'; subject: Subject | null }
  | { kind: 'await' };

/** A field's guard: its graphql-shield rule, and the decision per caller it is built from. */
interface Guard {
  rule: ShieldRule;
  decide(caller: Caller): Decision;
}

const ALLOWED: Decision = { kind: 'allow' };
const DENIED: Decision = { kind: 'deny', subject: null };
export const callerOf = (ctx: Pick<Context, 'principal'>): Caller => ctx.principal?.role ?? null;

/** Carries out a decision that needs no I/O for one parent: the error to raise, or null to resolve. */
function enforce(decision: Decision, key: string, parent: object, ctx: Context): HubError | null {
  switch (decision.kind) {
    case 'allow':
      return null;
    case 'reach':
      ctx.audit.reached(decision.subject(parent), key);
      return null;
    case 'deny':
      if (decision.subject) ctx.audit.denied(decision.subject(parent), key);
      return forbiddenError();
    case 'await':
      throw new Error(`${key}: a decision that awaits a consent cannot be enforced synchronously`);
  }
}

const fromDecisions = (key: string, decide: (caller: Caller) => Decision, cache: 'contextual' | 'no_cache'): Guard => ({
  rule: rule(key, { cache })((parent: object, _a, ctx: Context) => enforce(decide(callerOf(ctx)), key, parent, ctx) ?? true),
  decide,
});

const ALLOW: Guard = { rule: allow, decide: () => ALLOWED };
const AUTHENTICATED: Guard = fromDecisions('authenticated', (caller) => (caller !== null ? ALLOWED : DENIED), 'contextual');

/** A root field or a field of a type without person-level data: role only. */
function roleGuard(key: string, cell: Cell): Guard {
  return fromDecisions(key, (caller) => (caller !== null && cell[caller] !== undefined ? ALLOWED : DENIED), 'contextual');
}

/**
 * A field of person-level data: role, consent where the cell asks for it, and audit. Only the
 * consent cells need I/O (the consent loader); every other cell is decided without it.
 */
function personFieldGuard(key: string, cell: Cell, subject: Subject): Guard {
  const reach: Decision = { kind: 'reach', subject };
  const refuse: Decision = { kind: 'deny', subject };
  const decide = (caller: Caller): Decision => {
    const access = caller === null ? undefined : cell[caller];
    if (!access) return refuse;
    return access.kind === 'consent' ? { kind: 'await' } : reach;
  };
  if (!Object.values(cell).some((a) => a?.kind === 'consent')) return fromDecisions(key, decide, 'no_cache');
  return {
    decide,
    rule: rule(key, { cache: 'no_cache' })(async (parent: object, _a, ctx: Context) => {
      const caller = callerOf(ctx);
      const access = caller === null ? undefined : cell[caller];
      if (access?.kind !== 'consent') return enforce(decide(caller), key, parent, ctx) ?? true;
      const personId = subject(parent);
      if (personId === undefined || !(await hasConsent(ctx, personId, access.scope))) {
        ctx.audit.denied(personId, key);
        return consentError();
      }
      ctx.audit.reached(personId, key);
      return true;
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
        fields[field] = subject ? personFieldGuard(key, cell, subject as Subject) : roleGuard(key, cell);
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

type Resolver = GraphQLFieldResolver<unknown, Context>;

/**
 * A field's resolver for one caller, from the decision: the field's own resolver (undefined for
 * a plain property, which an executor can then read directly), the same with the person reached
 * recorded, a refusal, or shield's wrapper where a consent is awaited.
 */
function resolverFor(decision: Decision, key: string, own: Resolver | undefined, shielded: Resolver): Resolver | undefined {
  switch (decision.kind) {
    case 'allow':
      return own;
    case 'await':
      return shielded;
    case 'reach': {
      const resolve = own ?? defaultFieldResolver;
      return (parent, args, ctx, info) => {
        ctx.audit.reached(decision.subject(parent as object), key);
        return resolve(parent, args, ctx, info);
      };
    }
    case 'deny':
      return (parent, _args, ctx) => {
        throw enforce(decision, key, parent as object, ctx);
      };
  }
}

/**
 * Shield over every field, deny by default; then each field the policy classifies gets the
 * resolver `place` makes from its guard, its own resolver (undefined for a plain property) and
 * shield's wrapper. Fields the policy does not classify keep shield's wrapper and its fallback deny.
 */
function withDecisions(
  bare: GraphQLSchema, place: (guard: Guard, key: string, own: Resolver | undefined, shielded: Resolver) => Resolver | undefined,
): GraphQLSchema {
  const own = new Map<string, Resolver | undefined>();
  forEachField(bare, (key, field) => own.set(key, field.resolve));
  const guards = buildGuards(bare);
  const served = applyMiddleware(bare, shield(ruleTreeOf(guards), { fallbackRule: deny, allowExternalErrors: false, fallbackError, debug: false }));
  forEachField(served, (key, field, typeName, fieldName) => {
    const guard = guards[typeName]?.[fieldName];
    if (guard && field.resolve) field.resolve = place(guard, key, own.get(key), field.resolve);
  });
  return served;
}

/**
 * The served schema for any caller: each classified field looks up the decision for the
 * request's caller, in place of shield's async wrapper, so that leaf fields do not each become a
 * promise; callers whose decision awaits a consent (insurers) go through shield's wrapper.
 */
export function applyPolicy(bare: GraphQLSchema): GraphQLSchema {
  return withDecisions(bare, (guard, key, own, shieldedResolve) => {
    const byCaller = new Map(CALLERS.map((c) => [c, resolverFor(guard.decide(c), key, own, shieldedResolve) ?? defaultFieldResolver]));
    return (parent, args, ctx, info) => byCaller.get(callerOf(ctx))!(parent, args, ctx, info);
  });
}

/**
 * The served schema specialised for one caller: each classified field's resolver is the
 * decision for that caller, made once here instead of on every value. A field the caller may
 * read without audit keeps its own resolver (none for a plain property), so an executor that
 * compiles the operation reads it directly. Refusals, audit, consent and the fallback deny are
 * those of `applyPolicy`; a request must run on the schema of its own caller.
 */
export function applyPolicyFor(bare: GraphQLSchema, caller: Caller): GraphQLSchema {
  return withDecisions(bare, (guard, key, own, shieldedResolve) => resolverFor(guard.decide(caller), key, own, shieldedResolve));
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
