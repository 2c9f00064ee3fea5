/**
 * The state instances share in Redis, against the real server, and what happens when Redis is
 * unreachable: the rate limit lets requests through and the document cache reads as a miss, so
 * a Redis outage degrades the hub instead of stopping it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { redisLimiter } from '../../src/server/rate-limit.js';
import { connectRedis, redisCache } from '../../src/server/redis.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const live = connectRedis(REDIS_URL);
// Nothing listens on port 1: every command fails at once.
const dead = connectRedis('redis://127.0.0.1:1');
afterAll(() => {
  live.disconnect();
  dead.disconnect();
});

describe('persisted-document cache', () => {
  it('stores a document with its time to live and forgets it on delete', async () => {
    const cache = redisCache(live, `yibao:test:${randomUUID()}:`);
    await cache.set('hash', '{ regions { code } }', { ttl: 60 });
    expect(await cache.get('hash')).toBe('{ regions { code } }');
    expect(await cache.delete('hash')).toBe(true);
    expect(await cache.get('hash')).toBeUndefined();
  });

  it('reads as a miss and drops writes while Redis is unreachable', async () => {
    const cache = redisCache(dead, 'yibao:test:');
    await expect(cache.set('hash', 'doc', { ttl: 60 })).resolves.toBeUndefined();
    expect(await cache.get('hash')).toBeUndefined();
    expect(await cache.delete('hash')).toBe(false);
  });
});

describe('shared rate limit', () => {
  it('spends one bucket per client in Redis', async () => {
    const limiter = redisLimiter(live, { perMinute: 1, burst: 2 }, `yibao:test:${randomUUID()}:`);
    const key = `client-${randomUUID()}`;
    const decisions = [await limiter.take(key), await limiter.take(key), await limiter.take(key)];
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, false]);
    expect(decisions[2]!.retryAfter).toBeGreaterThanOrEqual(1);
  });

  it('serves rather than refuses everyone while Redis is unreachable', async () => {
    const limiter = redisLimiter(dead, { perMinute: 1, burst: 1 }, 'yibao:test:');
    expect(await limiter.take('anyone')).toEqual({ allowed: true, retryAfter: 0 });
    expect(await limiter.take('anyone')).toEqual({ allowed: true, retryAfter: 0 });
  });
});
