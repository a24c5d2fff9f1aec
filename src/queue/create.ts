import { HackBridgeError } from '../common/index.js';
import type { JobQueue, QueueOptions } from './types.js';

/** Creates a queue of the configured kind. */
export async function createQueue<T>(options: QueueOptions<T>): Promise<JobQueue<T>> {
  throw new HackBridgeError('HB_INTERNAL', `createQueue(${options.kind}) is not implemented yet`);
}
