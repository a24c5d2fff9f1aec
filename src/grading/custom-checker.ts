/**
 * A task's `checker.py` runs in its own sandboxed child: `check(input, expected, actual)`
 * through the engine's function call, never in the submission's process. It may return a
 * bool or `(bool, message)`; anything else, or a crash, is the task's fault and is reported
 * as a test `error` naming the checker, not as a wrong answer.
 */
import type { CheckOutcome } from './checkers.js';
import { errorMessage } from './feedback.js';
import type { Runner } from './runner.js';
import { parseJsonExact, toWire } from './values.js';

/** The checker's own limits: it is trusted task code, but still bounded (CPU s, MB, KB). */
const CHECKER_LIMITS = { timeLimit: 5, wallTimeLimit: 10, memoryLimit: 256, outputLimit: 64 } as const;

export type CustomOutcome = CheckOutcome | { readonly checkerError: string };

export async function runCustomChecker(
  runner: Runner,
  source: string,
  input: unknown,
  expected: unknown,
  actual: unknown,
): Promise<CustomOutcome> {
  const r = await runner.run(source, {
    ...CHECKER_LIMITS,
    filename: 'checker.py',
    // bigints travel as decimal strings: the checker is the author's code and can int() them
    call: { entry: 'check', args: [input, toWire(expected), toWire(actual)] },
  });
  if (r.status !== 'success') {
    const why = r.error ? errorMessage(r.error) : r.status;
    return { checkerError: `the task's checker failed: ${why}` };
  }
  if (r.returnValue?.kind !== 'json') return { checkerError: "the task's checker returned no JSON value" };
  let value: unknown;
  try {
    value = parseJsonExact(r.returnValue.json);
  } catch {
    return { checkerError: "the task's checker returned a value JSON cannot carry" };
  }
  if (typeof value === 'boolean') return { passed: value };
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'boolean') {
    const message = typeof value[1] === 'string' ? value[1] : JSON.stringify(value[1]);
    return { passed: value[0], message };
  }
  return { checkerError: "the task's checker must return a bool or (bool, message)" };
}
