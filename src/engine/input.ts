/**
 * Job input checks at the Node boundary, before a frame is built. The harness parses frames
 * with Python's json module and writes stdin as UTF-8 bytes: a lone UTF-16 surrogate cannot
 * be encoded, and deeply nested arguments exhaust the parser's recursion limit. Both are
 * settled here, so a job never reaches a zygote with input it cannot carry.
 */
import { HackBridgeError } from '../common/index.js';

/** Nesting depth allowed in call arguments: far below Python's recursion limit (1000). */
export const MAX_ARGS_DEPTH = 100;

/**
 * Returns `text` as it will arrive in UTF-8: every lone surrogate becomes U+FFFD, as
 * Buffer.from(text, 'utf8') does. Stdin is a byte stream; there is no other faithful choice.
 */
export function wellFormedText(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/**
 * Throws HB_ENGINE_INPUT_INVALID (naming `call.args`) when the arguments nest deeper than
 * MAX_ARGS_DEPTH levels (a cycle counts as too deep).
 */
export function checkArgsDepth(args: readonly unknown[]): void {
  const stack: [unknown, number][] = [[args, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_ARGS_DEPTH) {
      throw new HackBridgeError(
        'HB_ENGINE_INPUT_INVALID',
        `call.args nest more than ${MAX_ARGS_DEPTH} levels deep (or are circular)`,
        { statusCode: 400, details: { field: 'call.args', maxDepth: MAX_ARGS_DEPTH } },
      );
    }
    const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
    for (const child of children) stack.push([child, depth + 1]);
  }
}
