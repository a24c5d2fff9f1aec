/**
 * Batch grading: many submissions of one task (a class's homework, a contest's entries).
 * Submissions are graded a few at a time so the engine's workers stay busy while Node
 * parses one result and dispatches the next.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { HackBridgeError, isHackBridgeError } from '../common/index.js';
import type { Grader } from './grader.js';
import type { GradingResult } from './result-schema.js';
import type { Task } from './task-schema.js';

export interface BatchEntry {
  /** The submission's path as given (relative to the working directory when under it). */
  readonly file: string;
  readonly result: GradingResult;
}

const GLOB_CHARS = /[*?[]/;

/** `**` any directories, `*` anything but `/`, `?` one character, `[...]` a class. */
function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      re += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += pattern[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern.slice(i + 1, end).replace(/^!/, '^')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    if (d.name.startsWith('.') || d.name === 'node_modules' || d.name === '__pycache__') return [];
    const p = join(dir, d.name);
    return d.isDirectory() ? walk(p) : d.isFile() ? [p] : [];
  });
}

/**
 * The submissions a `DIR_OR_GLOB` names: every `.py` file under a directory, or the files a
 * glob matches. Sorted, so reports are stable.
 */
export function expandSubmissions(pattern: string, cwd: string): string[] {
  const abs = resolve(cwd, pattern);
  const shown = (p: string): string => (p.startsWith(cwd + sep) ? relative(cwd, p) : p);
  if (!GLOB_CHARS.test(pattern)) {
    let isDir: boolean;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      throw new HackBridgeError('HB_USAGE', `No such file or directory: ${pattern}`, {
        statusCode: 400,
        details: { pattern },
      });
    }
    return (isDir ? walk(abs).filter((f) => f.endsWith('.py')) : [abs]).sort().map(shown);
  }
  const parts = abs.split('/');
  const firstGlob = parts.findIndex((p) => GLOB_CHARS.test(p));
  const base = parts.slice(0, firstGlob).join('/') || '/';
  const re = globToRegExp(parts.slice(firstGlob).join('/'));
  let files: string[];
  try {
    files = walk(base);
  } catch {
    files = [];
  }
  return files
    .filter((f) => re.test(relative(base, f).split(sep).join('/')))
    .sort()
    .map(shown);
}

/**
 * One submission of a batch. A file that cannot be read, or that the engine refuses (too
 * large), is that submission's `error`, not the end of the batch: one student's 5 MB file must
 * not cost the other 199 their grades. HackBridge's own faults (5xx) still abort.
 */
async function gradeOne(grader: Grader, task: Task, path: string): Promise<GradingResult> {
  let code: string;
  try {
    code = readFileSync(path, 'utf8');
  } catch (cause) {
    return notGraded(task, 'UnreadableFile', (cause as Error).message);
  }
  try {
    return await grader.submit(task.id, code);
  } catch (thrown) {
    if (isHackBridgeError(thrown) && thrown.statusCode < 500)
      return notGraded(task, thrown.code, thrown.message);
    throw thrown;
  }
}

function notGraded(task: Task, type: string, message: string): GradingResult {
  return {
    taskId: task.id,
    score: 0,
    status: 'error',
    passed: 0,
    total: task.tests.length,
    tests: task.tests.map((t) => ({
      name: t.name,
      status: 'error',
      hidden: t.hidden,
      weight: t.weight,
      time: 0,
      memory: 0,
      message: 'Not run: the submission could not be graded.',
    })),
    executionTime: 0,
    memoryUsage: 0,
    error: { type, message, line: null, phase: null },
  };
}

export interface BatchOptions {
  readonly cwd: string;
  /** Submissions graded at once; each already runs its tests in parallel. */
  readonly concurrency?: number;
  readonly onResult?: (entry: BatchEntry, done: number, total: number) => void;
}

export async function gradeBatch(
  grader: Grader,
  taskId: string,
  files: readonly string[],
  options: BatchOptions,
): Promise<BatchEntry[]> {
  const task = grader.tasks.require(taskId); // fail before reading any file when the task is unknown
  const entries: BatchEntry[] = new Array<BatchEntry>(files.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      const file = files[i]!;
      entries[i] = { file, result: await gradeOne(grader, task, resolve(options.cwd, file)) };
      options.onResult?.(entries[i], ++done, files.length);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 2, files.length)) }, worker),
  );
  return entries;
}
