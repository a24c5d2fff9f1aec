/**
 * Per-client-IP throttles of the HTTP transport: failed authentications, and open progress
 * WebSockets. Both exist so one client cannot spend the server's CPU or file descriptors
 * before it has proven who it is. In memory and per process, like the service's buckets.
 */
import { HackBridgeError } from '../../common/index.js';

const rateLimited = (
  message: string,
  retryAfterS: number,
  details: Record<string, unknown>,
): HackBridgeError =>
  new HackBridgeError('HB_RATE_LIMITED', message, {
    statusCode: 429,
    details: { ...details, retryAfterS },
  });

export interface AuthThrottle {
  /** Throws HB_RATE_LIMITED (429, Retry-After) while `ip` has used up its failures. */
  check(ip: string): void;
  /** Counts one failed authentication against `ip`. */
  failed(ip: string): void;
}

/**
 * `perMinute` failures of capacity per IP, refilled continuously; 0 disables. Checked before the
 * token is looked up, so an IP over its budget costs no store query; only failures spend it, so
 * a client with a good token is never slowed down by its own traffic.
 */
export function createAuthThrottle(perMinute: number, now: () => number = Date.now): AuthThrottle {
  if (perMinute <= 0) return { check: () => undefined, failed: () => undefined };
  const refillPerMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; atMs: number }>();
  const current = (ip: string): { tokens: number; atMs: number } => {
    const t = now();
    const b = buckets.get(ip) ?? { tokens: perMinute, atMs: t };
    b.tokens = Math.min(perMinute, b.tokens + (t - b.atMs) * refillPerMs);
    b.atMs = t;
    return b;
  };
  return {
    check(ip) {
      const b = buckets.get(ip) === undefined ? undefined : current(ip);
      if (b === undefined || b.tokens >= 1) return;
      const retryAfterS = Math.max(1, Math.ceil((1 - b.tokens) / refillPerMs / 1000));
      throw rateLimited(`Too many failed authentications; retry in ${retryAfterS} s`, retryAfterS, {
        limit: 'authFailuresPerMinute',
      });
    },
    failed(ip) {
      const b = current(ip);
      b.tokens = Math.max(0, b.tokens - 1);
      buckets.set(ip, b);
      // A full bucket carries no information: drop those so the map stays small.
      if (buckets.size > 10_000)
        for (const [k] of buckets) if (current(k).tokens >= perMinute) buckets.delete(k);
    },
  };
}

export interface SocketCounter {
  /** Throws HB_RATE_LIMITED when `ip` (or the server) already holds its maximum of sockets. */
  admit(ip: string): void;
  /** Counts an open socket of `ip`; the returned function releases it (idempotent). */
  open(ip: string): () => void;
  readonly size: number;
}

/** Open sockets per IP and in total: each one holds a file descriptor and some memory. */
export function createSocketCounter(limits: {
  readonly maxTotal: number;
  readonly maxPerIp: number;
}): SocketCounter {
  const perIp = new Map<string, number>();
  let total = 0;
  return {
    get size() {
      return total;
    },
    admit(ip) {
      if (total >= limits.maxTotal)
        throw rateLimited('Too many open WebSockets on this server; retry later', 5, {
          limit: 'wsMaxSockets',
          max: limits.maxTotal,
        });
      if ((perIp.get(ip) ?? 0) >= limits.maxPerIp)
        throw rateLimited('Too many open WebSockets from this address; close some first', 5, {
          limit: 'wsMaxSocketsPerIp',
          max: limits.maxPerIp,
        });
    },
    open(ip) {
      total += 1;
      perIp.set(ip, (perIp.get(ip) ?? 0) + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        total -= 1;
        const left = (perIp.get(ip) ?? 1) - 1;
        if (left <= 0) perIp.delete(ip);
        else perIp.set(ip, left);
      };
    },
  };
}

/** A token bucket of `perSecond` capacity, refilled continuously: false when empty. */
export function createMessageBucket(perSecond: number, now: () => number = Date.now): () => boolean {
  let tokens = perSecond;
  let atMs = now();
  return () => {
    const t = now();
    tokens = Math.min(perSecond, tokens + ((t - atMs) * perSecond) / 1000);
    atMs = t;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}
