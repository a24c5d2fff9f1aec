/**
 * The grader's orchestration (dispatch, early stop, feedback rules) against a scripted runner.
 * Everything that runs code is covered with the real engine in submit.e2e.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { catalogOf, createGrader, gradingResultSchema } from '../../src/grading/index.js';
import type { GradingProgress, Runner, Task } from '../../src/grading/index.js';

type Outcome = Awaited<ReturnType<Runner['run']>>;
const base: Outcome = {
  status: 'success',
  stdout: '',
  stderr: '',
  executionTime: 0.01,
  cpuTime: 0.005,
  memoryUsage: 9000,
};

const task: Task = {
  id: 'add',
  title: 'Add',
  statement: '',
  mode: 'function',
  entry: 'solution',
  limits: { time: 1, memory: 64, output: 64 },
  checker: { kind: 'exact' },
  tags: [],
  tests: [
    { name: 'visible', args: [1, 2], expected: 3, weight: 1, hidden: false },
    { name: 'secret', args: [40, 2], expected: 42, weight: 3, hidden: true },
    { name: 'visible 2', args: [0, 0], expected: 0, weight: 1, hidden: false },
  ],
  dir: '/nonexistent',
};

/** Answers each call by its args; records what reached the "sandbox". */
function scripted(answer: (args: unknown[]) => Outcome): Runner & { seen: unknown[] } {
  const seen: unknown[] = [];
  return {
    seen,
    async run(_code, options = {}) {
      seen.push(options);
      return answer(options.call?.args ?? []);
    },
  };
}

const sum = (args: unknown[]): Outcome => ({
  ...base,
  returnValue: { kind: 'json', json: JSON.stringify((args[0] as number) + (args[1] as number)) },
  stdout: `printed ${JSON.stringify(args)}`,
});

describe('grader', () => {
  it('never sends expected values into the sandbox', async () => {
    const runner = scripted(sum);
    await createGrader({ engine: runner, tasks: catalogOf('/x', [task]) }).submit('add', 'code');
    const sent = JSON.stringify(runner.seen);
    expect(sent).toContain('"args":[40,2]');
    expect(sent).not.toContain('42');
    expect(sent).not.toContain('expected');
  });

  it('shows input, expected and actual for visible tests only', async () => {
    const runner = scripted((args) =>
      args[0] === 40 ? { ...sum(args), returnValue: { kind: 'json', json: '41' } } : sum(args),
    );
    const r = await createGrader({ engine: runner, tasks: catalogOf('/x', [task]) }).submit('add', 'code');
    expect(r).toMatchObject({ score: 40, status: 'partial', passed: 2, total: 3 });
    expect(r.tests[0]).toMatchObject({ input: [1, 2], expected: 3, actual: 3, stdout: 'printed [1,2]' });
    expect(r.tests[1]).toEqual({
      name: 'secret',
      status: 'failed',
      hidden: true,
      weight: 3,
      time: 0.005,
      memory: 9000,
      message: 'Wrong answer.',
    });
  });

  it('gives hidden tests a message that depends on the status alone', async () => {
    const runner = scripted((args) => ({
      ...base,
      status: 'runtime_error',
      error: {
        type: `Leak${String(args[0])}`,
        message: `args were ${JSON.stringify(args)}`,
        line: 1,
        phase: 'call',
      },
    }));
    const r = await createGrader({ engine: runner, tasks: catalogOf('/x', [task]) }).submit('add', 'code');
    expect(r.tests[0]?.message).toBe('Leak1: args were [1,2] (line 1)');
    expect(r.tests[1]?.message).toBe('Runtime error.');
    expect(JSON.stringify(r)).not.toContain('40');
  });

  it('grades on when a progress listener throws', async () => {
    const r = await createGrader({ engine: scripted(sum), tasks: catalogOf('/x', [task]) }).submit(
      'add',
      'c',
      {
        onProgress: () => {
          throw new Error('socket closed');
        },
      },
    );
    expect(r.score).toBe(100);
  });

  it('reports a value JSON cannot carry instead of guessing', async () => {
    const runner = scripted(() => ({
      ...base,
      returnValue: { kind: 'unserialisable', type: 'set', repr: '{3}' },
    }));
    const r = await createGrader({ engine: runner, tasks: catalogOf('/x', [task]) }).submit('add', 'code');
    expect(r.tests[0]).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('type set, which JSON cannot carry'),
    });
  });

  describe('when the code fails at import time', () => {
    it("stops dispatching, reports error with Python's message, and scores 0", async () => {
      const runner = scripted(() => ({
        ...base,
        status: 'runtime_error',
        error: { type: 'AssertionError', message: '', line: 3, phase: 'import' },
      }));
      const events: GradingProgress[] = [];
      const r = await createGrader({ engine: runner, tasks: catalogOf('/x', [task]), concurrency: 1 }).submit(
        'add',
        'code',
        {
          onProgress: (e) => events.push(e),
        },
      );
      expect(runner.seen).toHaveLength(1);
      expect(r).toMatchObject({
        status: 'error',
        score: 0,
        error: { type: 'AssertionError', line: 3, phase: 'import' },
      });
      expect(r.tests.map((t) => t.status)).toEqual(['error', 'error', 'error']);
      expect(r.tests[1]?.message).toContain('Not run');
      expect(events.at(0)).toEqual({ phase: 'queued', of: 3 });
      expect(events.at(-1)).toEqual({ phase: 'done', score: 0, status: 'error' });
    });
  });

  it('attaches the analysis report, and grades even when analysis throws', async () => {
    const tasks = catalogOf('/x', [task]);
    const ok = await createGrader({
      engine: scripted(sum),
      tasks,
      analyze: async () => ({ safe: true }),
    }).submit('add', 'c');
    expect(ok.analysis).toEqual({ safe: true });
    const broken = await createGrader({
      engine: scripted(sum),
      tasks,
      analyze: async () => {
        throw new Error('parser missing');
      },
    }).submit('add', 'c');
    expect(broken).toMatchObject({ score: 100, status: 'accepted' });
    expect(broken.analysis).toBeUndefined();
  });

  it('rejects a result whose hidden test carries an input (the schema guards the wire)', () => {
    const leaky = {
      taskId: 'a',
      score: 0,
      status: 'rejected',
      passed: 0,
      total: 1,
      executionTime: 0,
      memoryUsage: 0,
      tests: [
        {
          name: 's',
          status: 'failed',
          hidden: true,
          weight: 1,
          time: 0,
          memory: 0,
          message: 'x',
          input: [1],
        },
      ],
    };
    expect(gradingResultSchema.safeParse(leaky).success).toBe(false);
  });
});
