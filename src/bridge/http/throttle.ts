/**
 * Per-client-IP throttles of the HTTP transport: open progress WebSockets, and messages per
 * socket, so one client cannot hold the server's file descriptors or memory. In memory and
 * per process, like the service's buckets.
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
