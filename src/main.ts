/**
 * Starts the hub: configuration → database (migrated) → seed on first start → HTTP.
 */
import { loadConfig } from './config.js';
import { seedDatabase } from '../seeds/load.js';
import { createHubApp, openConfiguredDatabase } from './server/app.js';
import { createHttpServer } from './server/http.js';

const config = loadConfig();
const database = await openConfiguredDatabase(config);
const seeded = await seedDatabase(database, { persons: config.DATABASE_URL ? 0 : config.SEED_PERSONS });
const app = await createHubApp(config, database);
const server = createHttpServer(app);

server.listen(config.PORT, config.HOST, () => {
  const where = config.DATABASE_URL ? 'PostgreSQL' : `embedded PGlite in ${config.DATA_DIR}`;
  const base = `http://${config.HOST}:${config.PORT}`;
  console.log(`yibao-hub on ${base}/graphql (${where}${seeded ? `, seeded ${seeded.counts.persons} demo persons` : ''})`);
  console.log(`  IDE:    ${base}/altair/   health: ${base}/healthz`);
  console.log('  Tokens (valid 1h), one per role:');
  for (const example of [
    '--role MEDICAL_SECURITY --region 320600',
    '--role TAX --region 320600',
    '--role CIVIL_AFFAIRS --region 320600',
    '--role HEALTH --region 320600',
    '--role INSURER --insurer <code from insuranceProducts>',
    '--role INSTITUTION --institution <code from institutions>',
  ]) {
    console.log(`    npm run token -- ${example}`);
  }
});

async function shutdown(signal: string) {
  console.log(`${signal}: finishing in-flight requests`);
  server.close();
  server.closeIdleConnections();
  await app.stop();
  await database.close();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
