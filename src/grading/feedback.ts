/**
 * What a participant is told about one test. Hidden tests get a sentence that depends only on
 * the status: anything the submission controls (exception messages, printed text, even an
 * exception's class name, which code can build from the arguments) could smuggle a hidden
 * input out, so none of it reaches a hidden test's feedback.
 */
import type { TestStatus } from './result-schema.js';
import { canonicalJson, toWire } from './values.js';

const generic: Record<TestStatus, string> = {
  passed: 'Passed.',
  failed: 'Wrong answer.',
  error: 'Runtime error.',
  timeout: 'Time limit exceeded.',
  memory_limit: 'Memory limit exceeded.',
  output_limit: 'Output limit exceeded.',
};

export function hiddenMessage(status: TestStatus): string {
  return generic[status];
}

/** Longest text shown for one value in feedback, characters. */
export const PREVIEW_CHARS = 2000;

/** Keeps a value as is when it is small; otherwise a shortened string saying how much was cut. */
export function preview(value: unknown, limitChars: number = PREVIEW_CHARS): unknown {
  if (typeof value === 'string') {
    return value.length <= limitChars
      ? value
      : `${value.slice(0, limitChars)}… (${value.length - limitChars} more characters)`;
  }
  const json = canonicalJson(value);
  if (json.length <= limitChars) return toWire(value);
  return `${json.slice(0, limitChars)}… (${json.length - limitChars} more characters of JSON)`;
}

export function limitMessage(
  status: TestStatus,
  limits: { time: number; memory: number; output: number },
): string {
  switch (status) {
    case 'timeout':
      return `Time limit exceeded (${limits.time} s CPU).`;
    case 'memory_limit':
      return `Memory limit exceeded (${limits.memory} MB).`;
    case 'output_limit':
      return `Output limit exceeded (${limits.output} KB).`;
    default:
      return generic[status];
  }
}

export function errorMessage(error: {
  type: string;
  message: string;
  line?: number | null | undefined;
}): string {
  const at = error.line === undefined || error.line === null ? '' : ` (line ${error.line})`;
  return `${error.type}: ${error.message}${at}`;
}
