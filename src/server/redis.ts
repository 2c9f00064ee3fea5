/**
 * The little state hub instances share, in Redis (REDIS_URL): rate-limit buckets (rate-limit.ts),
 * the automatic-persisted-query cache, so a document registered through one instance runs by its
 * hash on every other, and the indicator aggregates, so N instances compute each once, not N
 * times. Keys start with REDIS_KEY_PREFIX, so environments sharing a server stay apart.
 */
import { Redis } from 'ioredis';

export function connectRedis(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 1000 });
  // Errors surface on the commands that meet them; the connection itself retries.
  redis.on('error', () => {});
  return redis;
}

/** A string cache with a time to live per entry; the shape Apollo Server takes for persisted queries. */
export interface SharedCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean>;
}

/**
 * A cache over Redis in which a failing Redis reads as a miss and drops the write: a persisted
 * query's client then sends the full document, as the APQ protocol provides, and an aggregate is
 * computed locally, instead of the request failing.
 */
export function redisCache(redis: Redis, prefix: string): SharedCache {
  return {
    async get(key: string): Promise<string | undefined> {
      try {
        return (await redis.get(prefix + key)) ?? undefined;
      } catch {
        return undefined;
      }
    },
    async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
      try {
        if (options?.ttl) await redis.set(prefix + key, value, 'EX', options.ttl);
        else await redis.set(prefix + key, value);
      } catch {
        // a lost registration only costs the client one full send
      }
    },
    async delete(key: string): Promise<boolean> {
      try {
        return (await redis.del(prefix + key)) > 0;
      } catch {
        return false;
      }
    },
  };
}
