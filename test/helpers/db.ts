/**
 * One database per test file: in-process PGlite by default, a copy of the migrated template on
 * the PostgreSQL server when DATABASE_URL is set. Same migrations, same reference data.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { DEFAULT_POOL_MAX } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { loadReferenceData } from '../../seeds/load.js';
import { withDatabase } from './global-setup.js';

export const onPostgres = !!process.env.DATABASE_URL;

export interface TestDb {
  database: Database;
  url: string | null;
  drop(): Promise<void>;
}

/** `poolMax` narrows the PostgreSQL pool, e.g. to one connection whose session state a test reads back. */
export async function openTestDb(poolMax = DEFAULT_POOL_MAX): Promise<TestDb> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await openDatabase({ dataDir: null });
    await loadReferenceData(database);
    return { database, url: null, drop: () => database.close() };
  }
  const name = `yibao_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${inject('pgTemplate')}`);
  await admin.end();
  const dbUrl = withDatabase(url, name);
  // The pool the hub ships with, so concurrency tests meet its limits.
  const database = await openDatabase({ url: dbUrl, poolMax });
  return {
    database,
    url: dbUrl,
    async drop() {
      await database.close();
      const cleanup = postgres(url, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
