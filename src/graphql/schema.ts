import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { applyPolicy, applyPolicyFor, type Caller } from '../auth/rules.js';
import { builder } from './builder.js';
import { FEDERATION_LINK, checkRepresentations } from './federation.js';
import './scalars.js';
import './enums.js';
import './region.js';
import '../people/types.js';
import '../institutions/types.js';
import '../prescriptions/types.js';
import '../benefits/types.js';
import '../benefits/settle-types.js';
import './node.js';
import './viewer.js';
import './errors.js';
import '../consents/types.js';
import '../people/write-types.js';
import '../people/alert-types.js';
import '../prescriptions/write-types.js';
import '../benefits/enroll-types.js';
import '../indicators/types.js';
import '../audit/types.js';

/** The schema as the code builds it, a federation subgraph, before authorization is applied. */
function buildSubgraph(): GraphQLSchema {
  return checkRepresentations(builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK, federationDirectives: ['@key'] }));
}

/** The schema as built from the code, before authorization is applied (printed to schema/). */
export function buildBareSchema(): GraphQLSchema {
  return lexicographicSortSchema(buildSubgraph());
}

/** The served schema: the policy's field rules applied to every field. */
export function buildSchema(): GraphQLSchema {
  return applyPolicy(buildSubgraph());
}

const perCaller = new Map<Caller, GraphQLSchema>();

/**
 * The served schema specialised for one caller (role or anonymous), what requests execute on.
 * Built on a caller's first request and kept: it holds no state of its own.
 */
export function schemaFor(caller: Caller): GraphQLSchema {
  let schema = perCaller.get(caller);
  if (!schema) perCaller.set(caller, (schema = applyPolicyFor(buildSubgraph(), caller)));
  return schema;
}
