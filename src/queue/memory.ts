/**
 * The in-process queue: a FIFO of waiting jobs, a timer per delayed retry, a bounded list of
 * failed ids. Nothing survives the process — after a restart the service re-enqueues the
 * store's unfinished submissions, which is what makes this queue enough for one machine.
 */
import { alreadyProcessing, queueClosed } from './errors.js';
import type { ResolvedQueueOptions } from './options.js';
import { backoffDelayMs, checkJobId, parsePayload } from './options.js';
import type { Job, JobHandler, JobQueue, ProcessOptions, QueueDepth } from './types.js';

type State = 'waiting' | 'active' | 'delayed' | 'failed';

interface Entry<T> {
  readonly id: string;
  readonly payload: T;
  failedAttempts: number;
  state: State;
  timer?: NodeJS.Timeout | undefined;
}

/** Failed jobs kept (so depth() counts them), oldest dropped first. */
const MAX_FAILED_KEPT = 1000;

export function createMemoryQueue<T>(o: ResolvedQueueOptions<T>): JobQueue<T> {
  const entries = new Map<string, Entry<T>>();
  const waiting: Entry<T>[] = [];
  const failedOrder: string[] = [];
  const running = new Set<Promise<void>>();
  let handler: JobHandler<T> | undefined;
  let concurrency = 1;
  let onFailed: ProcessOptions['onFailed'];
  let active = 0;
  let closed = false;

  const count = (state: State): number => [...entries.values()].filter((e) => e.state === state).length;

  function fail(entry: Entry<T>, job: Job<T>, error: unknown): void {
    entry.state = 'failed';
    failedOrder.push(entry.id);
    if (failedOrder.length > MAX_FAILED_KEPT) entries.delete(failedOrder.shift() ?? '');
    try {
      onFailed?.(job, error);
    } catch (err) {
      o.onError(err);
    }
  }

  async function run(entry: Entry<T>, h: JobHandler<T>): Promise<void> {
    const job: Job<T> = {
      id: entry.id,
      payload: entry.payload,
      attempt: entry.failedAttempts + 1,
      maxAttempts: o.attempts,
    };
    try {
      await h(job);
      entries.delete(entry.id); // acknowledged
    } catch (error) {
      entry.failedAttempts += 1;
      // Closing drops the retry, as a process exit would; the store still lists the work.
      if (closed) return;
      if (entry.failedAttempts >= o.attempts) {
        fail(entry, job, error);
        return;
      }
      entry.state = 'delayed';
      entry.timer = setTimeout(
        () => {
          entry.timer = undefined;
          entry.state = 'waiting';
          waiting.push(entry);
          pump();
        },
        backoffDelayMs(o.backoffMs, entry.failedAttempts),
      );
    }
  }

  function pump(): void {
    const h = handler;
    if (h === undefined) return;
    while (!closed && active < concurrency && waiting.length > 0) {
      const entry = waiting.shift();
      if (entry === undefined) break;
      entry.state = 'active';
      active += 1;
      const p = run(entry, h).finally(() => {
        active -= 1;
        running.delete(p);
        pump();
      });
      running.add(p);
    }
  }

  return {
    kind: 'memory',

    async enqueue(id: string, payload: T): Promise<void> {
      if (closed) throw queueClosed('enqueue');
      checkJobId(id);
      const existing = entries.get(id);
      if (existing !== undefined && existing.state !== 'failed') return;
      if (existing !== undefined) failedOrder.splice(failedOrder.indexOf(id), 1);
      const entry: Entry<T> = {
        id,
        payload: parsePayload(o.payloadSchema, id, payload),
        failedAttempts: 0,
        state: 'waiting',
      };
      entries.set(id, entry);
      waiting.push(entry);
      // Start handlers on a later tick: enqueue returns before any handler runs, as with Redis.
      queueMicrotask(pump);
    },

    process(h: JobHandler<T>, options: ProcessOptions = {}): Promise<void> {
      if (closed) return Promise.reject(queueClosed('process'));
      if (handler !== undefined) return Promise.reject(alreadyProcessing());
      handler = h;
      concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
      onFailed = options.onFailed as ProcessOptions['onFailed'];
      pump();
      return Promise.resolve();
    },

    depth(): Promise<QueueDepth> {
      return Promise.resolve({
        waiting: count('waiting'),
        active: count('active'),
        delayed: count('delayed'),
        failed: count('failed'),
      });
    },

    async close(): Promise<void> {
      closed = true;
      for (const e of entries.values()) if (e.timer !== undefined) clearTimeout(e.timer);
      await Promise.allSettled([...running]);
    },
  };
}
