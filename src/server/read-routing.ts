import type { ApolloServerPlugin } from '@apollo/server';
import type { OperationTypeNode } from 'graphql';
import type { Principal } from '../auth/principal.js';
import type { Context } from './context.js';

/**
 * Whether a request may read from a replica. Mutations stay on the primary with every read they
 * make. So do insurers' reads: what an insurer reaches depends on consents, and a revocation must
 * hold from the very next request, not after the replica has caught up.
 */
export function readsFromReplica(operation: OperationTypeNode, principal: Principal | null): boolean {
  return operation === 'query' && principal?.role !== 'INSURER';
}

/** Points a read-only request's database handle at a replica once its operation is known. */
export function readRoutingPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue: ctx, operation }) {
          if (operation && readsFromReplica(operation.operation, ctx.principal)) ctx.db = ctx.hub.reads.pick().db;
        },
      };
    },
  };
}
