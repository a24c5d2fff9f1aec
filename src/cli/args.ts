/**
 * Command-line flag parsing shared by every command: strict (unknown flags are errors),
 * positionals allowed, and every parse failure becomes an `HB_USAGE` error (exit 2).
 */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { usageError } from '../common/index.js';

export type FlagOptions = NonNullable<ParseArgsConfig['options']>;

export function parseFlags<O extends FlagOptions>(
  argv: readonly string[],
  options: O,
): ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (cause) {
    throw usageError((cause as Error).message);
  }
}
