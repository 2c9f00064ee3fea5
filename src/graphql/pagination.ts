import { and, asc, desc, gt, lt, type Placeholder, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { badInput } from '../server/errors.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** A keyset window on a row id: rows after/before a cursor, newest or oldest first. */
export interface PageWindow {
  limit: number;
  afterId: number | null;
  beforeId: number | null;
  backward: boolean;
}

const PREFIX = 'k:';

/** Cursors are opaque to clients: base64url of the row id. */
export function encodeCursor(id: number): string {
  return Buffer.from(`${PREFIX}${id}`).toString('base64url');
}

export function decodeCursor(cursor: string, field: string): number {
  const text = /^[A-Za-z0-9_-]{1,40}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  const id = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : NaN;
  if (!Number.isSafeInteger(id) || id < 0) throw badInput(field, 'Malformed cursor');
  return id;
}

function pageSize(value: number | null | undefined, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 0) throw badInput(field, `${field} must be a non-negative integer`);
  if (value > MAX_PAGE_SIZE) throw badInput(field, `${field} must be at most ${MAX_PAGE_SIZE}`);
  return value;
}

/** Validates Relay arguments; forward (first/after) or backward (last/before), not both. */
export function pageWindow(args: PageArgs): PageWindow {
  const first = pageSize(args.first, 'first');
  const last = pageSize(args.last, 'last');
  if (first !== null && last !== null) throw badInput('last', 'Use either first or last, not both');
  return {
    limit: first ?? last ?? DEFAULT_PAGE_SIZE,
    afterId: args.after ? decodeCursor(args.after, 'after') : null,
    beforeId: args.before ? decodeCursor(args.before, 'before') : null,
    backward: last !== null,
  };
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/**
 * Shapes rows fetched with limit + 1 (in the window's direction) into a connection; the extra
 * row only tells whether another page exists.
 */
export function toConnection<T>(rows: T[], window: PageWindow, idOf: (row: T) => number): Connection<T> {
  const more = rows.length > window.limit;
  const page = more ? rows.slice(0, window.limit) : rows;
  if (window.backward) page.reverse();
  const edges = page.map((node) => ({ cursor: encodeCursor(idOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: window.backward ? window.beforeId !== null : more,
      hasPreviousPage: window.backward ? more : window.afterId !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** The bounds of a keyset page: cursor ids, or placeholders of a prepared statement; null where no cursor was given. */
export interface KeysetBounds {
  after: number | Placeholder | null;
  before: number | Placeholder | null;
  backward: boolean;
}

/**
 * The WHERE and ORDER BY of a keyset page on an id column, its bounds as values or as
 * placeholders. Lists read oldest first by default; `newestFirst` reverses the reading order (the
 * audit trail), cursors work the same way.
 */
export function keysetOn(id: AnyPgColumn, bounds: KeysetBounds, newestFirst = false): { where: SQL | undefined; orderBy: SQL } {
  const [past, before] = newestFirst ? [lt, gt] : [gt, lt];
  const where = and(
    bounds.after !== null ? past(id, bounds.after) : undefined,
    bounds.before !== null ? before(id, bounds.before) : undefined,
  );
  const readsAscending = bounds.backward === newestFirst;
  return { where, orderBy: readsAscending ? asc(id) : desc(id) };
}

/** `keysetOn` for a window's cursor ids, with the limit that reads one row past the page. */
export function keyset(id: AnyPgColumn, window: PageWindow, newestFirst = false): { where: SQL | undefined; orderBy: SQL; limit: number } {
  // Not `{ ...keysetOn(…), limit }`: see docs/ARCHITECTURE.md on objects made by a spread.
  return Object.assign(keysetOn(id, { after: window.afterId, before: window.beforeId, backward: window.backward }, newestFirst), { limit: window.limit + 1 });
}
