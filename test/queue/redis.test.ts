/**
 * BullMQ against Redis faults: unreachable at start, and connections dropped by the server
 * (as after a Redis restart or failover). Only this test's own connections are killed — the
 * Redis server is shared with other test files.
 */
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createQueue } from '../../src/queue/index.js';
import type { JobQueue } from '../../src/queue/index.js';
import { REDIS_URL, deleteKeys, eventually, uniquePrefix } from './backends.js';

const payloadSchema = z.object({ n: z.number() });

/** Kills every client connection whose name starts with `prefix`; returns how many. */
async function killConnections(prefix: string): Promise<number> {
  const admin = new Redis(REDIS_URL);
  try {
    const list = (await admin.call('CLIENT', 'LIST')) as string;
    const ids = list
      .split('\n')
      .map((line) => Object.fromEntries(line.split(' ').map((kv) => kv.split('=') as [string, string])))
      .filter((c) => typeof c['name'] === 'string' && c['name'].startsWith(prefix))
      .map((c) => c['id'] as string);
    for (const id of ids) await admin.call('CLIENT', 'KILL', 'ID', id);
    return ids.length;
  } finally {
    admin.disconnect();
  }
}

describe('bullmq queue', () => {
  let queue: JobQueue<{ n: number }> | undefined;
  let prefix = '';
  afterEach(async () => {
    await queue?.close();
    queue = undefined;
    if (prefix) await deleteKeys(prefix);
  });

  describe('when Redis cannot be reached', () => {
    it('fails createQueue with HB_QUEUE_UNAVAILABLE instead of hanging', async () => {
      const made = createQueue({
        kind: 'bullmq',
        name: 'jobs',
        payloadSchema,
        redisUrl: 'redis://127.0.0.1:1',
        prefix: uniquePrefix(),
        connectTimeoutMs: 300,
      });
      await expect(made).rejects.toMatchObject({ code: 'HB_QUEUE_UNAVAILABLE', statusCode: 503 });
    });
  });

  describe('when Redis drops every connection', () => {
    it('reconnects and keeps delivering jobs', async () => {
      prefix = uniquePrefix();
      queue = await createQueue({ kind: 'bullmq', name: 'jobs', payloadSchema, redisUrl: REDIS_URL, prefix });
      const seen: number[] = [];
      await queue.process(async (job) => {
        seen.push(job.payload.n);
      });
      await queue.enqueue('before', { n: 1 });
      await eventually(() => seen.length === 1);

      // The queue's and the worker's connections (blocking one included).
      expect(await killConnections(prefix)).toBeGreaterThanOrEqual(2);

      await queue.enqueue('after', { n: 2 });
      await eventually(() => seen.length === 2, 20_000);
      expect(seen).toEqual([1, 2]);
      expect(await queue.depth()).toMatchObject({ waiting: 0, failed: 0 });
    });
  });
});
