import type { z } from 'zod';
import { HackBridgeError } from '../common/index.js';

/** Validates a Store argument; a bad one is the caller's fault (HB_STORE_INPUT_INVALID). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, operation: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  throw new HackBridgeError(
    'HB_STORE_INPUT_INVALID',
    `${operation}: ${path || 'input'}: ${issue?.message ?? 'invalid'}`,
    {
      statusCode: 400,
      details: { operation, path, reason: issue?.message },
    },
  );
}
