import { Column, is, type Query } from 'drizzle-orm';
import type { Queryable } from './client.js';

/**
 * drizzle maps every result cell through a generic walk: an iterator over the field's path and a
 * type check per cell, and each row object grown one property at a time. On a nested list (an
 * institution page with its prescriptions, items and drugs, a thousand rows) that walk was a fifth
 * of all the memory a request allocated. A prepared select of plain columns gets a mapper made
 * once per statement instead: one object literal per row, each cell through the decoder drizzle
 * itself would use (`mapFromDriverValue`, null kept as null), so the rows are the same.
 *
 * It goes in through the prepared query's `customResultMapper`, the hook drizzle's relational
 * queries use, which both drivers here (postgres.js and PGlite) call with the rows as arrays in
 * the order of `fields` (test/db/flat-rows.test.ts holds drizzle to that).
 */

interface OrderedField {
  path: string[];
  field: unknown;
}

type RowMapper = (rows: unknown[][]) => Record<string, unknown>[];

/** What drizzle's prepared queries hold (drizzle-orm 0.45, postgres.js and PGlite sessions). */
interface PreparedInternals {
  fields?: OrderedField[];
  customResultMapper?: RowMapper;
  /** Per table of the statement, whether its columns can come back null (false for a left join). */
  joinsNotNullableMap?: Record<string, boolean>;
  getQuery(): Query;
  isResponseInArrayMode(): boolean;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * A mapper for rows of plain columns under simple property names, one level of nesting allowed
 * (a joined row's columns under one property), or null for anything else (SQL fields, deeper
 * paths). Nested objects are mapped plainly only when no joined table is nullable
 * (`innerJoinsOnly`): drizzle turns a left-joined object whose columns are all null into null.
 */
export function flatRowMapper(fields: readonly OrderedField[], innerJoinsOnly = false): RowMapper | null {
  const plain = fields.every((f) => (f.path.length === 1 || (innerJoinsOnly && f.path.length === 2)) && f.path.every((p) => IDENTIFIER.test(p)) && is(f.field, Column));
  if (!plain || fields.length === 0) return null;
  const decoders = fields.map((f) => f.field as Column);
  const cell = (i: number) => `r[${i}] === null ? null : d[${i}].mapFromDriverValue(r[${i}])`;
  // Properties in the order drizzle's own mapping creates them: by first appearance.
  const shape = new Map<string, number | Map<string, number>>();
  fields.forEach((f, i) => {
    const [top, inner] = f.path as [string, string?];
    const group = shape.get(top);
    if (inner === undefined) shape.set(top, i);
    else if (group instanceof Map) group.set(inner, i);
    else shape.set(top, new Map([[inner, i]]));
  });
  const literal = [...shape].map(([name, at]) =>
    typeof at === 'number' ? `${name}: ${cell(at)}` : `${name}: { ${[...at].map(([inner, i]) => `${inner}: ${cell(i)}`).join(', ')} }`,
  );
  // Generated so that every row is one object literal of a fixed shape; the names are the
  // schema's own property names, checked against IDENTIFIER above.
  const make = new Function('d', `return function mapRows(rows) {
    const out = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) { const r = rows[i]; out[i] = { ${literal.join(', ')} }; }
    return out;
  }`) as (d: Column[]) => RowMapper;
  return make(decoders);
}

/** Gives a prepared select of plain columns (and inner-joined nested ones) the flat mapper; any other statement keeps drizzle's. */
export function withFlatRows<P extends object>(prepared: P): P {
  const internals = prepared as P & PreparedInternals;
  const joins = internals.joinsNotNullableMap;
  const innerJoinsOnly = !!joins && Object.values(joins).every(Boolean);
  const mapper = internals.fields && !internals.customResultMapper ? flatRowMapper(internals.fields, innerJoinsOnly) : null;
  if (mapper) internals.customResultMapper = mapper;
  return prepared;
}

/**
 * The same prepared statement on another handle of its database, a transaction: the built SQL
 * text, its parameters (placeholders included), fields and row mapper as they are, given to the
 * transaction's session, whose queries run on the transaction's connection. Nothing is built
 * again, which is the cost a prepared statement exists to save.
 */
export function preparedIn<P extends object>(on: Queryable, prepared: P, name: string): P {
  const internals = prepared as P & PreparedInternals;
  const bound = on._.session.prepareQuery(
    internals.getQuery(), internals.fields as never, name, internals.isResponseInArrayMode(), internals.customResultMapper,
  ) as unknown as P & PreparedInternals;
  bound.joinsNotNullableMap = internals.joinsNotNullableMap;
  return bound;
}
