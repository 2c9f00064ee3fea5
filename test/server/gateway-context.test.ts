/**
 * Apollo Server hands each operation to the hub's executor (server/executor.ts) through its
 * gateway interface, with a request context whose `response.http` lets the executor set the
 * answer's status and headers. Made per request as an object literal with a getter and a setter,
 * that object kept every request's context alive through V8's young-generation collections until
 * the next full one (docs/BENCHMARKS.md, "The steps of 2026-12-07"); patches/@apollo+server+5.5.1.patch
 * makes it a class instance. These tests hold the patch and the behaviour it must keep.
 */
import { ApolloServer, HeaderMap } from '@apollo/server';
import type { GatewayGraphQLRequestContext, GatewayInterface } from '@apollo/server-gateway-interface';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const schema = buildSchema('type Query { answer(status: Int): Int }');
const seen: GatewayGraphQLRequestContext[] = [];

const gateway: GatewayInterface = {
  onSchemaLoadOrUpdate(callback) {
    callback({ apiSchema: schema, coreSupergraphSdl: '' });
    return () => {};
  },
  async load() {
    return {
      async executor(request) {
        seen.push(request);
        const http = request.response!.http!;
        if (request.request.variables?.status) http.status = Number(request.request.variables.status);
        http.headers.set('x-answered-by', 'gateway');
        return { data: { answer: 42 } };
      },
    };
  },
  async stop() {},
};

const server = new ApolloServer({ gateway });
beforeAll(() => server.start());
afterAll(() => server.stop());

async function post(variables: Record<string, unknown> = {}) {
  return server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: 'POST',
      headers: new HeaderMap([['content-type', 'application/json']]),
      search: '',
      body: { query: 'query Answer($status: Int) { answer(status: $status) }', variables },
    },
    context: async () => ({}),
  });
}

describe('the request context Apollo hands the executor', () => {
  it('keeps the status accessors on a shared prototype, not on each request', async () => {
    await post();
    await post();
    const [first, second] = seen.slice(-2).map((r) => r.response!.http!);
    expect(Object.getOwnPropertyDescriptor(first!, 'status')).toBeUndefined();
    expect(Object.getPrototypeOf(first)).toBe(Object.getPrototypeOf(second));
    const accessor = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(first), 'status');
    expect(typeof accessor?.get).toBe('function');
    expect(typeof accessor?.set).toBe('function');
  });

  it('answers with the status and headers the executor set through it', async () => {
    const response = await post({ status: 203 });
    expect(response.status).toBe(203);
    expect(response.headers.get('x-answered-by')).toBe('gateway');
    expect(response.body.kind === 'complete' && JSON.parse(response.body.string)).toEqual({ data: { answer: 42 } });
    expect(seen.at(-1)!.response!.http!.status).toBe(203);
  });

  it('reads the status Apollo holds when the executor sets none', async () => {
    const response = await post();
    expect(seen.at(-1)!.response!.http!.status).toBeUndefined();
    expect(response.status).toBeUndefined();
  });
});
