/**
 * Per-client token buckets: each client earns `perMinute` tokens a minute up to `burst`, and a
 * request spends one. In memory for a single instance; in Redis (one atomic script) when
 * REDIS_URL is set, so every instance behind the load balancer draws from the same bucket.
 */
import type { Redis } from 'ioredis';

export interface RateDecision {
  allowed: boolean;
  /** Seconds until a token is available, when refused. */
  retryAfter: number;
}

export interface RateLimiter {
  take(key: string): Promise<RateDecision>;
}

export interface BucketOptions {
  perMinute: number;
  burst: number;
}

/** Pure refill-and-spend step, shared by the memory limiter and mirrored by the Redis script. */
export function spend(tokens: number, last: number, now: number, o: BucketOptions): { tokens: number; decision: RateDecision } {
  const rate = o.perMinute / 60_000;
  const refilled = Math.min(o.burst, tokens + Math.max(0, now - last) * rate);
  if (refilled >= 1) return { tokens: refilled - 1, decision: { allowed: true, retryAfter: 0 } };
  return { tokens: refilled, decision: { allowed: false, retryAfter: Math.max(1, Math.ceil((1 - refilled) / rate / 1000)) } };
}

export function memoryLimiter(o: BucketOptions, clock: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, { tokens: number; last: number }>();
  return {
    async take(key) {
      const now = clock();
      const b = buckets.get(key) ?? { tokens: o.burst, last: now };
      const { tokens, decision } = spend(b.tokens, b.last, now, o);
      buckets.set(key, { tokens, last: now });
      if (buckets.size > 100_000) buckets.delete(buckets.keys().next().value!);
      return decision;
    },
  };
}

const SCRIPT = `
local rate = tonumber(ARGV[1]) / 60000
local burst = tonumber(ARGV[2])
local now = tonumber(redis.call('TIME')[1]) * 1000 + math.floor(tonumber(redis.call('TIME')[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 't', 'ts')
local tokens = tonumber(b[1]) or burst
local last = tonumber(b[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - last) * rate)
local allowed = 0
local retry = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry = math.max(1, math.ceil((1 - tokens) / rate / 1000))
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
return {allowed, retry}
`;

/** Redis time keeps instances with drifting clocks on one bucket. */
export function redisLimiter(redis: Redis, o: BucketOptions, prefix: string): RateLimiter {
  return {
    async take(key) {
      try {
        const [allowed, retry] = (await redis.eval(SCRIPT, 1, prefix + key, o.perMinute, o.burst)) as [number, number];
        return { allowed: allowed === 1, retryAfter: retry };
      } catch {
        // Redis down: serve rather than refuse everyone; the limit is a fairness guard, not a policy.
        return { allowed: true, retryAfter: 0 };
      }
    },
  };
}
