import DataLoader from 'dataloader';
import { desc, getTableColumns, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { GraphQLResolveInfo } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { Db, Queryable } from '../db/client.js';
import { preparedIn, withFlatRows } from '../db/flat-rows.js';
import { scopeKey, scopeView, type ScopeView } from '../auth/scope.js';
import { principalOf, type Context } from './context.js';

export type LoaderFactory<K, V> = (ctx: Context) => DataLoader<K, V>;

/** One loader per factory (and per field of the query for argument-dependent ones), per request. */
export class LoaderCache {
  private readonly loaders = new Map<unknown, DataLoader<unknown, unknown>>();

  constructor(private readonly ctx: Context) {}

  /** Forgets every cached row, e.g. after a write in the same request. */
  clear(): void {
    for (const loader of this.loaders.values()) loader.clearAll();
  }

  get<K, V>(factory: LoaderFactory<K, V>): DataLoader<K, V> {
    let loader = this.loaders.get(factory);
    if (!loader) {
      loader = factory(this.ctx) as DataLoader<unknown, unknown>;
      this.loaders.set(factory, loader);
    }
    return loader as DataLoader<K, V>;
  }

  /**
   * A loader for a field whose arguments or selection shape the batch (`first`, the columns
   * read): one per place in the query, so sibling rows batch together while aliases with other
   * arguments get their own. The place is the field's nodes in the document, which both
   * executors hand to every row of a list alike.
   */
  forField<K, V>(info: GraphQLResolveInfo, make: () => DataLoader<K, V>): DataLoader<K, V> {
    let loader = this.loaders.get(info.fieldNodes);
    if (!loader) {
      loader = make() as DataLoader<unknown, unknown>;
      this.loaders.set(info.fieldNodes, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

/** Orders batch results by key; a key with no row gets null (out of scope looks like missing). */
export function byKey<K, R>(keys: readonly K[], rows: R[], keyOf: (r: R) => K): (R | null)[] {
  const map = new Map<K, R>();
  for (const r of rows) map.set(keyOf(r), r);
  return keys.map((k) => map.get(k) ?? null);
}

/** Groups batch results by key, preserving row order within each group. */
export function groupByKey<K, R>(keys: readonly K[], rows: R[], keyOf: (r: R) => K): R[][] {
  const map = new Map<K, R[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

/**
 * `column in (…)` the ids of the newest `limit` rows of each parent: one index range scan per
 * parent (LATERAL over the parent ids, on an index of parent and id), so the cost follows the
 * page size and not how many rows a parent has. The parent ids (one array) and the limit are the
 * statement's parameters.
 */
function inNewestPerParent(table: PgTable, id: AnyPgColumn, parent: AnyPgColumn, scope: SQL): SQL {
  return sql`${id} in (select picked.id from unnest(${IDS}) as parent(pid) cross join lateral (
    select ${id} as id from ${table} where ${parent} = parent.pid and ${scope} order by ${id} desc limit ${sql.placeholder('limit')}
  ) picked)`;
}

/** A prepared statement as drizzle's query builders give it, with its parameters by name. */
interface Prepared<R> {
  execute(params: Record<string, unknown>): Promise<R[]>;
}

interface Preparable<R> {
  prepare(name: string): Prepared<R>;
}

/** The batch's ids in a prepared statement, as one int array parameter. */
export const IDS = sql`${sql.placeholder('ids')}::int[]`;
/** The request's instant in a prepared statement (the scope's consent expiry is judged at it). */
const NOW = sql.placeholder('now');

/** One value per database handle (primary or replica), made on first use. */
function perDatabase<T>(make: (db: Db) => T): (db: Db) => T {
  const values = new WeakMap<Db, T>();
  return (db) => {
    let value = values.get(db);
    if (value === undefined) {
      value = make(db);
      values.set(db, value);
    }
    return value;
  };
}

/**
 * A read prepared once per database handle instead of built on every request: the SQL text and
 * its parameter mapping are fixed; `params` fill the builder's placeholders. For reads whose row
 * scope does not depend on the caller (see `preparedScoped`).
 */
export function prepared<R>(name: string, build: (db: Db) => Preparable<R>) {
  const statement = perDatabase((db) => withFlatRows(build(db).prepare(name)));
  return (db: Db, params: Record<string, unknown>): Promise<R[]> => statement(db).execute(params);
}

/**
 * A statement prepared once per database handle that runs on that handle or inside one of its
 * transactions (`on`), where the built statement is bound to the transaction's connection
 * (db/flat-rows.ts `preparedIn`). For writes and the reads a write's transaction makes: built by
 * drizzle on every call they were a third of a settlement's CPU, and unprepared each statement
 * with parameters takes two round trips, while the transaction holds its locks.
 */
export function preparedWrite<R>(name: string, build: (db: Db) => Preparable<R>) {
  const statement = perDatabase((db) => withFlatRows(build(db).prepare(name)));
  return (db: Db, on: Queryable, params: Record<string, unknown>): Promise<R[]> => {
    const built = statement(db);
    return (on === db ? built : preparedIn(on, built, name)).execute(params);
  };
}

/**
 * A batch read by ids, prepared once per database handle, the ids travelling as one array. For
 * loaders whose rows need no row scope beyond their parent's, which was checked already.
 */
export function preparedByIds<R>(name: string, build: (db: Db, ids: SQL) => Preparable<R>) {
  const read = prepared<R>(name, (db) => build(db, sql`any(${IDS})`));
  return (db: Db, ids: readonly number[]): Promise<R[]> => read(db, { ids: [...ids] });
}

/** Scopes kept per statement and database handle: one per region set, insurer and institution in use. */
const MAX_SCOPES = 4096;

/**
 * A read whose WHERE holds the caller's row scope, prepared once per database handle and scope
 * (auth/scope.ts `scopeKey`) instead of built by drizzle on every request. The builder sees only
 * the caller's scope view, so it cannot make the SQL depend on anything the key leaves out; the
 * scope's values are bound in the prepared statement, and the request's instant and the caller's
 * own values (`params`, named by the builder's placeholders) fill its placeholders. A `variant`
 * (the columns a list reads) shapes the SQL too, and is part of the key through `variantKey`.
 * Statements of different scopes share a name: postgres.js and PGlite key server-side statements
 * by their text.
 */
export function preparedScoped<R, V = undefined>(
  name: string,
  build: (db: Db, scope: ScopeView, now: Placeholder, variant: V) => Preparable<R>,
  variantKey: (variant: V) => string = () => '',
) {
  const byScope = perDatabase(() => new LRUCache<string, Prepared<R>>({ max: MAX_SCOPES }));
  return (ctx: Context, params: Record<string, unknown>, variant?: V): Promise<R[]> => {
    const scope = scopeView(principalOf(ctx));
    const statements = byScope(ctx.db);
    const key = `${scopeKey(scope)}\n${variantKey(variant as V)}`;
    let statement = statements.get(key);
    if (!statement) {
      statement = withFlatRows(build(ctx.db, scope, NOW, variant as V).prepare(name));
      statements.set(key, statement);
    }
    // Not `{ ...params, now }`: see docs/ARCHITECTURE.md on objects made by a spread.
    return statement.execute(Object.assign({}, params, { now: ctx.now.toISOString() }));
  };
}

/**
 * The columns a loader reads for the fields a query selects on its rows: `always` (the key, the
 * grouping parent, the person a row is about) and those each selected field reads, in the table's
 * order; null — the whole row — as soon as one selected field is not in `byField`, so a field added
 * later reads everything until it is listed. Rows read this way hold only these properties.
 */
export function columnsFor<K extends string>(
  selected: Iterable<string>, byField: Readonly<Record<string, readonly K[]>>, always: readonly K[], order: readonly K[],
): K[] | null {
  const wanted = new Set<K>(always);
  for (const field of selected) {
    const columns = Object.hasOwn(byField, field) ? byField[field] : undefined;
    if (!columns) return null;
    for (const c of columns) wanted.add(c);
  }
  return order.filter((c) => wanted.has(c));
}

/** `columnsFor` for one table, its column order taken once: the columns a selection needs. */
export function columnChooser<T extends PgTable, K extends keyof T['_']['columns'] & string>(
  table: T, byField: Readonly<Record<string, readonly K[]>>, always: readonly K[],
): (selected: Iterable<string>) => K[] | null {
  const order = Object.keys(getTableColumns(table)) as K[];
  return (selected) => columnsFor(selected, byField, always, order);
}

/** One value per column choice (null: the whole row), made on first use. */
export function perColumns<T>(make: (columns: readonly string[] | null) => T): (columns: readonly string[] | null) => T {
  const made = new Map<string, T>();
  return (columns) => {
    const key = columns ? columns.join(',') : '*';
    let value = made.get(key);
    if (value === undefined) made.set(key, (value = make(columns)));
    return value;
  };
}

/** Some of a table's columns by property name, or all of them. */
export function pickColumns(table: PgTable, columns: readonly string[] | null): Record<string, AnyPgColumn> {
  const all = getTableColumns(table);
  return columns ? Object.fromEntries(columns.map((c) => [c, all[c]!])) : all;
}

/** A select list of some of a table's columns by property name, or the whole row. */
export function selectColumns(db: Db, table: PgTable, columns: readonly string[] | null) {
  return columns ? db.select(pickColumns(table, columns)) : db.select();
}

/**
 * Loaders of the newest `limit` + 1 rows of a table per parent (a person, an issuing institution…):
 * one statement per batch whatever the number of parents (`inNewestPerParent`), prepared per
 * parent column, and per scope and column choice (`columnsFor`; null for the whole row) within
 * one bounded set. Rows come newest
 * first within each parent.
 */
export function newestPerParent<P extends string, R extends Record<P, number | null>>(
  name: string,
  table: PgTable,
  id: AnyPgColumn,
  parents: Record<P, AnyPgColumn>,
  scope: (scope: ScopeView, now: Placeholder) => SQL,
) {
  type Columns = readonly string[] | null;
  const statements = new Map<P, ReturnType<typeof preparedScoped<R, Columns>>>();
  for (const [parent, column] of Object.entries(parents) as [P, AnyPgColumn][]) {
    // One bounded set of statements per parent column, keyed by scope and column choice together.
    statements.set(parent, preparedScoped<R, Columns>(`${name}_by_${parent}`, (db, view, now, columns) =>
      selectColumns(db, table, columns).from(table).where(inNewestPerParent(table, id, column, scope(view, now))).orderBy(desc(id)) as unknown as Preparable<R>,
    (columns) => (columns ? columns.join(',') : '*')));
  }
  return (ctx: Context, parent: P, limit: number, columns: Columns = null) => {
    const read = statements.get(parent)!;
    return new DataLoader<number, R[]>(async (ids) =>
      groupByKey<number | null, R>(ids, await read(ctx, { ids: [...ids], limit: limit + 1 }, columns), (r) => r[parent]),
    );
  };
}
