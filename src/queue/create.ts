import { createBullmqQueue } from './bullmq.js';
import { createMemoryQueue } from './memory.js';
import { resolveOptions } from './options.js';
import type { JobQueue, QueueOptions } from './types.js';

/**
 * Creates a queue of the configured kind. `bullmq` connects first and throws
 * HB_QUEUE_UNAVAILABLE when Redis does not answer within `connectTimeoutMs`.
 */
export async function createQueue<T>(options: QueueOptions<T>): Promise<JobQueue<T>> {
  const resolved = resolveOptions(options);
  return options.kind === 'bullmq' ? createBullmqQueue(resolved) : createMemoryQueue(resolved);
}
