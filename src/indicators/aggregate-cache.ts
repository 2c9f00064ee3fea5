import type { SharedCache } from '../server/redis.js';
import type { Aggregates } from './live.js';

/**
 * A region's aggregates shared by every request for a short while. They read hundreds of
 * thousands of rows (about a second of database time at a million persons) and change slowly,
 * and the indicators are public: without sharing, each anonymous request would cost that
 * second, an easy way to exhaust the database. Concurrent requests for one key wait for the
 * same computation; a failed one is not kept. With a shared cache (Redis), instances take each
 * other's results, so a figure may be up to twice the time to live old.
 */
export class AggregateCache {
  private readonly entries = new Map<string, { at: number; value: Promise<Aggregates> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly shared: SharedCache | null = null,
  ) {}

  get(key: string, compute: () => Promise<Aggregates>): Promise<Aggregates> {
    if (this.ttlMs <= 0) return compute();
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    // Keys carry the day, so old ones stop being asked for: drop what has expired as new ones come.
    for (const [k, e] of this.entries) if (now - e.at >= this.ttlMs) this.entries.delete(k);
    const entry = { at: now, value: this.shared ? this.throughShared(key, compute) : compute() };
    this.entries.set(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value;
  }

  private async throughShared(key: string, compute: () => Promise<Aggregates>): Promise<Aggregates> {
    const stored = await this.shared!.get(key);
    if (stored) {
      try {
        return JSON.parse(stored) as Aggregates;
      } catch {
        // an unreadable entry is a miss: compute and overwrite it
      }
    }
    const value = await compute();
    await this.shared!.set(key, JSON.stringify(value), { ttl: Math.ceil(this.ttlMs / 1000) });
    return value;
  }
}
