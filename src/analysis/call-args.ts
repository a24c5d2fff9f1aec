/**
 * Shared shapes of call handling: the evaluated arguments of a call and the handler type.
 */
import type { PyNode } from './ast.js';
import type { Evaluator } from './evaluate.js';
import type { Value } from './values.js';
import { isText } from './values.js';

export interface Args {
  readonly pos: Value[];
  /** Shared by calls without keyword arguments (NO_KEYWORDS): read-only. */
  readonly kw: ReadonlyMap<string, Value>;
  /** `*args`/`**kwargs` present: positions are not reliable. */
  readonly starred: boolean;
}

/** Most calls pass no keyword arguments: they share this empty map instead of making one each. */
export const NO_KEYWORDS: ReadonlyMap<string, Value> = new Map();

export type Handler = (ev: Evaluator, args: Args, node: PyNode, path: string) => Value;

export const text = (v: Value | undefined): string | undefined =>
  v !== undefined && isText(v) ? v.v : undefined;

/**
 * Methods that only process APIs have (`.system`, `.popen`, `.execv`, ...), called on an
 * object we could not resolve (a module passed as a parameter or stored on a class): judged
 * by name, since no solution's own class needs these names.
 */
export const processMethodNames =
  /^(system|popen|popen2|popen3|execv|execve|execvp|execvpe|execl|execle|execlp|execlpe|spawnv|spawnve|spawnvp|spawnl|spawnlp|posix_spawn|posix_spawnp|check_output|check_call|getoutput|getstatusoutput|forkpty)$/;
