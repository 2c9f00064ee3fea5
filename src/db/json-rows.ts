import { getTableColumns, type InferSelectModel } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * Rows a statement returned as JSON (whole rows aggregated with `json_agg`, keyed by column
 * name), mapped the way drizzle maps the same columns read directly, so a list reads the same
 * whichever way it was fetched. JSON columns arrive already parsed.
 */
export function rowsFromJson<T extends PgTable>(table: T, json: readonly Record<string, unknown>[]): InferSelectModel<T>[] {
  const columns = Object.entries(getTableColumns(table));
  return json.map((source) => {
    const row: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = source[column.name] ?? null;
      row[key] = value === null || column.dataType === 'json' ? value : column.mapFromDriverValue(value);
    }
    return row as InferSelectModel<T>;
  });
}
