/**
 * Grading end to end on the real engine: every test status, isolation between tests, the
 * error status with Python's own message, and submissions that go looking for the answers.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { closeSharedGrader, createGrader, loadTasks, submitTask } from '../../src/grading/index.js';

const dir = mkdtempSync(join(tmpdir(), 'hb-grading-e2e-'));
function task(id: string, yaml: string, checker?: string): void {
  mkdirSync(join(dir, id));
  writeFileSync(join(dir, id, 'task.yaml'), `id: ${id}\ntitle: ${id}\n${yaml}`);
  if (checker !== undefined) writeFileSync(join(dir, id, 'checker.py'), checker);
}

task(
  'behaviours',
  `mode: function
entry: f
limits: { time: 0.5, memory: 64, output: 4 }
tests:
  - { name: ok, args: [ok], expected: 1 }
  - { name: loop, args: [loop], expected: 1 }
  - { name: memory, args: [mem], expected: 1 }
  - { name: flood, args: [out], expected: 1 }
  - { name: crash, args: [crash], expected: 1 }
  - { name: wrong, args: [wrong], expected: 1 }
  - { name: ok hidden, args: [ok], expected: 1, hidden: true }
  - { name: crash hidden, args: [crash], expected: 1, hidden: true }
`,
);
task(
  'secret',
  `mode: function
entry: solution
tests:
  - { name: visible, args: [2, 3], expected: 5 }
  - { name: hidden, args: [20, 22], expected: 4242, hidden: true }
`,
);
task(
  'checked',
  `mode: stdio
checker: custom
tests:
  - { name: fine, stdin: "1" }
  - { name: breaks the checker, stdin: "2" }
`,
  'def check(input, expected, actual):\n    if input == "2":\n        raise ValueError("checker bug")\n    return actual.strip() == input, "compared"\n',
);

const engine = createEngine({ workers: 2 });
const grader = createGrader({ engine, tasks: loadTasks(dir) });
afterAll(async () => {
  await engine.close();
  await closeSharedGrader();
});

const behaviours = `
import sys
def f(kind):
    if kind == 'loop':
        while True:
            pass
    if kind == 'mem':
        hog = [bytearray(1024 * 1024) for _ in range(512)]
    if kind == 'out':
        while True:
            print('x' * 1000)
    if kind == 'crash':
        raise ValueError('bad kind ' + kind)
    if kind == 'wrong':
        return 2
    print('chatter on stdout does not matter in function mode')
    return 1
`;

describe('grading on the real engine', () => {
  it('reports each status per test; an infinite loop costs only its own test', async () => {
    const r = await grader.submit('behaviours', behaviours);
    expect(Object.fromEntries(r.tests.map((t) => [t.name, t.status]))).toEqual({
      ok: 'passed',
      loop: 'timeout',
      memory: 'memory_limit',
      flood: 'output_limit',
      crash: 'error',
      wrong: 'failed',
      'ok hidden': 'passed',
      'crash hidden': 'error',
    });
    expect(r).toMatchObject({ score: 25, status: 'partial', passed: 2, total: 8 });
    const crash = r.tests.find((t) => t.name === 'crash');
    expect(crash?.message).toBe('ValueError: bad kind crash (line 13)');
    expect(r.tests.find((t) => t.name === 'ok')?.stdout).toContain('chatter');
    const hidden = r.tests.find((t) => t.name === 'crash hidden');
    expect(hidden).toEqual({
      name: 'crash hidden',
      status: 'error',
      hidden: true,
      weight: 1,
      time: expect.any(Number),
      memory: expect.any(Number),
      message: 'Runtime error.',
    });
  });

  it("gives error with Python's message and line for a syntax error", async () => {
    const r = await grader.submit('secret', 'def solution(a, b):\n    return a +\n');
    expect(r).toMatchObject({
      status: 'error',
      score: 0,
      error: { type: 'SyntaxError', line: 2, phase: 'compile' },
    });
    expect(r.error?.message).toBe('invalid syntax');
  });

  it('gives error when the entry function is missing', async () => {
    const r = await grader.submit('secret', 'def solve(a, b):\n    return a + b\n');
    expect(r).toMatchObject({
      status: 'error',
      error: { type: 'EntryNotFound', message: 'solution is not defined' },
    });
  });

  it('gives nothing to a submission that looks for the answers in the task folder or in memory', async () => {
    const thief = `
import gc, os
taskdir = ${JSON.stringify(join(dir, 'secret'))}
loot = []
for path in [taskdir + '/task.yaml', taskdir, '/proc/1/environ', '/proc/self/environ', '${process.cwd()}/tasks']:
    try:
        loot.append(open(path).read() if not os.path.isdir(path) else os.listdir(path))
    except Exception:
        pass
# the grader's own process (node) and its memory, if it were visible from here
for pid in (p for p in os.listdir('/proc') if p.isdigit()):
    try:
        cmdline = open('/proc/%s/cmdline' % pid, 'rb').read()
        if b'node' in cmdline:
            loot.append(cmdline.decode(errors='replace'))
            loot.append(open('/proc/%s/maps' % pid).read()[:200])
    except Exception:
        pass
def solution(a, b):
    for o in gc.get_objects():
        if isinstance(o, dict) and ('expected' in o or 'stdout_file' in o):
            return o.get('expected')
    for text in loot:
        if '4242' in str(text):
            return 4242
    return [str(x)[:200] for x in loot]
`;
    const r = await grader.submit('secret', thief);
    expect(r.tests.map((t) => t.status)).toEqual(['failed', 'failed']);
    // What it could read is the jail's own (e.g. its empty environment), none of the task files.
    const loot = JSON.stringify(r.tests[0]?.actual);
    expect(loot).not.toMatch(/expected|mode: function|task\.yaml|behaviours|checker|node/);
    expect(JSON.stringify(r)).not.toContain('4242');
  });

  it("runs a custom checker in its own child and reports its crash as the task's fault", async () => {
    const r = await grader.submit('checked', 'print(input())');
    expect(r.tests[0]).toMatchObject({ status: 'passed', message: 'compared' });
    expect(r.tests[1]).toMatchObject({
      status: 'error',
      message: expect.stringContaining("the task's checker failed: ValueError: checker bug"),
    });
  });

  it('holds the platform example: task-123 with solution(a, b) scores 100', async () => {
    const progress: string[] = [];
    const r = await submitTask('task-123', 'def solution(a, b): return a + b\nassert solution(2, 3) == 5\n', {
      tasksDir: 'tasks',
      onProgress: (e) => progress.push(e.phase),
    });
    expect(r).toMatchObject({ taskId: 'task-123', score: 100, status: 'accepted' });
    expect(r.analysis).toMatchObject({ safe: true });
    expect(progress[0]).toBe('queued');
    expect(progress.filter((p) => p === 'running')).toHaveLength(r.total);
    expect(progress.at(-1)).toBe('done');
  });
});
