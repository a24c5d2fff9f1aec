/**
 * The sample catalog, graded for real: every solution under tasks/<id>/solutions/ declares
 * `# expect: <score> <status>` on its first line and must get exactly that from the real
 * engine (bubblewrap + seccomp), the checkers and the scorer.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { createGrader, loadTasks } from '../../src/grading/index.js';

const tasks = loadTasks('tasks');
const engine = createEngine({ workers: 2 });
const grader = createGrader({ engine, tasks });
afterAll(() => engine.close());

const cases = tasks.list().flatMap((task) =>
  readdirSync(join(task.dir, 'solutions'))
    .filter((f) => f.endsWith('.py'))
    .map((file) => {
      const code = readFileSync(join(task.dir, 'solutions', file), 'utf8');
      const m = /^# expect: (\d+) (accepted|partial|rejected|error)\n/.exec(code);
      if (m === null) throw new Error(`${task.id}/solutions/${file} lacks its '# expect:' line`);
      return { id: task.id, file, code, score: Number(m[1]), status: m[2] };
    }),
);

describe('sample catalog', () => {
  it('has at least 12 tasks, each with a reference solution and a wrong one', () => {
    expect(tasks.list().length).toBeGreaterThanOrEqual(12);
    for (const t of tasks.list()) {
      const mine = cases.filter((c) => c.id === t.id);
      expect(mine.some((c) => c.file === 'reference.py' && c.score === 100)).toBe(true);
      expect(mine.some((c) => c.score < 100)).toBe(true);
    }
  });

  it.each(cases.map((c) => [`${c.id}/${c.file}`, c] as const))('grades %s as declared', async (_name, c) => {
    const r = await grader.submit(c.id, c.code);
    expect(
      { score: r.score, status: r.status },
      JSON.stringify(r.tests.map((t) => [t.name, t.status, t.message])),
    ).toEqual({
      score: c.score,
      status: c.status,
    });
  });
});
