import { getTableColumns, sql, type Column, type InferSelectModel, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * Rows read as JSON inside a larger statement (a list aggregated under its parent row). The
 * database builds each object under the row's own property names, so the parsed JSON is the row;
 * only values whose JSON form differs from what drizzle reads (timestamps, which drizzle makes
 * Dates) are converted, in place. Made for the tables it serves (people/prefetch.ts): a column
 * type outside the two lists below gets its JSON value through drizzle's driver mapping, which
 * suits timestamps with a time zone but not every type (a time or a timestamp in string mode
 * would keep JSON's ISO form), and `json_build_object` takes at most 50 columns.
 */

/** Column types whose JSON value is already what drizzle returns for them. */
const AS_JSON = new Set(['PgInteger', 'PgSerial', 'PgSmallInt', 'PgBigInt53', 'PgVarchar', 'PgText', 'PgChar', 'PgBoolean', 'PgDateString', 'PgJson', 'PgJsonb']);

/** Column types sent as text: their JSON number would lose digits (numeric's scale, int8 past 2^53). */
const AS_TEXT = new Set(['PgNumeric', 'PgNumericBigInt', 'PgBigInt64']);

const converted = new WeakMap<PgTable, [key: string, column: Column][]>();

function toConvert(table: PgTable): [string, Column][] {
  let list = converted.get(table);
  if (!list) {
    list = Object.entries(getTableColumns(table)).filter(([, column]) => !AS_JSON.has(column.columnType));
    converted.set(table, list);
  }
  return list;
}

/**
 * `json_build_object` of a table's columns (all, or those named by property), read from `alias`
 * (the table itself or a subquery of its rows), under their property names.
 */
export function jsonRow(table: PgTable, alias: string, columns: readonly string[] | null = null): SQL {
  const from = sql.identifier(alias);
  const all = getTableColumns(table);
  const pairs = (columns ? columns.map((key) => [key, all[key]!] as const) : Object.entries(all)).map(([key, column]) => {
    const value = sql`${from}.${sql.identifier(column.name)}`;
    return sql`${sql.raw(`'${key}'`)}, ${AS_TEXT.has(column.columnType) ? sql`${value}::text` : value}`;
  });
  return sql`json_build_object(${sql.join(pairs, sql`, `)})`;
}

/** Rows built by `jsonRow`, their timestamps (and any other value drizzle reads differently) converted in place; columns left out stay absent. */
export function fromJson<T extends PgTable>(table: T, rows: Record<string, unknown>[]): InferSelectModel<T>[] {
  const columns = toConvert(table);
  if (columns.length) {
    for (const row of rows) {
      for (const [key, column] of columns) {
        const value = row[key];
        if (value !== null && value !== undefined) row[key] = column.mapFromDriverValue(value);
      }
    }
  }
  return rows as InferSelectModel<T>[];
}
