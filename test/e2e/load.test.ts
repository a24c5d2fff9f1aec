/**
 * Load: 1,000 submissions posted by 20 concurrent clients (autocannon) to a real server on
 * SQLite with the embedded consumer. Each must reach a final state exactly once with the
 * score its code deserves: half the requests carry a correct solution (100), half a wrong one
 * (0). A one-test task keeps the 1,000 sandboxed runs to a few seconds of pool time.
 */
import autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../src/bridge/index.js';
import { closeTestEngine, startHarness } from '../bridge/harness.js';
import type { Harness } from '../bridge/harness.js';

const TOTAL = 1000;
const CLIENTS = 20;
const RIGHT = JSON.stringify({ taskId: 'inc', code: 'def inc(n):\n    return n + 1\n' });
const WRONG = JSON.stringify({ taskId: 'inc', code: 'def inc(n):\n    return 2\n' });

let h: Harness;
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  h = await startHarness('sqlite', {
    server: { submissionsPerMinute: 0 },
    grading: { tasksDir: 'test/e2e/fixtures/tasks' },
  });
  app = await buildHttpApp({ service: h.service });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
  await h?.close();
  await closeTestEngine();
});

describe('under load', () => {
  it('grades 1,000 submissions from 20 clients, each once, with the right score', async () => {
    const user = await h.user('load');
    const expected = new Map<string, number>();
    let sent = 0;
    const statuses: number[] = [];
    const result = await autocannon({
      url,
      connections: CLIENTS,
      amount: TOTAL,
      timeout: 30,
      requests: [
        {
          method: 'POST',
          path: '/api/submissions',
          headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
          // One request in flight per connection, so the context pairs a body with its reply.
          setupRequest: (req, context) => {
            const right = sent++ % 2 === 0;
            (context as { right?: boolean }).right = right;
            return { ...req, body: right ? RIGHT : WRONG };
          },
          onResponse: (status, body, context) => {
            statuses.push(status);
            if (status === 202)
              expected.set(
                (JSON.parse(body) as { id: string }).id,
                (context as { right: boolean }).right ? 100 : 0,
              );
          },
        },
      ],
    });
    expect(result.errors).toBe(0);
    expect(statuses.filter((s) => s !== 202)).toEqual([]);
    expect(expected.size).toBe(TOTAL);

    const store = h.service.store;
    for (let i = 0; i < 1200; i++) {
      const unfinished = await store.listUnfinishedSubmissions();
      if (unfinished.length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const rows = await store.listSubmissions({ userId: user.actor.id, limit: 1000 });
    expect(rows).toHaveLength(TOTAL);
    const wrong = rows.filter((r) => r.state !== 'done' || r.score !== expected.get(r.id));
    expect(wrong).toEqual([]);
    // Exactly once: one submission event per id in the telemetry log, one claim per id.
    const events = h.logLines.filter(
      (l) => l['event_type'] === 'submission' && l['user_id'] === user.actor.id,
    );
    const perId = new Map<string, number>();
    for (const e of events)
      perId.set(String(e['submission_id']), (perId.get(String(e['submission_id'])) ?? 0) + 1);
    expect(perId.size).toBe(TOTAL);
    expect([...perId.values()].every((n) => n === 1)).toBe(true);
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    // 1,000 sandboxed runs: about 10 s on an idle 2-core machine, more when shared.
  }, 180_000);
});
