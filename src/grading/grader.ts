/**
 * The grader: runs every test of a task against a submission, each in its own forked child,
 * several at once (the engine queues them on its workers), and scores the result.
 *
 * At most `concurrency` tests are in flight, so when the first one shows the code cannot run
 * at all (syntax error, failure at import time) the rest are not dispatched pointlessly.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { toHackBridgeError } from '../common/index.js';
import {
  gradingResultSchema,
  type GradingResult,
  type GradingStatus,
  type TestResult,
  type TestStatus,
} from './result-schema.js';
import { runTest, type FatalError, type TestRun } from './run-test.js';
import type { Runner } from './runner.js';
import { scoreTests } from './score.js';
import type { TaskCatalog } from './load.js';
import type { Task } from './task-schema.js';

/** Progress of one submission, for the bridge's WebSocket and the CLI. Tests count from 1. */
export type GradingProgress =
  | { readonly phase: 'queued'; readonly of: number }
  | { readonly phase: 'running'; readonly test: number; readonly of: number }
  | {
      readonly phase: 'tested';
      readonly test: number;
      readonly of: number;
      readonly status: TestStatus;
      readonly completed: number;
    }
  | { readonly phase: 'done'; readonly score: number; readonly status: GradingStatus };

export interface SubmitOptions {
  readonly onProgress?: (event: GradingProgress) => void;
}

/** Static analysis of the submission; its failure never fails grading. */
export type Analyzer = (code: string) => Promise<unknown>;

export interface GraderOptions {
  readonly engine: Runner;
  readonly tasks: TaskCatalog;
  /**
   * Attach a static analysis report to each result: `true` for the analysis module's
   * `analyzeCode` with its default policy, or an analyzer of your own (e.g. with a task's
   * policy). None by default.
   */
  readonly analyze?: boolean | Analyzer;
  /** Tests of one submission in flight at once; default: the CPU count. */
  readonly concurrency?: number;
}

export interface Grader {
  readonly tasks: TaskCatalog;
  /** Grades `code` against task `taskId`; throws only HackBridge's own faults (e.g. HB_TASK_NOT_FOUND). */
  submit(taskId: string, code: string, options?: SubmitOptions): Promise<GradingResult>;
}

const NOT_RUN = 'Not run: the submission failed before the tests could run.';

/** Fatal errors found by a hidden test at import time may carry its args; say only where. */
function reportableFatal(fatal: FatalError, hidden: boolean): FatalError {
  if (!hidden || fatal.phase === 'compile' || fatal.type === 'SyntaxError' || fatal.type === 'EntryNotFound')
    return fatal;
  return { type: 'Error', message: 'the submission failed at import time', line: null, phase: fatal.phase };
}

async function runAll(
  engine: Runner,
  task: Task,
  code: string,
  concurrency: number,
  emit: (e: GradingProgress) => void,
): Promise<{ runs: (TestRun | undefined)[]; fatal?: FatalError }> {
  const of = task.tests.length;
  // Visible tests first: if the code dies at import time, the reported error comes from one.
  const order = task.tests
    .map((t, i) => i)
    .sort((a, b) => Number(task.tests[a]!.hidden) - Number(task.tests[b]!.hidden));
  const runs: (TestRun | undefined)[] = new Array<TestRun | undefined>(of).fill(undefined);
  let next = 0;
  let completed = 0;
  let fatal: FatalError | undefined;
  const worker = async (): Promise<void> => {
    while (fatal === undefined && next < order.length) {
      const i = order[next++]!;
      const test = task.tests[i]!;
      emit({ phase: 'running', test: i + 1, of });
      const run = await runTest(engine, task, test, code);
      runs[i] = run;
      completed += 1;
      if (run.fatal !== undefined && fatal === undefined) fatal = reportableFatal(run.fatal, test.hidden);
      emit({ phase: 'tested', test: i + 1, of, status: run.result.status, completed });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, of)) }, worker));
  return fatal === undefined ? { runs } : { runs, fatal };
}

type AnalysisOutcome = { analysis?: unknown; analysisError?: { code: string; message: string } };

async function analyzeSafely(analyze: Analyzer | undefined, code: string): Promise<AnalysisOutcome> {
  if (analyze === undefined) return {};
  try {
    return { analysis: await analyze(code) };
  } catch (thrown) {
    // Analysis is advisory: its failure must not fail grading, but the result says it is missing.
    const e = toHackBridgeError(thrown);
    return { analysisError: { code: e.code, message: e.message } };
  }
}

/** The analysis module loads a WebAssembly parser: import it only when a report is wanted. */
export const defaultAnalyzer: Analyzer = async (code) => {
  const { analyzeCode } = await import('../analysis/index.js');
  return analyzeCode(code);
};

export function createGrader(options: GraderOptions): Grader {
  const concurrency = options.concurrency ?? availableParallelism();
  const analyze = options.analyze === true ? defaultAnalyzer : options.analyze || undefined;
  return {
    tasks: options.tasks,
    async submit(taskId, code, submitOptions = {}) {
      const task = options.tasks.require(taskId);
      const listener = submitOptions.onProgress;
      // A listener that throws (a closed WebSocket) must not cost the participant their grade.
      const emit = (e: GradingProgress): void => {
        try {
          listener?.(e);
        } catch {
          // progress is advisory
        }
      };
      const started = performance.now();
      emit({ phase: 'queued', of: task.tests.length });
      let testsDone = started;
      const [{ runs, fatal }, analysis] = await Promise.all([
        runAll(options.engine, task, code, concurrency, emit).finally(() => (testsDone = performance.now())),
        analyzeSafely(analyze, code),
      ]);
      const tests: TestResult[] = task.tests.map(
        (t, i) =>
          runs[i]?.result ?? {
            name: t.name,
            status: 'error',
            hidden: t.hidden,
            weight: t.weight,
            time: 0,
            memory: 0,
            message: NOT_RUN,
          },
      );
      const scored = scoreTests(tests.map((t) => ({ passed: t.status === 'passed', weight: t.weight })));
      const result: GradingResult = {
        taskId: task.id,
        score: fatal === undefined ? scored.score : 0,
        status: fatal === undefined ? scored.status : 'error',
        passed: fatal === undefined ? scored.passed : 0,
        total: tests.length,
        tests,
        // The tests' wall time; static analysis runs beside them and is not counted.
        executionTime: Math.round(testsDone - started) / 1000,
        memoryUsage: tests.reduce((m, t) => Math.max(m, t.memory), 0),
        ...(fatal === undefined ? {} : { error: fatal }),
        ...analysis,
      };
      emit({ phase: 'done', score: result.score, status: result.status });
      // Parsing our own output enforces the no-leak rule for hidden tests on every result.
      return gradingResultSchema.parse(result);
    },
  };
}
