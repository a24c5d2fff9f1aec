/**
 * The Redis queue (BullMQ), for many `hackbridge worker` processes on many machines.
 *
 * Delivery is at least once: a job leaves Redis only when its handler resolves
 * (`removeOnComplete`). A worker that dies mid-job stops renewing its lock; after
 * `lockDurationMs` another worker's stalled-job check moves the job back to waiting, so a
 * killed worker loses nothing. `maxStalledCount` equals `attempts`, so a job that keeps
 * killing its worker still ends in `failed` instead of looping for ever.
 *
 * Connections are BullMQ's own (we pass options, not an ioredis instance), so BullMQ picks
 * the client settings it needs (maxRetriesPerRequest null for blocking commands) and
 * reconnects with its retry strategy after Redis restarts or drops the connection.
 */
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Job as BullJob } from 'bullmq';
import { alreadyProcessing, queueClosed, queueUnavailable } from './errors.js';
import type { ResolvedQueueOptions } from './options.js';
import { checkJobId, parsePayload } from './options.js';
import type { Job, JobHandler, JobQueue, ProcessOptions, QueueDepth } from './types.js';

/** Failed jobs kept in Redis (so depth() counts them and they can be inspected). */
const FAILED_KEPT = 1000;

async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(queueUnavailable(`no answer from Redis within ${ms} ms (${what})`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (err) {
    if (err instanceof Error && err.name === 'HackBridgeError') throw err;
    throw queueUnavailable(`${what} failed: ${err instanceof Error ? err.message : String(err)}`, err);
  } finally {
    clearTimeout(timer);
  }
}

export async function createBullmqQueue<T>(o: ResolvedQueueOptions<T>): Promise<JobQueue<T>> {
  const connection = {
    url: o.redisUrl,
    connectionName: `${o.prefix}:${o.name}`,
    connectTimeout: o.connectTimeoutMs,
  };
  const queue = new Queue(o.name, {
    connection,
    prefix: o.prefix,
    defaultJobOptions: {
      attempts: o.attempts,
      backoff: { type: 'exponential', delay: o.backoffMs },
      removeOnComplete: true,
      removeOnFail: { count: FAILED_KEPT },
    },
  });
  queue.on('error', o.onError);
  try {
    await within(o.connectTimeoutMs, 'connect', queue.waitUntilReady());
  } catch (err) {
    await queue.close().catch(() => undefined);
    throw err;
  }

  let worker: Worker | undefined;
  let closing: Promise<void> | undefined;

  /** The job as its handler saw it on the attempt that just failed (attemptsMade counts it already). */
  function failedJob(job: BullJob): Job<unknown> {
    return { id: job.id ?? '', payload: job.data, attempt: job.attemptsMade, maxAttempts: o.attempts };
  }

  return {
    kind: 'bullmq',

    async enqueue(id: string, payload: T): Promise<void> {
      if (closing !== undefined) throw queueClosed('enqueue');
      checkJobId(id);
      const data = parsePayload(o.payloadSchema, id, payload);
      await within(
        o.connectTimeoutMs,
        'enqueue',
        (async () => {
          // A failed job of that id is replaced; any other existing job makes add() a no-op,
          // which is the idempotence the contract promises. Two enqueuers racing here both
          // remove and add: the second add is then the no-op.
          const existing = await queue.getJob(id);
          if (existing !== undefined && (await existing.isFailed())) await existing.remove();
          await queue.add('job', data, { jobId: id });
        })(),
      );
    },

    async process(handler: JobHandler<T>, options: ProcessOptions = {}): Promise<void> {
      if (closing !== undefined) throw queueClosed('process');
      if (worker !== undefined) throw alreadyProcessing();
      const w = new Worker(
        o.name,
        async (bullJob: BullJob) => {
          const id = bullJob.id ?? '';
          let payload: T;
          try {
            payload = parsePayload(o.payloadSchema, id, bullJob.data);
          } catch (err) {
            // Retrying cannot fix a payload: fail the job at once.
            throw new UnrecoverableError((err as Error).message);
          }
          await handler({ id, payload, attempt: bullJob.attemptsMade + 1, maxAttempts: o.attempts });
        },
        {
          connection,
          prefix: o.prefix,
          concurrency: Math.max(1, Math.floor(options.concurrency ?? 1)),
          lockDuration: o.lockDurationMs,
          stalledInterval: o.stalledIntervalMs,
          maxStalledCount: o.attempts,
          removeOnComplete: { count: 0 },
          removeOnFail: { count: FAILED_KEPT },
          // Short long-poll (s) so close() does not wait long for the blocking call to return.
          drainDelay: 1,
        },
      );
      w.on('error', o.onError);
      w.on('failed', (job, error) => {
        if (job === undefined || options.onFailed === undefined) return;
        const final = error instanceof UnrecoverableError || job.attemptsMade >= o.attempts;
        if (!final) return;
        try {
          options.onFailed(failedJob(job), error);
        } catch (err) {
          o.onError(err);
        }
      });
      worker = w;
      await within(o.connectTimeoutMs, 'start worker', w.waitUntilReady());
    },

    async depth(): Promise<QueueDepth> {
      const c = await within(
        o.connectTimeoutMs,
        'depth',
        queue.getJobCounts('wait', 'prioritized', 'active', 'delayed', 'failed'),
      );
      return {
        waiting: (c['wait'] ?? 0) + (c['prioritized'] ?? 0),
        active: c['active'] ?? 0,
        delayed: c['delayed'] ?? 0,
        failed: c['failed'] ?? 0,
      };
    },

    close(): Promise<void> {
      closing ??= (async () => {
        // The worker first: it finishes (and acknowledges) its active jobs.
        await worker?.close().catch(o.onError);
        await queue.close().catch(o.onError);
      })();
      return closing;
    },
  };
}
