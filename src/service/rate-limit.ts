/**
 * Per-user token buckets for the expensive use cases (runs, submissions). Kept in the service,
 * not the HTTP layer, so every transport shares one budget per user. In memory and per process:
 * a fleet behind a load balancer gets a budget per instance, which is acceptable for a
 * throttle that exists to keep one user from starving the pool.
 */
import { rateLimited } from './errors.js';

export interface RateLimiter {
  /** Takes one token for `key` or throws HB_RATE_LIMITED with the seconds until the next one. */
  take(key: string): void;
}

/** `perMinute` tokens of capacity, refilled continuously; 0 disables the limit. */
export function createRateLimiter(
  action: string,
  perMinute: number,
  now: () => number = Date.now,
): RateLimiter {
  if (perMinute <= 0) return { take: () => undefined };
  const refillPerMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; atMs: number }>();
  return {
    take(key) {
      const t = now();
      const b = buckets.get(key) ?? { tokens: perMinute, atMs: t };
      b.tokens = Math.min(perMinute, b.tokens + (t - b.atMs) * refillPerMs);
      b.atMs = t;
      if (b.tokens < 1) {
        buckets.set(key, b);
        throw rateLimited(action, Math.max(1, Math.ceil((1 - b.tokens) / refillPerMs / 1000)));
      }
      b.tokens -= 1;
      buckets.set(key, b);
      // A bucket that is full again carries no information: drop it so the map stays small.
      if (buckets.size > 10_000)
        for (const [k, v] of buckets) if (v.tokens >= perMinute - 1) buckets.delete(k);
    },
  };
}
