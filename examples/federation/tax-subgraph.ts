/**
 * An agency's own GraphQL service composed with the hub: the tax bureau (税务局) keeps the
 * employers' withholdings of basic-insurance contributions and extends the hub's Person with
 * them, without copying any person data. Persons are referenced by the hub's global id; the
 * hub resolves them through `_entities` under the caller's own token and policy.
 *
 *   npx tsx examples/federation/tax-subgraph.ts      # serves on TAX_PORT (default 4101)
 */
import { pathToFileURL } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

/** One employer's withholding for one insured person and year, in yuan. */
export interface Withholding {
  personId: string;
  year: number;
  employerName: string;
  withheld: number;
}

export const typeDefs = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  """代扣代缴: an employer's withholding of an insured person's contribution, as filed with the tax bureau."""
  type Withholding {
    year: Int!
    employerName: String!
    withheld: Float!
    """The insured person, resolved by the hub under the caller's own access."""
    person: Person
  }

  type Person @key(fields: "id") {
    id: ID!
    """Withholdings filed for this person, newest year first."""
    taxWithholdings: [Withholding!]!
  }

  type Query {
    withholdings(year: Int!): [Withholding!]!
  }
`);

export function taxSubgraphSchema(records: readonly Withholding[]) {
  const forPerson = (id: string) => records.filter((r) => r.personId === id).sort((a, b) => b.year - a.year);
  return buildSubgraphSchema({
    typeDefs,
    resolvers: {
      Query: { withholdings: (_: unknown, { year }: { year: number }) => records.filter((r) => r.year === year) },
      Withholding: { person: (w: Withholding) => ({ __typename: 'Person', id: w.personId }) },
      Person: {
        __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
        taxWithholdings: (p: { id: string }) => forPerson(p.id),
      },
    },
  });
}

/** Serves the example subgraph; `onRequest` sees each request's headers (the service's own access checks would start there). */
export async function startTaxSubgraph(records: readonly Withholding[], port = 0, onRequest?: (headers: Record<string, string | string[] | undefined>) => void) {
  const server = new ApolloServer({ schema: taxSubgraphSchema(records), plugins: [ApolloServerPluginInlineTraceDisabled()] });
  const { url } = await startStandaloneServer(server, {
    listen: { port, host: '127.0.0.1' },
    context: async ({ req }) => {
      onRequest?.(req.headers);
      return {};
    },
  });
  return { url, stop: () => server.stop() };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { url } = await startTaxSubgraph([], Number(process.env.TAX_PORT ?? 4101));
  console.log(`tax subgraph on ${url}`);
}
