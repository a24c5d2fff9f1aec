/**
 * Scale-out mode: an API process that does not grade (`serve --queue bullmq --no-worker`) and
 * a separate consumer (`hackbridge worker`) share PostgreSQL and Redis. A submission taken by
 * the API is graded by the worker, and its progress reaches the API's subscribers over Redis.
 * Two services in one test process stand in for the two processes.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createService } from '../../src/service/index.js';
import type { ProgressEvent } from '../../src/service/index.js';
import { closeTestEngine, eventually, testConfig, testDatabase, testEngine } from '../bridge/harness.js';

const db = testDatabase('postgres');
const prefix = `hb-test-${randomBytes(4).toString('hex')}`;
const config = testConfig(db.url, {
  queue: { kind: 'bullmq', prefix },
  telemetry: { level: 'silent' },
});

afterAll(async () => {
  await closeTestEngine();
  await db.cleanup();
  const redis = new Redis('redis://127.0.0.1:6379');
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('with BullMQ and a separate worker', () => {
  it('grades on the worker and pushes progress to the API process', async () => {
    const api = await createService({ config, engine: testEngine(config) });
    const worker = await createService({ config, engine: testEngine(config) });
    try {
      await api.start({ consume: false });
      await worker.start({ consume: true, concurrency: 2 });
      const { user } = await api.createUser('scale-out', 'participant');
      const ack = await api.forUser(user).submitTask('add', 'def add(a, b):\n    return a + b\n');
      const seen: ProgressEvent[] = [];
      const { unsubscribe } = await api.watchSubmission(user, ack.id, (e) => seen.push(e));
      const final = await eventually(async () => seen.find((e) => e.state === 'done'), 'the done event');
      unsubscribe();
      expect(final.id).toBe(ack.id);
      expect(seen.some((e) => e.state === 'running' && e.of === 3)).toBe(true);
      const stored = await api.forUser(user).getSubmission(ack.id);
      expect(stored).toMatchObject({ state: 'done', score: 100 });
    } finally {
      await api.close();
      await worker.close();
    }
  });
});
