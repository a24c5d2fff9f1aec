/**
 * Queue: at-least-once jobs, in-process (`memory`) or on Redis (`bullmq`).
 */
export { createQueue } from './create.js';
export type { Job, JobHandler, JobQueue, ProcessOptions, QueueDepth, QueueOptions } from './types.js';
