/**
 * One conformance suite for every JobQueue implementation.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createQueue } from '../../src/queue/index.js';
import type { Job, JobQueue, QueueOptions } from '../../src/queue/index.js';
import type { QueueBackend } from './backends.js';
import { eventually } from './backends.js';

const payloadSchema = z.object({ n: z.number().int() }).strict();
type Payload = z.infer<typeof payloadSchema>;

export function queueConformance(name: string, backend: () => QueueBackend): void {
  describe(`queue (${name})`, () => {
    let b: QueueBackend;
    const opened: JobQueue<Payload>[] = [];

    async function open(extra: Partial<QueueOptions<Payload>> = {}): Promise<JobQueue<Payload>> {
      const q = await createQueue<Payload>({
        ...b.base,
        name: 'jobs',
        payloadSchema,
        attempts: 3,
        backoffMs: 10,
        ...extra,
      });
      opened.push(q);
      return q;
    }

    beforeEach(() => {
      b = backend();
    });
    afterEach(async () => {
      for (const q of opened.splice(0)) await q.close();
      await b.cleanup();
    });

    it('reports its kind', async () => {
      expect((await open()).kind).toBe(name);
    });

    it('delivers a job with its payload and attempt count, then forgets it', async () => {
      const q = await open();
      const seen: Job<Payload>[] = [];
      await q.enqueue('job-1', { n: 7 });
      expect(await q.depth()).toEqual({ waiting: 1, active: 0, delayed: 0, failed: 0 });
      await q.process(async (job) => {
        seen.push(job);
      });
      await eventually(() => seen.length === 1);
      expect(seen[0]).toEqual({ id: 'job-1', payload: { n: 7 }, attempt: 1, maxAttempts: 3 });
      await eventually(async () => (await q.depth()).active === 0);
      expect(await q.depth()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    });

    it('ignores a second enqueue of an id that is still pending', async () => {
      const q = await open();
      await q.enqueue('dup', { n: 1 });
      await q.enqueue('dup', { n: 2 });
      expect((await q.depth()).waiting).toBe(1);
      const seen: number[] = [];
      await q.process(async (job) => {
        seen.push(job.payload.n);
      });
      await q.enqueue('after', { n: 3 });
      await eventually(() => seen.length === 2);
      expect(seen).toEqual([1, 3]);
    });

    it('retries a throwing handler with a growing attempt count until it succeeds', async () => {
      const q = await open();
      const attempts: number[] = [];
      await q.process(async (job) => {
        attempts.push(job.attempt);
        if (job.attempt < 3) throw new Error(`flaky ${job.attempt}`);
      });
      await q.enqueue('flaky', { n: 1 });
      await eventually(() => attempts.length === 3);
      await eventually(async () => (await q.depth()).active === 0);
      expect(attempts).toEqual([1, 2, 3]);
      expect(await q.depth()).toMatchObject({ failed: 0, delayed: 0, waiting: 0 });
    });

    it('fails a job for good after its last attempt and tells onFailed once', async () => {
      const q = await open({ attempts: 2 });
      const failed: Array<{ id: string; attempt: number; message: string }> = [];
      let calls = 0;
      await q.process(
        async () => {
          calls += 1;
          throw new Error('always');
        },
        {
          onFailed: (job, err) =>
            failed.push({ id: job.id, attempt: job.attempt, message: (err as Error).message }),
        },
      );
      await q.enqueue('doomed', { n: 1 });
      await eventually(() => failed.length === 1);
      await eventually(async () => (await q.depth()).failed === 1);
      expect(calls).toBe(2);
      expect(failed).toEqual([{ id: 'doomed', attempt: 2, message: 'always' }]);
    });

    it('replaces a failed job when its id is enqueued again, with all attempts', async () => {
      const q = await open({ attempts: 2 });
      const attempts: number[] = [];
      let healthy = false;
      await q.process(async (job) => {
        attempts.push(job.attempt);
        if (!healthy) throw new Error('broken for now');
      });
      await q.enqueue('phoenix', { n: 1 });
      await eventually(async () => (await q.depth()).failed === 1);
      healthy = true;
      await q.enqueue('phoenix', { n: 2 });
      await eventually(() => attempts.length === 3);
      await eventually(async () => (await q.depth()).active === 0);
      expect(attempts).toEqual([1, 2, 1]);
      expect(await q.depth()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    });

    it('runs at most `concurrency` handlers at once', async () => {
      const q = await open();
      let inFlight = 0;
      let maxInFlight = 0;
      let done = 0;
      let release: () => void = () => undefined;
      const gate = new Promise<void>((r) => (release = r));
      for (let i = 0; i < 6; i++) await q.enqueue(`c-${i}`, { n: i });
      await q.process(
        async () => {
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          if (inFlight === 3) release();
          await gate;
          inFlight -= 1;
          done += 1;
        },
        { concurrency: 3 },
      );
      await eventually(() => done === 6);
      expect(maxInFlight).toBe(3);
    });

    it('rejects an invalid payload and an invalid id before queueing anything', async () => {
      const q = await open();
      await expect(q.enqueue('bad', { n: 1.5 })).rejects.toMatchObject({ code: 'HB_QUEUE_PAYLOAD_INVALID' });
      await expect(q.enqueue('a:b', { n: 1 })).rejects.toMatchObject({ code: 'HB_QUEUE_JOB_ID_INVALID' });
      await expect(q.enqueue('123', { n: 1 })).rejects.toMatchObject({ code: 'HB_QUEUE_JOB_ID_INVALID' });
      expect((await q.depth()).waiting).toBe(0);
    });

    it('accepts one process() per queue', async () => {
      const q = await open();
      await q.process(async () => undefined);
      await expect(q.process(async () => undefined)).rejects.toMatchObject({
        code: 'HB_QUEUE_ALREADY_PROCESSING',
      });
    });

    describe('when closed with a job in progress', () => {
      it('waits for the handler to settle, then refuses new work', async () => {
        const q = await open();
        let started = false;
        let finished = false;
        let release: () => void = () => undefined;
        await q.process(async () => {
          started = true;
          await new Promise<void>((r) => (release = r));
          finished = true;
        });
        await q.enqueue('slow', { n: 1 });
        await eventually(() => started);
        const closing = q.close();
        setTimeout(() => release(), 50);
        await closing;
        expect(finished).toBe(true);
        await expect(q.enqueue('late', { n: 1 })).rejects.toMatchObject({ code: 'HB_QUEUE_CLOSED' });
        await q.close();
      });
    });
  });
}
