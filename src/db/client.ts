import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { Logger, SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/postgres-js';
import { migrate as migratePg } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema/index.js';
import { DEFAULT_POOL_MAX } from '../config.js';

/** Characters COPY's text format needs escaped in a value. */
const NEEDS_ESCAPE = /[\\\t\n\r]/;

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Queryable = Db | Tx;

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** The SQL statements of a unit of work (a request, a test), in the order they ran, without any global state. */
export const statementLog = new AsyncLocalStorage<string[]>();

const countingLogger: Logger = {
  logQuery(query) {
    statementLog.getStore()?.push(query);
  },
};

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Runs raw SQL and returns its rows, whichever driver is underneath. */
  rows<T = Record<string, unknown>>(query: SQL, on?: Queryable): Promise<T[]>;
  /** Bulk-load rows: COPY on PostgreSQL, multi-row INSERTs on PGlite. */
  copyRows(table: string, columns: string[], rows: unknown[][]): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  url?: string;
  dataDir?: string | null;
  poolMax?: number;
  migrate?: boolean;
  /** PostgreSQL cancels any statement running longer than this, so a timed-out request stops its work. */
  statementTimeoutMs?: number;
}

/** Opens PostgreSQL when a URL is given, else an embedded PGlite (in memory when dataDir is null). */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const database = opts.url ? openPostgres(opts.url, opts.poolMax ?? DEFAULT_POOL_MAX, opts.statementTimeoutMs) : await openPglite(opts.dataDir ?? null);
  if (opts.migrate !== false) await database.migrate();
  return database;
}

type OpenedDatabase = Database & { migrate(): Promise<void> };

function openPostgres(url: string, max: number, statementTimeoutMs?: number): OpenedDatabase {
  const client = postgres(url, {
    max,
    onnotice: () => {},
    idle_timeout: 30,
    connect_timeout: 10,
    ...(statementTimeoutMs ? { connection: { statement_timeout: statementTimeoutMs } } : {}),
  });
  const db = drizzlePg(client, { schema, logger: countingLogger }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async rows<T>(query: SQL, on: Queryable = db) {
      return (await on.execute(query)) as unknown as T[];
    },
    async copyRows(table, columns, rows) {
      const escape = (v: unknown): string => {
        if (v === null || v === undefined) return '\\N';
        if (typeof v === 'number' || typeof v === 'boolean') return String(v);
        if (Array.isArray(v)) return `{${v.map((x) => `"${String(x).replaceAll('"', '\\"')}"`).join(',')}}`;
        if (v instanceof Date) return v.toISOString();
        const text = String(v);
        // Most values need no escaping; test once instead of copying the string three times.
        return NEEDS_ESCAPE.test(text) ? text.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r') : text;
      };
      // A connection of its own: postgres.js pipelines queries onto busy connections when the
      // pool is exhausted, and a COPY queued behind another COPY never starts.
      const connection = await client.reserve();
      try {
        const copy = connection`COPY ${connection(table)} (${connection(columns)}) FROM STDIN`;
        const sink = await copy.writable();
        await new Promise<void>((resolve, reject) => {
          // postgres.js reports an error raised when the COPY ends (a constraint, a malformed row)
          // only to the query, whose promise has already resolved with this stream; without taking
          // it from there the COPY would never finish (porsager/postgres#1173, open in 3.4.9; the
          // fix proposed in #1183 settles the stream instead, after which this line can go).
          (copy as unknown as { reject: (e: unknown) => void }).reject = reject;
          sink.on('error', reject);
          sink.on('finish', resolve);
          const chunk: string[] = [];
          for (const row of rows) {
            chunk.push(row.map(escape).join('\t'));
            if (chunk.length === 5000) sink.write(chunk.splice(0).join('\n') + '\n');
          }
          if (chunk.length) sink.write(chunk.join('\n') + '\n');
          sink.end();
        });
      } finally {
        connection.release();
      }
    },
    async ping() {
      await client`select 1`;
    },
    async close() {
      await client.end({ timeout: 5 });
    },
    async migrate() {
      // Several instances may start at once: one migrates, the others wait on the lock.
      const lockClient = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await lockClient`select pg_advisory_lock(7345100)`;
        await migratePg(drizzlePg(lockClient), { migrationsFolder });
        await lockClient`select pg_advisory_unlock(7345100)`;
      } finally {
        await lockClient.end();
      }
    },
  };
}

async function openPglite(dataDir: string | null): Promise<OpenedDatabase> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite(client, { schema, logger: countingLogger }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    async rows<T>(query: SQL, on: Queryable = db) {
      const result = (await on.execute(query)) as unknown as { rows: T[] };
      return result.rows;
    },
    async copyRows(table, columns, rows) {
      const width = columns.length;
      const batch = Math.max(1, Math.floor(30_000 / width));
      const cols = columns.map((c) => `"${c}"`).join(', ');
      for (let start = 0; start < rows.length; start += batch) {
        const slice = rows.slice(start, start + batch);
        const params: unknown[] = [];
        const tuples = slice.map((row) => `(${row.map((v) => { params.push(v); return `$${params.length}`; }).join(', ')})`);
        await client.query(`INSERT INTO "${table}" (${cols}) VALUES ${tuples.join(', ')}`, params);
      }
    },
    async ping() {
      await client.query('select 1');
    },
    async close() {
      await client.close();
    },
    async migrate() {
      await migratePglite(drizzlePglite(client), { migrationsFolder });
    },
  };
}
