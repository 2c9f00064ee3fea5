/**
 * The benchmark's own PostgreSQL databases: created, seeded in bulk with the project's
 * generator, vacuumed and analyzed, and reused by later runs when they already hold the same
 * number of persons. What the seed took is kept in the database's comment, so a reused
 * database still reports its load time.
 */
import postgres from 'postgres';
import { seedDatabase } from '../seeds/load.js';
import { openDatabase } from '../src/db/client.js';

export interface SeededDatabase {
  name: string;
  url: string;
  persons: number;
  reused: boolean;
  /** Generating and loading the persons and everything hanging off them (COPY), foreign keys validated. */
  seedMs: number;
  /** VACUUM ANALYZE after the load. */
  vacuumMs: number;
  seededAt: string;
  counts: Record<string, number>;
}

/** The read-only role PostGraphile connects as. */
export const READER_ROLE = 'yibao_bench_reader';

const databaseUrl = (base: string, name: string) => `${base.replace(/\/+$/, '')}/${name}`;

/** A URL with another user (the reader role) and/or another port (the counting proxy). */
export function withUrl(url: string, change: { user?: string; port?: number }): string {
  const u = new URL(url);
  if (change.user) {
    u.username = change.user;
    u.password = '';
  }
  if (change.port) u.port = String(change.port);
  return u.toString();
}

async function meta(admin: postgres.Sql, name: string): Promise<Omit<SeededDatabase, 'name' | 'url' | 'reused'> | null> {
  const [row] = await admin<{ comment: string | null }[]>`
    select shobj_description(oid, 'pg_database') as comment from pg_database where datname = ${name}`;
  if (!row?.comment) return null;
  try {
    return JSON.parse(row.comment) as Omit<SeededDatabase, 'name' | 'url' | 'reused'>;
  } catch {
    return null;
  }
}

async function countPersons(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from persons`;
    return row?.n ?? -1;
  } catch {
    return -1;
  } finally {
    await sql.end();
  }
}

/**
 * Returns a database seeded with `persons` persons: the existing one when it matches (and
 * `fresh` is off), else dropped, created and seeded.
 */
export async function prepareDatabase(base: string, name: string, persons: number, fresh: boolean, log: (m: string) => void): Promise<SeededDatabase> {
  const url = databaseUrl(base, name);
  const admin = postgres(databaseUrl(base, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (exists && !fresh) {
      const known = await meta(admin, name);
      if (known && known.persons === persons && (await countPersons(url)) === persons) {
        log(`reusing ${name} (${persons.toLocaleString('en')} persons, seeded ${known.seededAt})`);
        await grantReader(url);
        return { ...known, name, url, reused: true };
      }
    }
    log(`${exists ? 'recreating' : 'creating'} ${name}`);
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);

    const database = await openDatabase({ url, poolMax: 10 });
    let summary;
    const started = performance.now();
    try {
      summary = await seedDatabase(database, { persons, onProgress: (m) => log(`  ${m}`) });
    } finally {
      await database.close();
    }
    const seedMs = Math.round(performance.now() - started);
    if (!summary) throw new Error(`seeding ${name} generated nothing`);
    log(`seeded ${persons.toLocaleString('en')} persons in ${(seedMs / 1000).toFixed(1)} s; vacuum analyze`);

    const sql = postgres(url, { max: 1, onnotice: () => {} });
    let vacuumMs: number;
    try {
      const t = performance.now();
      await sql`vacuum analyze`;
      vacuumMs = Math.round(performance.now() - t);
      await sql`checkpoint`;
    } finally {
      await sql.end();
    }
    const record = { persons, seedMs, vacuumMs, seededAt: new Date().toISOString(), counts: summary.counts as Record<string, number> };
    await admin.unsafe(`comment on database "${name}" is '${JSON.stringify(record).replaceAll("'", "''")}'`);
    await grantReader(url);
    return { ...record, name, url, reused: false };
  } finally {
    await admin.end();
  }
}

/** A login role that may read every table, for PostGraphile (it exposes what the role can see). */
async function grantReader(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = '${READER_ROLE}') then create role ${READER_ROLE} login; end if;
    end $$`);
    await sql.unsafe(`grant usage on schema public to ${READER_ROLE}`);
    await sql.unsafe(`grant select on all tables in schema public to ${READER_ROLE}`);
  } finally {
    await sql.end();
  }
}

/** Whether pg_stat_statements is loaded (it needs shared_preload_libraries and a restart); creates the extension if so. */
export async function statStatements(url: string): Promise<{ available: boolean; preload: string }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ setting: string }[]>`select setting from pg_settings where name = 'shared_preload_libraries'`;
    const preload = row?.setting ?? '';
    if (!preload.split(',').map((s) => s.trim()).includes('pg_stat_statements')) return { available: false, preload };
    await sql`create extension if not exists pg_stat_statements`;
    return { available: true, preload };
  } finally {
    await sql.end();
  }
}
