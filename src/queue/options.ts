/** Defaults and checks shared by both queue implementations, so they behave alike. */
import type { z } from 'zod';
import { jobIdInvalid, payloadInvalid } from './errors.js';
import type { QueueOptions } from './types.js';

export interface ResolvedQueueOptions<T> {
  readonly name: string;
  readonly payloadSchema: z.ZodType<T>;
  readonly attempts: number;
  readonly backoffMs: number;
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
  readonly redisUrl: string;
  readonly prefix: string;
  readonly connectTimeoutMs: number;
  readonly onError: (err: unknown) => void;
}

export function resolveOptions<T>(o: QueueOptions<T>): ResolvedQueueOptions<T> {
  const lockDurationMs = o.lockDurationMs ?? 30_000;
  return {
    name: o.name,
    payloadSchema: o.payloadSchema,
    attempts: Math.max(1, Math.floor(o.attempts ?? 3)),
    backoffMs: Math.max(0, o.backoffMs ?? 1000),
    lockDurationMs,
    stalledIntervalMs: o.stalledIntervalMs ?? lockDurationMs,
    redisUrl: o.redisUrl ?? 'redis://127.0.0.1:6379',
    prefix: o.prefix ?? 'hackbridge',
    connectTimeoutMs: o.connectTimeoutMs ?? 5000,
    onError: o.onError ?? (() => undefined),
  };
}

/**
 * Job ids become Redis key parts in BullMQ, which rejects `:` and all-digit ids; the memory
 * queue applies the same rule so code that works on one works on the other.
 */
export function checkJobId(id: string): string {
  if (!/^[A-Za-z0-9_.-]{1,200}$/.test(id) || /^\d+$/.test(id)) throw jobIdInvalid(id);
  return id;
}

export function parsePayload<T>(schema: z.ZodType<T>, id: string, payload: unknown): T {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw payloadInvalid(id, issue?.path.map(String).join('.') ?? '', issue?.message ?? 'invalid');
}

/** Delay before retry number `attempt` (1-based count of failed deliveries): doubling. */
export function backoffDelayMs(backoffMs: number, failedAttempts: number): number {
  return backoffMs * 2 ** Math.max(0, failedAttempts - 1);
}
