/**
 * Loads seed data into the configured database: `npm run seed -- --persons N [--seed S]`.
 * Bulk insert (COPY on PostgreSQL); a database that already has persons is left alone.
 */
import { loadConfig } from '../config.js';
import { seedDatabase } from '../../seeds/load.js';
import { openConfiguredDatabase } from '../server/app.js';
import { commandLine } from './args.js';

const values = commandLine('usage: npm run seed -- [--persons N] [--seed S]', { persons: { type: 'string', default: '2000' }, seed: { type: 'string' } });
const persons = Number(values.persons);
if (!Number.isInteger(persons) || persons < 0) {
  console.error('--persons must be a non-negative integer');
  process.exit(2);
}
const config = loadConfig();
const database = await openConfiguredDatabase(config);
try {
  const started = Date.now();
  const summary = await seedDatabase(database, {
    persons,
    seed: values.seed ? Number(values.seed) : undefined,
    onProgress: (m) => console.log(m),
  });
  if (!summary) console.log('The database already holds persons; nothing generated.');
  else console.log(JSON.stringify({ ...summary, totalMs: Date.now() - started }, null, 2));
} finally {
  await database.close();
}
