import { Column, is } from 'drizzle-orm';

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
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A mapper for rows of plain columns under simple property names, or null for anything else (joins, SQL fields). */
export function flatRowMapper(fields: readonly OrderedField[]): RowMapper | null {
  const flat = fields.every((f) => f.path.length === 1 && IDENTIFIER.test(f.path[0]!) && is(f.field, Column));
  if (!flat || fields.length === 0) return null;
  const decoders = fields.map((f) => f.field as Column);
  const cells = fields.map((f, i) => `${f.path[0]}: r[${i}] === null ? null : d[${i}].mapFromDriverValue(r[${i}])`);
  // Generated so that every row is one object literal of a fixed shape; the names are the
  // schema's own property names, checked against IDENTIFIER above.
  const make = new Function('d', `return function mapRows(rows) {
    const out = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) { const r = rows[i]; out[i] = { ${cells.join(', ')} }; }
    return out;
  }`) as (d: Column[]) => RowMapper;
  return make(decoders);
}

/** Gives a prepared select of plain columns the flat mapper; any other statement keeps drizzle's. */
export function withFlatRows<P extends object>(prepared: P): P {
  const internals = prepared as P & PreparedInternals;
  const mapper = internals.fields && !internals.customResultMapper ? flatRowMapper(internals.fields) : null;
  if (mapper) internals.customResultMapper = mapper;
  return prepared;
}
