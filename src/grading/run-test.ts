/**
 * Runs one test in its own forked child and turns the engine's RunResult into a TestResult.
 * Expected values stay here on the Node side: the child gets only the args (function mode)
 * or the stdin (stdio mode); the comparison happens after it is gone.
 */
import { checkText, checkValue, type CheckOutcome } from './checkers.js';
import { runCustomChecker } from './custom-checker.js';
import { errorMessage, hiddenMessage, limitMessage, preview } from './feedback.js';
import type { TestResult, TestStatus } from './result-schema.js';
import type { RunError, RunOutcome, Runner } from './runner.js';
import { expectedOf } from './load.js';
import type { Task, TaskTest } from './task-schema.js';
import { parseJsonExact } from './values.js';

/** The code could not run at all (syntax error, failure at import): the whole grading is `error`. */
export interface FatalError {
  readonly type: string;
  readonly message: string;
  readonly line: number | null;
  readonly phase: 'compile' | 'import' | 'call' | null;
}

export interface TestRun {
  readonly result: TestResult;
  readonly fatal?: FatalError;
}

/** The engine's error type when the module defines no callable `entry`. */
const ENTRY_NOT_FOUND = 'EntryNotFound';

/** Printed text shown for a visible function-mode test, characters. */
const STDOUT_PREVIEW_CHARS = 1000;

function fatalOf(error: RunError | null | undefined, fallback: string): FatalError {
  return {
    type: error?.type ?? fallback,
    message: error?.message ?? fallback,
    line: error?.line ?? null,
    phase: error?.phase ?? null,
  };
}

/** Wall limit: a test blocked on nothing (sleep) must still end; CPU limit is the judge's one. */
export function wallSeconds(cpuSeconds: number): number {
  return Math.max(2 * cpuSeconds, cpuSeconds + 1);
}

interface Judged {
  status: TestStatus;
  message: string;
  actual?: unknown;
  fatal?: FatalError;
}

function limitStatus(r: RunOutcome): TestStatus | undefined {
  if (r.status === 'timeout' || r.status === 'memory_limit' || r.status === 'output_limit') return r.status;
  return undefined;
}

async function compare(runner: Runner, task: Task, test: TaskTest, actual: unknown): Promise<Judged> {
  let outcome: CheckOutcome;
  if (task.checker.kind === 'custom' && task.checkerSource !== undefined) {
    const input = task.mode === 'function' ? test.args : test.stdin;
    const custom = await runCustomChecker(runner, task.checkerSource, input, expectedOf(test), actual);
    if ('checkerError' in custom) return { status: 'error', message: custom.checkerError, actual };
    outcome = custom;
  } else if (task.mode === 'function') {
    outcome = checkValue(task.checker, actual, expectedOf(test));
  } else {
    outcome = checkText(task.checker, String(actual), String(expectedOf(test) ?? ''));
  }
  return outcome.passed
    ? { status: 'passed', message: outcome.message ?? 'Passed.', actual }
    : { status: 'failed', message: outcome.message ?? 'Wrong answer.', actual };
}

async function judge(runner: Runner, task: Task, test: TaskTest, r: RunOutcome): Promise<Judged> {
  const limit = limitStatus(r);
  if (limit !== undefined) return { status: limit, message: limitMessage(limit, task.limits) };
  switch (r.status) {
    case 'syntax_error':
      return {
        status: 'error',
        message: errorMessage(fatalOf(r.error, 'SyntaxError')),
        fatal: fatalOf(r.error, 'SyntaxError'),
      };
    case 'runtime_error': {
      const message = r.error ? errorMessage(r.error) : 'Runtime error.';
      // In function mode the module body runs before any test input is used, so a failure
      // there (or a missing entry function, the engine's EntryNotFound) is the code's, not
      // the test's: no test can run. In stdio mode the whole program reads its input, so a
      // crash is charged to the test.
      const beforeCall =
        r.error?.phase === 'import' || r.error?.phase === 'compile' || r.error?.type === ENTRY_NOT_FOUND;
      if (task.mode === 'function' && beforeCall)
        return { status: 'error', message, fatal: fatalOf(r.error, 'Error') };
      return { status: 'error', message };
    }
    case 'security_violation':
      return {
        status: 'error',
        message: `Blocked by the sandbox: ${r.error ? errorMessage(r.error) : 'forbidden operation'}`,
      };
    case 'internal_error':
      return { status: 'error', message: 'Internal error of the grader (not caused by the submission).' };
    case 'success':
      break;
    default:
      return { status: 'error', message: `Unexpected run status '${r.status}'.` };
  }
  if (task.mode === 'stdio') return compare(runner, task, test, r.stdout);
  const rv = r.returnValue;
  if (rv === undefined || rv === null)
    return { status: 'error', message: 'The function returned no value to the grader.' };
  if (rv.kind === 'unserialisable') {
    return {
      status: 'failed',
      message: `Returned a value of type ${rv.type}, which JSON cannot carry: ${rv.repr.slice(0, 200)}`,
    };
  }
  let actual: unknown;
  try {
    actual = parseJsonExact(rv.json);
  } catch {
    return { status: 'failed', message: 'Returned a value JSON cannot carry.' };
  }
  return compare(runner, task, test, actual);
}

/** Runs `test` of `task` against `code` in a fresh child. */
export async function runTest(runner: Runner, task: Task, test: TaskTest, code: string): Promise<TestRun> {
  const r = await runner.run(code, {
    timeLimit: task.limits.time,
    wallTimeLimit: wallSeconds(task.limits.time),
    memoryLimit: task.limits.memory,
    outputLimit: task.limits.output,
    filename: 'solution.py',
    ...(task.mode === 'function'
      ? { call: { entry: task.entry ?? 'solution', args: [...(test.args ?? [])] } }
      : { stdin: test.stdin ?? '' }),
  });
  const j = await judge(runner, task, test, r);
  const base = {
    name: test.name,
    status: j.status,
    hidden: test.hidden,
    weight: test.weight,
    time: Math.round(r.cpuTime * 1000) / 1000,
    memory: Math.round(r.memoryUsage),
  };
  const result: TestResult = test.hidden
    ? { ...base, message: hiddenMessage(j.status) }
    : {
        ...base,
        message: j.message,
        input: preview(task.mode === 'function' ? test.args : test.stdin),
        expected: preview(expectedOf(test)),
        ...(j.actual === undefined ? {} : { actual: preview(j.actual) }),
        ...(task.mode === 'function' && r.stdout !== ''
          ? { stdout: preview(r.stdout, STDOUT_PREVIEW_CHARS) as string }
          : {}),
      };
  return j.fatal === undefined ? { result } : { result, fatal: j.fatal };
}
