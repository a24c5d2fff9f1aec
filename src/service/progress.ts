/**
 * Submission progress fan-out: the consumer publishes (queued, running test k of n, done),
 * WebSocket subscribers listen by submission id. In-process an EventEmitter is enough; when
 * the consumers are separate `hackbridge worker` processes (BullMQ), progress crosses
 * processes over one Redis pub/sub channel and every API process re-emits it locally.
 * Progress is advisory: the store holds the truth, and a subscriber that joins late is sent
 * the stored state first.
 */
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { submissionStateSchema } from './schemas.js';

export const progressEventSchema = z.object({
  id: z.string(),
  state: submissionStateSchema,
  /** 1-based index of the test now running, and how many there are. */
  test: z.number().int().min(0).optional(),
  of: z.number().int().min(0).optional(),
});
export type ProgressEvent = z.infer<typeof progressEventSchema>;

export interface ProgressHub {
  publish(event: ProgressEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(submissionId: string, listener: (event: ProgressEvent) => void): () => void;
  close(): Promise<void>;
}

function localHub(): ProgressHub & { emit(event: ProgressEvent): void } {
  const emitter = new EventEmitter();
  // One listener per open WebSocket subscription; many are expected under load.
  emitter.setMaxListeners(0);
  const emit = (event: ProgressEvent): void => void emitter.emit(event.id, event);
  return {
    emit,
    publish: emit,
    subscribe(id, listener) {
      emitter.on(id, listener);
      return () => void emitter.off(id, listener);
    },
    close: async () => void emitter.removeAllListeners(),
  };
}

/** In-process fan-out (embedded consumer, desktop, tests). */
export function createLocalProgressHub(): ProgressHub {
  return localHub();
}

/**
 * Cross-process fan-out over Redis pub/sub. Publishing goes only to Redis; the subscriber
 * connection re-emits every message locally, this process's own included, so each event is
 * delivered once.
 */
export async function createRedisProgressHub(redisUrl: string, channel: string): Promise<ProgressHub> {
  const local = localHub();
  const pub = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  const sub = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await Promise.all([pub.connect(), sub.connect()]);
  sub.on('message', (ch: string, text: string) => {
    if (ch !== channel) return;
    try {
      const parsed = progressEventSchema.safeParse(JSON.parse(text));
      if (parsed.success) local.emit(parsed.data);
    } catch {
      // A malformed message on our channel is dropped: progress is advisory.
    }
  });
  await sub.subscribe(channel);
  return {
    publish: (event) => void pub.publish(channel, JSON.stringify(event)).catch(() => undefined),
    subscribe: local.subscribe,
    async close() {
      await local.close();
      sub.disconnect();
      pub.disconnect();
    },
  };
}
