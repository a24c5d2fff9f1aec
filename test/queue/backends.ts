/**
 * Queue test backends: in-process, or BullMQ on the local Redis (127.0.0.1:6379) under a
 * unique key prefix that cleanup() deletes. A missing Redis fails these tests, never skips.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { QueueOptions } from '../../src/queue/index.js';

export const REDIS_URL = 'redis://127.0.0.1:6379';

export interface QueueBackend {
  readonly kind: 'memory' | 'bullmq';
  /** Options shared by every queue of this backend in one test (same prefix). */
  readonly base: Pick<QueueOptions<unknown>, 'kind' | 'redisUrl' | 'prefix'>;
  cleanup(): Promise<void>;
}

export function uniquePrefix(): string {
  return `hbtest-${randomBytes(6).toString('hex')}`;
}

/** Deletes every key under `prefix:`. */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export function memoryBackend(): QueueBackend {
  return { kind: 'memory', base: { kind: 'memory' }, cleanup: () => Promise.resolve() };
}

export function bullmqBackend(): QueueBackend {
  const prefix = uniquePrefix();
  return {
    kind: 'bullmq',
    base: { kind: 'bullmq', redisUrl: REDIS_URL, prefix },
    cleanup: () => deleteKeys(prefix),
  };
}

/** Polls until `check` returns true; fails after `limitMs`. For waiting, never for timing. */
export async function eventually(check: () => boolean | Promise<boolean>, limitMs = 15_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
