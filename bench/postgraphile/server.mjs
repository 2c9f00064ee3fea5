/* global process, console */
/**
 * PostGraphile 5 on the hub's own tables, reads only, for the benchmark's comparison. Runs under
 * the Node 22 binary of this folder's `node` dev dependency (PostGraphile 5 needs Node ≥ 22):
 * the Amber preset, introspecting `public` as a read-only role, mutations off, GraphiQL off,
 * a pool of 10 like the hub and the raw baseline. No authentication and no row scope: it serves
 * the same rows without the hub's policy, which is the point of the comparison.
 *
 * Environment: DATABASE_URL (the read-only role), PORT.
 */
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';

const preset = {
  extends: [PostGraphileAmberPreset],
  disablePlugins: ['PgMutationCreatePlugin', 'PgMutationUpdateDeletePlugin'],
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ['public'], poolConfig: { max: 10 } })],
  grafserv: { graphiql: false, watch: false, graphqlPath: '/graphql' },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.keepAliveTimeout = 65_000;
await serv.addTo(server);
const port = Number(process.env.PORT ?? 5678);
server.listen(port, '127.0.0.1', () => console.log(`postgraphile on http://127.0.0.1:${port}/graphql`));

async function shutdown() {
  server.close();
  server.closeIdleConnections();
  await pgl.release();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
