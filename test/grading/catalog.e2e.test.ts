/**
 * The sample catalog, graded for real: every solution under tasks/<id>/solutions/ declares
 * `# expect: <score> <status>` on its first line and must get exactly that from the real
 * engine (bubblewrap + seccomp), the checkers and the scorer.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { checkSolution, createGrader, loadTasks, readSolutions } from '../../src/grading/index.js';

const tasks = loadTasks('tasks');
const engine = createEngine({ workers: 2 });
const grader = createGrader({ engine, tasks });
afterAll(() => engine.close());

const solutions = tasks.list().flatMap((task) => readSolutions(task.id, task.dir));

describe('sample catalog', () => {
  it('has at least 12 tasks, each with a reference solution and a wrong one', () => {
    expect(tasks.list().length).toBeGreaterThanOrEqual(12);
    for (const t of tasks.list()) {
      const mine = solutions.filter((s) => s.taskId === t.id);
      expect(mine.find((s) => s.file === 'solutions/reference.py')?.expected).toEqual({
        score: 100,
        status: 'accepted',
      });
      expect(
        mine.some((s) => s.expected !== undefined && s.expected.score < 100),
        t.id,
      ).toBe(true);
    }
  });

  it('covers both modes, every checker, weights and hidden tests', () => {
    const all = tasks.list();
    expect(new Set(all.map((t) => t.mode))).toEqual(new Set(['function', 'stdio']));
    expect(new Set(all.map((t) => t.checker.kind))).toEqual(
      new Set(['exact', 'float', 'unordered', 'tokens', 'custom']),
    );
    expect(all.some((t) => t.tests.some((x) => x.weight !== 1))).toBe(true);
    expect(all.every((t) => t.tests.some((x) => x.hidden))).toBe(true);
  });

  it.each(solutions.map((s) => [`${s.taskId}/${s.file}`, s] as const))(
    'grades %s as declared',
    async (_name, s) => {
      const c = await checkSolution(grader, s);
      expect(
        c.problem,
        JSON.stringify(c.result.tests.map((t) => [t.name, t.status, t.message])),
      ).toBeUndefined();
      expect(c.ok).toBe(true);
    },
  );
});
