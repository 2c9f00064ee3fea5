import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { PUBLIC, queryPolicy } from '../auth/policy.js';
import type { Context } from './context.js';
import { unauthenticated } from './errors.js';

const ANONYMOUS_ROOTS = new Set([...Object.entries(queryPolicy).filter(([, c]) => c === PUBLIC).map(([f]) => f), '__typename']);

function rootFields(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, out: Set<string>, depth = 0): void {
  if (depth > 10) return;
  for (const s of selectionSet.selections) {
    if (s.kind === Kind.FIELD) out.add(s.name.value);
    else if (s.kind === Kind.INLINE_FRAGMENT) rootFields(s.selectionSet, fragments, out, depth + 1);
    else {
      const f = fragments.get(s.name.value);
      if (f) rootFields(f.selectionSet, fragments, out, depth + 1);
    }
  }
}

/** The root fields an operation selects, through fragments too. */
export function selectedRootFields(document: DocumentNode, operation: OperationDefinitionNode): Set<string> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const out = new Set<string>();
  rootFields(operation.selectionSet, fragments, out);
  return out;
}

/**
 * No request without a credential reaches a resolver, except the public reads (indicators,
 * products, benefit policies, regions) and schema introspection where it is enabled. The
 * check runs once the operation is known and before anything executes: a 401, never a
 * partial answer.
 */
export function authenticationGate(allowAnonymousIntrospection: boolean): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation }) {
          if (contextValue.principal || !operation) return;
          if (operation.operation !== 'query') throw unauthenticated();
          for (const field of selectedRootFields(document, operation)) {
            const introspection = field === '__schema' || field === '__type';
            if (!(ANONYMOUS_ROOTS.has(field) || (introspection && allowAnonymousIntrospection))) throw unauthenticated();
          }
        },
      };
    },
  };
}
