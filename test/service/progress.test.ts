/**
 * Progress fan-out: in-process, and across processes over real Redis pub/sub (a worker
 * publishes, an API process's subscribers receive).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLocalProgressHub, createRedisProgressHub } from '../../src/service/index.js';
import type { ProgressEvent } from '../../src/service/index.js';
import { eventually } from '../bridge/harness.js';

describe('progress hub', () => {
  it('delivers in-process events to the subscribers of that submission only', async () => {
    const hub = createLocalProgressHub();
    const seen: ProgressEvent[] = [];
    const off = hub.subscribe('sub_a', (e) => seen.push(e));
    hub.publish({ id: 'sub_a', state: 'running', test: 1, of: 3 });
    hub.publish({ id: 'sub_b', state: 'running' });
    off();
    hub.publish({ id: 'sub_a', state: 'done' });
    expect(seen).toEqual([{ id: 'sub_a', state: 'running', test: 1, of: 3 }]);
    await hub.close();
  });

  it('crosses processes over Redis, each event delivered once', async () => {
    const channel = `hb-test-${randomBytes(4).toString('hex')}:progress`;
    const worker = await createRedisProgressHub('redis://127.0.0.1:6379', channel);
    const api = await createRedisProgressHub('redis://127.0.0.1:6379', channel);
    try {
      const seen: ProgressEvent[] = [];
      api.subscribe('sub_x', (e) => seen.push(e));
      worker.publish({ id: 'sub_x', state: 'running', test: 2, of: 5 });
      worker.publish({ id: 'sub_x', state: 'done' });
      await eventually(async () => (seen.length >= 2 ? true : undefined), 'two events');
      await new Promise((r) => setTimeout(r, 100));
      expect(seen).toEqual([
        { id: 'sub_x', state: 'running', test: 2, of: 5 },
        { id: 'sub_x', state: 'done' },
      ]);
    } finally {
      await worker.close();
      await api.close();
    }
  });
});
