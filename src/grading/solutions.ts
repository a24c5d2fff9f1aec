/**
 * Solution checks for task authors (CodeRunner's "validate on save", for a whole catalog):
 * every `tasks/<id>/solutions/*.py` declares on its first line what it must score,
 * `# expect: <score> <status>`, and is graded for real to confirm it. A task's tests are only
 * as good as the wrong solutions they catch.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Grader } from './grader.js';
import type { GradingResult, GradingStatus } from './result-schema.js';
import { gradingStatuses } from './result-schema.js';

const EXPECT_LINE = /^# expect: (\d{1,3}) ([a-z]+)\s*$/;

export interface SolutionSpec {
  readonly taskId: string;
  /** Path relative to the task folder, e.g. `solutions/reference.py`. */
  readonly file: string;
  readonly code: string;
  /** Undefined when the first line is not a valid `# expect:` line. */
  readonly expected?: { readonly score: number; readonly status: GradingStatus };
}

export interface SolutionCheck {
  readonly solution: SolutionSpec;
  readonly result: GradingResult;
  readonly ok: boolean;
  /** Why it is not ok: a missing header, or what it scored instead. */
  readonly problem?: string;
}

/** The solutions of one task folder, with what each declares. */
export function readSolutions(taskId: string, taskDir: string): SolutionSpec[] {
  const dir = join(taskDir, 'solutions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.py'))
    .sort()
    .map((f) => {
      const code = readFileSync(join(dir, f), 'utf8');
      const m = EXPECT_LINE.exec(code.split('\n', 1)[0] ?? '');
      const status = m?.[2] as GradingStatus | undefined;
      const base = { taskId, file: `solutions/${f}`, code };
      return m !== null && status !== undefined && gradingStatuses.includes(status)
        ? { ...base, expected: { score: Number(m[1]), status } }
        : base;
    });
}

/** Grades one solution and compares with what it declares. */
export async function checkSolution(grader: Grader, solution: SolutionSpec): Promise<SolutionCheck> {
  const result = await grader.submit(solution.taskId, solution.code);
  const want = solution.expected;
  if (want === undefined)
    return { solution, result, ok: false, problem: "first line must be '# expect: <score> <status>'" };
  const ok = result.score === want.score && result.status === want.status;
  return ok
    ? { solution, result, ok }
    : {
        solution,
        result,
        ok,
        problem: `expected ${want.score} ${want.status}, got ${result.score} ${result.status}`,
      };
}
