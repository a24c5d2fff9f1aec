/**
 * "A worker killed mid-job loses nothing": a real worker process takes a submission's job and
 * is SIGKILLed; another worker gets the job again and brings the submission to its final state.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createQueue } from '../../src/queue/index.js';
import type { JobQueue } from '../../src/queue/index.js';
import { createStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { sqliteTestDatabase } from '../store/backends.js';
import type { TestDatabase } from '../store/backends.js';
import { REDIS_URL, deleteKeys, eventually, uniquePrefix } from './backends.js';

const fixture = fileURLToPath(new URL('./fixtures/claiming-worker.ts', import.meta.url));
const payloadSchema = z.object({ submissionId: z.string() });

function startWorker(storeUrl: string, prefix: string): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, storeUrl, REDIS_URL, prefix], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

describe('bullmq queue', () => {
  describe('when a worker process is killed mid-job', () => {
    let db: TestDatabase | undefined;
    let store: Store | undefined;
    let queue: JobQueue<{ submissionId: string }> | undefined;
    let child: ChildProcess | undefined;
    let prefix = '';

    afterEach(async () => {
      if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await queue?.close();
      await store?.close();
      await db?.cleanup();
      await deleteKeys(prefix);
    });

    it(
      'redelivers the job to another worker, which brings the submission to its final state',
      { timeout: 120_000 },
      async () => {
        prefix = uniquePrefix();
        db = sqliteTestDatabase();
        store = await createStore(db.url);
        const user = await store.createUser({ name: 'crash', role: 'participant' });
        const sub = await store.createSubmission({ userId: user.id, taskId: 'sum', code: 'print(1)' });

        const worker = startWorker(db.url, prefix);
        child = worker.child;
        queue = await createQueue({
          kind: 'bullmq',
          name: 'submissions',
          payloadSchema,
          redisUrl: REDIS_URL,
          prefix,
          lockDurationMs: 1000,
          stalledIntervalMs: 500,
        });
        await queue.enqueue(sub.id, { submissionId: sub.id });
        // Generous: a cold `node --import tsx` start takes seconds on a loaded 2-core machine.
        await eventually(() => worker.output().includes(`claimed ${sub.id}`), 60_000).catch(
          (err: unknown) => {
            throw new Error(`worker never claimed the job; its output: ${worker.output()}`, { cause: err });
          },
        );
        expect(await store.getSubmission(sub.id)).toMatchObject({ state: 'running', attempts: 1 });

        child.kill('SIGKILL');
        await new Promise((r) => child?.once('exit', r));

        const handled: Array<{ id: string; attempt: number }> = [];
        const s = store;
        await queue.process(async (job) => {
          handled.push({ id: job.id, attempt: job.attempt });
          expect(await s.claimSubmission(job.payload.submissionId)).toBe(true);
          await s.finishSubmission(job.payload.submissionId, {
            state: 'done',
            score: 100,
            status: 'accepted',
            result: { recovered: true },
          });
        });
        await eventually(async () => (await s.getSubmission(sub.id))?.state === 'done', 20_000);
        await eventually(async () => (await queue?.depth())?.active === 0);

        // A stall is not a failed attempt: the handler sees attempt 1 again.
        expect(handled).toEqual([{ id: sub.id, attempt: 1 }]);
        expect(await s.getSubmission(sub.id)).toMatchObject({ state: 'done', attempts: 2, score: 100 });
        expect(await queue.depth()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
      },
    );
  });
});
