/**
 * The submission lifecycle in the service: stored before acknowledged, re-queued on start,
 * finished exactly once however often a job is delivered, failed for good (with a reason)
 * when it can never succeed. Real engine, real SQLite store, in-process queue.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalProgressHub, createSubmissionHandler, createService } from '../../src/service/index.js';
import type { ProgressEvent } from '../../src/service/index.js';
import { createStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { createTelemetry } from '../../src/telemetry/index.js';
import { closeTestEngine, eventually, testConfig, testDatabase, testEngine } from '../bridge/harness.js';

const ADD = 'def add(a, b):\n    return a + b\n';
const db = testDatabase('sqlite');
const config = testConfig(db.url);
let store: Store;

beforeAll(async () => {
  store = await createStore(db.url);
});
afterAll(async () => {
  await store?.close();
  await closeTestEngine();
  await db.cleanup();
});

const logLines: Record<string, unknown>[] = [];
const telemetry = createTelemetry({
  level: 'info',
  production: true,
  processMetrics: false,
  destination: new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim() !== '') logLines.push(JSON.parse(line));
      done();
    },
  }),
});

describe('submissions', () => {
  describe('when the process died after storing a submission', () => {
    it('grades it on the next start', async () => {
      const user = await store.createUser({ name: 'crashed', role: 'participant' });
      const orphan = await store.createSubmission({ userId: user.id, taskId: 'add', code: ADD });
      const service = await createService({ config, engine: testEngine(config), store, telemetry });
      try {
        const { recovered } = await service.start({ consume: true });
        expect(recovered).toBeGreaterThanOrEqual(1);
        const done = await eventually(async () => {
          const s = await store.getSubmission(orphan.id);
          return s?.state === 'done' ? s : undefined;
        }, 'the orphan to be graded');
        expect(done.score).toBe(100);
      } finally {
        await service.close();
      }
    });
  });

  describe('when an enqueue was lost while the server kept running', () => {
    it('grades the stored submission at the next recovery sweep', async () => {
      const sweeping = testConfig(db.url, { server: { recoverySweepMs: 200 } });
      const service = await createService({
        config: sweeping,
        engine: testEngine(sweeping),
        store,
        telemetry,
      });
      try {
        await service.start({ consume: true });
        const user = await store.createUser({ name: 'lost-enqueue', role: 'participant' });
        // Stored but never enqueued: what a failed enqueue (Redis away) leaves behind.
        const lost = await store.createSubmission({ userId: user.id, taskId: 'add', code: ADD });
        const done = await eventually(async () => {
          const s = await store.getSubmission(lost.id);
          return s?.state === 'done' ? s : undefined;
        }, 'the sweep to pick it up');
        expect(done.score).toBe(100);
      } finally {
        await service.close();
      }
    });
  });

  describe('when a submission is graded', () => {
    it('records each test as a graded test by verdict, not as a run by engine status', async () => {
      const own = createTelemetry({
        processMetrics: false,
        destination: new Writable({ write: (_c, _e, done) => done() }),
      });
      const user = await store.createUser({ name: 'verdicts', role: 'participant' });
      const s = await store.createSubmission({ userId: user.id, taskId: 'add', code: ADD });
      const handler = createSubmissionHandler({
        store,
        progress: createLocalProgressHub(),
        telemetry: own,
        grade: async (taskId) => ({
          taskId,
          score: 50,
          status: 'partial',
          passed: 1,
          total: 2,
          tests: [
            {
              name: 'a',
              status: 'passed',
              time: 0.01,
              memory: 9000,
              hidden: false,
              weight: 1,
              message: 'Passed.',
            },
            {
              name: 'b',
              status: 'failed',
              time: 0.02,
              memory: 9100,
              hidden: true,
              weight: 1,
              message: 'Failed.',
            },
          ],
          executionTime: 0.03,
          memoryUsage: 9100,
        }),
      });
      await handler({ id: s.id, payload: { submissionId: s.id }, attempt: 1, maxAttempts: 1 });
      const snapshot = own.snapshot();
      expect(snapshot.tests.byStatus).toEqual({ passed: 1, failed: 1 });
      expect(snapshot.runs.byStatus).toEqual({});
      expect(snapshot.runs.total).toBe(2);
      await own.close();
    });
  });

  describe('when a job is delivered twice', () => {
    it('finishes the submission once and logs one submission event', async () => {
      const user = await store.createUser({ name: 'twice', role: 'participant' });
      const s = await store.createSubmission({ userId: user.id, taskId: 'add', code: ADD });
      const progress = createLocalProgressHub();
      const seen: ProgressEvent[] = [];
      progress.subscribe(s.id, (e) => seen.push(e));
      let grades = 0;
      const handler = createSubmissionHandler({
        store,
        progress,
        telemetry,
        grade: async (taskId) => {
          grades += 1;
          return {
            taskId,
            score: 100,
            status: 'accepted',
            passed: 0,
            total: 0,
            tests: [],
            executionTime: 0,
            memoryUsage: 0,
          };
        },
      });
      const job = { id: s.id, payload: { submissionId: s.id }, attempt: 1, maxAttempts: 3 };
      await Promise.all([handler(job), handler(job)]);
      const gradesAfterRace = grades;
      await handler(job);
      expect((await store.getSubmission(s.id))?.state).toBe('done');
      // A delivery after the final state neither grades again nor publishes again.
      expect(grades).toBe(gradesAfterRace);
      expect(seen.filter((e) => e.state === 'done').length).toBeLessThanOrEqual(2);
      await eventually(async () => (logLines.length > 0 ? true : undefined), 'the log');
      const events = logLines.filter(
        (l) => l['event_type'] === 'submission' && JSON.stringify(l).includes(s.id),
      );
      expect(events).toHaveLength(1);
    });
  });

  describe('when the task no longer exists', () => {
    it('fails the submission for good, with the reason', async () => {
      const user = await store.createUser({ name: 'gone', role: 'participant' });
      const s = await store.createSubmission({ userId: user.id, taskId: 'removed-task', code: ADD });
      const progress = createLocalProgressHub();
      const handler = createSubmissionHandler({
        store,
        progress,
        telemetry,
        grade: async (taskId) => {
          const { HackBridgeError } = await import('../../src/common/index.js');
          throw new HackBridgeError('HB_TASK_NOT_FOUND', `No task '${taskId}'`, { statusCode: 404 });
        },
      });
      await handler({ id: s.id, payload: { submissionId: s.id }, attempt: 1, maxAttempts: 3 });
      const failed = await store.getSubmission(s.id);
      expect(failed?.state).toBe('failed');
      expect(failed?.error).toContain('HB_TASK_NOT_FOUND');
    });
  });
});
