import type DataLoader from 'dataloader';
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { GraphQLResolveInfo } from 'graphql';
import type { Db } from '../db/client.js';
import type { Context } from './context.js';

export type LoaderFactory<K, V> = (ctx: Context) => DataLoader<K, V>;

/** One loader per factory (and per query path for argument-dependent ones), per request. */
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
   * A loader for a field whose arguments shape the batch (e.g. `first`): one per response path,
   * so sibling rows batch together while aliases with other arguments get their own.
   */
  forPath<K, V>(info: GraphQLResolveInfo, make: () => DataLoader<K, V>): DataLoader<K, V> {
    const key = `path:${pathKey(info.path)}`;
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = make() as DataLoader<unknown, unknown>;
      this.loaders.set(key, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

function pathKey(path: GraphQLResolveInfo['path'] | undefined): string {
  const parts: string[] = [];
  for (let p = path; p; p = p.prev) parts.push(typeof p.key === 'number' ? '*' : p.key);
  return parts.reverse().join('.');
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
 * page size and not how many rows a parent has. The ids travel as one array parameter.
 */
export function inNewestPerParent(
  table: PgTable, id: AnyPgColumn, parent: AnyPgColumn, parentIds: readonly number[], scope: SQL | undefined, limit: number,
): SQL {
  const ids = `{${parentIds.map((n) => Math.trunc(Number(n))).join(',')}}`;
  return sql`${id} in (select picked.id from unnest(${ids}::bigint[]) as parent(pid) cross join lateral (
    select ${id} as id from ${table} where ${parent} = parent.pid${scope ? sql` and ${scope}` : sql``} order by ${id} desc limit ${limit}
  ) picked)`;
}

/** A statement whose only parameter is the batch's ids, as one array. */
interface IdsStatement<R> {
  execute(params: { ids: number[] }): Promise<R[]>;
}

/**
 * A batch read prepared once per database handle (primary or replica) instead of built on every
 * request: the SQL text and its parameter mapping are fixed, and the ids travel as one array.
 * For loaders whose rows need no row scope beyond their parent's, which was checked already.
 */
export function preparedByIds<R>(name: string, build: (db: Db, ids: SQL) => { prepare(name: string): IdsStatement<R> }) {
  const statements = new WeakMap<Db, IdsStatement<R>>();
  return (db: Db, ids: readonly number[]): Promise<R[]> => {
    let statement = statements.get(db);
    if (!statement) {
      statement = build(db, sql`any(${sql.placeholder('ids')}::int[])`).prepare(name);
      statements.set(db, statement);
    }
    return statement.execute({ ids: [...ids] });
  };
}
