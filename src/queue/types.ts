/**
 * The JobQueue contract: at-least-once delivery of jobs keyed by id, with one implementation
 * in-process (`memory`) and one on Redis (`bullmq`) for many workers on many machines.
 *
 * A job is acknowledged only after its handler resolves, so the handler must store its result
 * before returning; a worker that dies mid-job leaves the job to be delivered again (BullMQ
 * notices the stalled lock). Handlers must therefore be idempotent — the Store's
 * claim/finish transitions make the submission handler so.
 */
import type { z } from 'zod';

export interface Job<T> {
  readonly id: string;
  readonly payload: T;
  /** 1 on the first delivery, counting retries after a thrown handler. */
  readonly attempt: number;
  /** When `attempt === maxAttempts` a throw fails the job for good; record the failure first. */
  readonly maxAttempts: number;
}

/** Resolves → the job is acknowledged (removed). Throws → retried with backoff, then failed. */
export type JobHandler<T> = (job: Job<T>) => Promise<void>;

export interface ProcessOptions {
  /** Jobs handled at once by this process. Default 1. */
  readonly concurrency?: number;
  /**
   * Called once a job has failed its last attempt (best effort: a process killed at that very
   * moment skips it, so a handler should record failure itself on its last attempt).
   */
  readonly onFailed?: (job: Job<unknown>, error: unknown) => void;
}

export interface QueueDepth {
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly failed: number;
}

export interface JobQueue<T> {
  readonly kind: 'memory' | 'bullmq';
  /**
   * Adds a job. Idempotent on id: enqueueing an id that is still waiting, active or delayed
   * does nothing. A completed job is gone, and a failed one is replaced by a fresh job (all
   * attempts again): the store, not the queue, says what is unfinished, so re-enqueueing an
   * unfinished submission after a restart must run it even if its job failed (for instance a
   * job that stalled out because its workers kept dying).
   */
  enqueue(id: string, payload: T): Promise<void>;
  /** Starts handling jobs in this process. May be called once per queue instance. */
  process(handler: JobHandler<T>, options?: ProcessOptions): Promise<void>;
  depth(): Promise<QueueDepth>;
  /** Stops taking jobs, waits for active handlers to settle, releases connections. Idempotent. */
  close(): Promise<void>;
}

/** Options for `createQueue(options)`; the `queue` config section supplies most of them. */
export interface QueueOptions<T> {
  readonly kind: 'memory' | 'bullmq';
  /** Queue name; jobs of different names never mix. */
  readonly name: string;
  /** Validates every payload on enqueue and again when a worker receives it. */
  readonly payloadSchema: z.ZodType<T>;
  /** bullmq: e.g. `redis://127.0.0.1:6379`. */
  readonly redisUrl?: string;
  /** bullmq: key prefix, unique per deployment (and per test). */
  readonly prefix?: string;
  /** Deliveries per job before it fails for good. Default 3. */
  readonly attempts?: number;
  /** First retry delay; doubles each retry. Default 1000 ms. */
  readonly backoffMs?: number;
  /**
   * bullmq: how long a worker's lock on a job lasts without renewal; a killed worker's job is
   * redelivered after about this long. Default 30 000 ms.
   */
  readonly lockDurationMs?: number;
  /** bullmq: how often workers look for stalled jobs. Default lockDurationMs. */
  readonly stalledIntervalMs?: number;
  /**
   * bullmq: how long `createQueue` and `enqueue` wait for Redis before HB_QUEUE_UNAVAILABLE.
   * Default 5000 ms. A command sent meanwhile still runs once Redis is back (enqueue is
   * idempotent, so that is harmless).
   */
  readonly connectTimeoutMs?: number;
  /** Background faults (lost connection, failed lock renewal), e.g. to log them. */
  readonly onError?: (err: unknown) => void;
}
