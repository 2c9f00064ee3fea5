/**
 * Starts the hub: configuration → database (migrated) → seed on first start → HTTP.
 */
import type { AddressInfo } from 'node:net';
import { and, asc, eq } from 'drizzle-orm';
import { loadConfig } from './config.js';
import { seedDatabase } from '../seeds/load.js';
import { institutions, insuranceProducts } from './db/schema/index.js';
import { createHubApp, openConfiguredDatabase } from './server/app.js';
import { createHttpServer } from './server/http.js';
import { createLogger } from './server/logger.js';

let config;
try {
  config = loadConfig();
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
const logger = createLogger(config.LOG_LEVEL);
const database = await openConfiguredDatabase(config);
const seeded = await seedDatabase(database, { persons: config.DATABASE_URL ? 0 : config.SEED_PERSONS });
const app = await createHubApp(config, database, logger);
const server = createHttpServer(app);

/** Real codes from the data, so the printed token commands work as they stand. */
async function demoCodes(region: string) {
  const [product] = await database.db.select({ insurer: insuranceProducts.insurerCode }).from(insuranceProducts)
    .where(eq(insuranceProducts.regionCode, region)).orderBy(asc(insuranceProducts.id)).limit(1);
  const [hospital] = await database.db.select({ code: institutions.code }).from(institutions)
    .where(and(eq(institutions.regionCode, region), eq(institutions.kind, 'HOSPITAL'), eq(institutions.agreementStatus, 'ACTIVE')))
    .orderBy(asc(institutions.id)).limit(1);
  return { insurer: product?.insurer ?? 'INSURER_CODE', institution: hospital?.code ?? 'INSTITUTION_CODE' };
}
const demo = await demoCodes('320600');

server.listen(config.PORT, config.HOST, () => {
  const where = config.DATABASE_URL ? 'PostgreSQL' : `embedded PGlite in ${config.DATA_DIR}`;
  // PORT=0 lets the system choose: report the port actually bound.
  const { port } = server.address() as AddressInfo;
  const base = `http://${config.HOST}:${port}`;
  logger.info({ port, database: config.DATABASE_URL ? 'postgres' : 'pglite' }, 'listening');
  console.log(`yibao-hub on ${base}/graphql (${where}${seeded ? `, seeded ${seeded.counts.persons} demo persons` : ''})`);
  console.log(`  IDE: ${base}/altair/   health: ${base}/healthz   ready: ${base}/readyz   metrics: ${base}/metrics`);
  console.log('  Get a token (valid 1h) for each role:');
  for (const example of [
    '--role MEDICAL_SECURITY --region 320600',
    '--role TAX --region 320600',
    '--role CIVIL_AFFAIRS --region 320600',
    '--role HEALTH --region 320600',
    `--role INSURER --insurer ${demo.insurer}`,
    `--role INSTITUTION --institution ${demo.institution}`,
  ]) {
    console.log(`    npm run token -- ${example}`);
  }
});

/** Stops taking connections, lets in-flight requests finish, then closes the pool. */
function shutdown(signal: string) {
  logger.info({ signal }, 'shutting down: finishing in-flight requests');
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  server.close(async () => {
    await app.stop();
    await database.close();
    logger.info('stopped');
    process.exit(0);
  });
  server.closeIdleConnections();
}
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
