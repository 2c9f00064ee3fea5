/**
 * An Apollo gateway in front of the hub and agency subgraphs. It composes the supergraph with
 * `@apollo/composition` from each subgraph's SDL and forwards the caller's bearer token to the
 * hub, so the hub applies its own policy to whatever part of a federated query it serves.
 *
 *   HUB_URL=http://127.0.0.1:4000/graphql TAX_URL=http://127.0.0.1:4101/ SDL_TOKEN=$(npm run -s token -- --role MEDICAL_SECURITY --region 320600) \
 *     npx tsx examples/federation/gateway.ts   # serves on GATEWAY_PORT (default 4100)
 */
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { pathToFileURL } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { parse, type DocumentNode } from 'graphql';
import { purposeOf } from '../../src/server/http.js';

export interface Subgraph {
  name: string;
  url: string;
  typeDefs: DocumentNode;
}

export interface GatewayContext {
  authorization?: string;
  purpose?: string;
}

/** The SDL a subgraph publishes at `_service { sdl }` (the hub serves it to callers allowed introspection). */
export async function fetchSubgraphSdl(url: string, authorization?: string): Promise<DocumentNode> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = (await res.json()) as { data?: { _service?: { sdl?: string } }; errors?: { message: string }[] };
  const sdl = body.data?._service?.sdl;
  if (!sdl) throw new Error(`${url} did not publish its SDL: ${body.errors?.map((e) => e.message).join('; ') ?? res.status}`);
  return parse(sdl);
}

/** Composes the supergraph; composition errors stop the start with their messages. */
export function compose(subgraphs: readonly Subgraph[]): string {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: s.typeDefs })));
  if (result.errors) throw new Error(`composition failed:\n${result.errors.map((e) => e.message).join('\n')}`);
  return result.supergraphSdl;
}

/**
 * A gateway server over a composed supergraph. The caller's hub token (and purpose header) goes
 * to the subgraphs named in `forwardTo` only: handing it to an agency's service would let that
 * service replay it against the hub.
 */
export function createGateway(supergraphSdl: string, forwardTo: readonly string[] = ['hub']): ApolloServer<GatewayContext> {
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url,
        willSendRequest({ request, context }) {
          if (!forwardTo.includes(name)) return;
          if (context.authorization) request.http?.headers.set('authorization', context.authorization);
          // Headers are Latin-1: the purpose travels percent-encoded, as the hub expects.
          if (context.purpose) request.http?.headers.set('x-purpose', encodeURIComponent(context.purpose));
        },
      }),
  });
  // Stack traces would tell callers about the gateway's internals.
  return new ApolloServer<GatewayContext>({ gateway: gateway as never, includeStacktraceInErrorResponses: false });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const hubUrl = process.env.HUB_URL ?? 'http://127.0.0.1:4000/graphql';
  const taxUrl = process.env.TAX_URL ?? 'http://127.0.0.1:4101/';
  const sdlToken = process.env.SDL_TOKEN ? `Bearer ${process.env.SDL_TOKEN}` : undefined;
  const supergraph = compose([
    { name: 'hub', url: hubUrl, typeDefs: await fetchSubgraphSdl(hubUrl, sdlToken) },
    { name: 'tax', url: taxUrl, typeDefs: await fetchSubgraphSdl(taxUrl) },
  ]);
  const server = createGateway(supergraph);
  const { url } = await startStandaloneServer(server, {
    listen: { port: Number(process.env.GATEWAY_PORT ?? 4100), host: '127.0.0.1' },
    context: async ({ req }) => ({ authorization: req.headers.authorization, purpose: purposeOf(req.headers['x-purpose']) }),
  });
  console.log(`gateway on ${url} composing hub (${hubUrl}) and tax (${taxUrl})`);
}
