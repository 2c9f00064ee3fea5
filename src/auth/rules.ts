/**
 * Turns the policy declaration (policy.ts) into graphql-shield rules for every field of every
 * object type. Deny by default: a field that the policy does not classify gets the fallback
 * rule `deny`; errors thrown by resolvers pass only when they are the hub's own typed errors.
 */
import { GraphQLError, isIntrospectionType, isObjectType, type GraphQLSchema } from 'graphql';
import { allow, deny, rule, shield, type IRule, type IRules } from 'graphql-shield';

type ShieldRule = IRule | typeof allow;
type IRuleFieldMap = Record<string, ShieldRule>;
import type { Context } from '../server/context.js';
import { ConsentRequiredError, HubError, isHubError } from '../server/errors.js';
import { hasConsent } from './consent.js';
import {
  mutationPolicy, objectPolicies, personSubject, PUBLIC, PUBLIC_TYPES, queryPolicy, type Cell, type RootCell,
} from './policy.js';

/** Types that carry no data of their own and are reached only through a checked parent field. */
const STRUCTURAL = /(^PageInfo$|Connection$|Edge$|^Diagnosis$|Payload$|Error$|^Viewer$)/;

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

const authenticated = rule('authenticated', { cache: 'contextual' })((_p, _a, ctx: Context) => ctx.principal !== null);

/** A rule for a root field or a field of a type without person-level data: role only, once per request. */
function roleRule(key: string, cell: Cell): ShieldRule {
  return rule(key, { cache: 'contextual' })((_p, _a, ctx: Context) => {
    const role = ctx.principal?.role;
    return role !== undefined && cell[role] !== undefined ? true : forbiddenError();
  });
}

/** A rule for a field of person-level data: role, consent where the cell asks for it, and audit. */
function personFieldRule(key: string, cell: Cell, subjectOf: (parent: object) => number | undefined): ShieldRule {
  return rule(key, { cache: 'no_cache' })(async (parent: object, _a, ctx: Context) => {
    const personId = subjectOf(parent);
    const access = ctx.principal ? cell[ctx.principal.role] : undefined;
    if (!access) {
      ctx.audit.denied(personId, key);
      return forbiddenError();
    }
    if (access.kind === 'consent' && (personId === undefined || !(await hasConsent(ctx, personId, access.scope)))) {
      ctx.audit.denied(personId, key);
      return consentError();
    }
    ctx.audit.reached(personId, key);
    return true;
  });
}

function rootRule(key: string, cell: RootCell): ShieldRule {
  return cell === PUBLIC ? allow : roleRule(key, cell);
}

/** Builds the shield rule tree by walking the schema, so every field is classified explicitly. */
export function buildRuleTree(schema: GraphQLSchema): IRules {
  const tree: Record<string, IRuleFieldMap> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    const name = type.name;
    const fields: IRuleFieldMap = {};
    const klass = typeClass(name);
    for (const field of Object.keys(type.getFields())) {
      const key = `${name}.${field}`;
      if (klass === 'root') {
        const table = name === 'Query' ? queryPolicy : mutationPolicy;
        const cell = table[field];
        if (cell) fields[field] = rootRule(key, cell);
      } else if (klass === 'policy') {
        const table = objectPolicies[name]!;
        const cell = field === 'id' && !table.id ? table['*'] ?? personIdCell(name) : table[field] ?? table['*'];
        if (!cell) continue;
        const subject = personSubject[name];
        fields[field] = subject ? personFieldRule(key, cell, subject as (p: object) => number | undefined) : roleRule(key, cell);
      } else if (klass === 'public') {
        fields[field] = allow;
      } else if (klass === 'structural') {
        fields[field] = authenticatedOrPublicParent(name);
      }
    }
    tree[name] = fields;
  }
  return tree;
}

/** Relay ids of policy types follow the type's default cell. */
function personIdCell(typeName: string): Cell | undefined {
  return objectPolicies[typeName]?.id;
}

/** Structural types under public reads (the policies container) stay readable anonymously. */
function authenticatedOrPublicParent(typeName: string): ShieldRule {
  return typeName === 'BenefitPolicies' ? allow : authenticated;
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

export function createShield(schema: GraphQLSchema) {
  return shield(buildRuleTree(schema), {
    fallbackRule: deny,
    allowExternalErrors: false,
    fallbackError,
    debug: false,
  });
}
