/**
 * Pothos keeps each request's loaders and plugin state in caches keyed by the request context.
 * In a WeakMap held by a module (old generation), V8's young-generation collector copies each
 * entry's value before it finds the key dead, so every finished request's loaders and the rows
 * they held were copied at the next scavenge. patches/@pothos+core+4.15.1.patch keeps the
 * entries in one Map on the context itself, which dies with it; a context that cannot take a
 * property has its Map in a WeakMap.
 */
import { createContextCache, initContextCache } from '@pothos/core';
import { describe, expect, it } from 'vitest';

const ENTRIES = Symbol.for('Pothos.contextCacheEntries');

describe('the per-request cache of Pothos', () => {
  it('gives one entry per context and cache, held by the context', () => {
    let made = 0;
    const cache = createContextCache(() => ({ n: ++made }));
    const other = createContextCache(() => ({ n: ++made }));
    const a = {};
    const b = {};
    expect(cache(a)).toBe(cache(a));
    expect(cache(b)).not.toBe(cache(a));
    expect(other(a)).not.toBe(cache(a));
    expect(made).toBe(3);
    expect(Object.getOwnPropertySymbols(a)).toContain(ENTRIES);
    // Not enumerable: the context's keys and a copy of it are as the hub made them.
    expect(Object.keys(a)).toEqual([]);
    expect(Object.getOwnPropertySymbols({ ...a })).not.toContain(ENTRIES);
  });

  it('forgets an entry on delete and makes a new one', () => {
    const cache = createContextCache(() => ({}));
    const ctx = {};
    const first = cache(ctx);
    cache.delete(ctx);
    expect(cache(ctx)).not.toBe(first);
  });

  it('keys by the cache object of a context made with initContextCache', () => {
    const cache = createContextCache(() => ({}));
    const ctx = initContextCache();
    expect(cache({ ...ctx, extra: 1 })).toBe(cache(ctx));
  });

  it('still caches for a context that cannot take a property', () => {
    const cache = createContextCache(() => ({}));
    const other = createContextCache(() => ({}));
    const frozen = Object.freeze({});
    const first = cache(frozen);
    expect(cache(frozen)).toBe(first);
    expect(other(frozen)).not.toBe(first);
    cache.delete(frozen);
    expect(Object.getOwnPropertySymbols(frozen)).toEqual([]);
    expect(cache(frozen)).not.toBe(first);
  });
});
