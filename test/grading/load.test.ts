import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HackBridgeError } from '../../src/common/index.js';
import { loadTask, loadTasks, validateCatalog } from '../../src/grading/index.js';
import { expectedOf } from '../../src/grading/load.js';

const good = `id: add
title: Add
mode: function
entry: solution
tests:
  - name: small
    args: [2, 3]
    expected: 5
`;

function catalog(tasks: Record<string, string>, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'hb-grading-load-'));
  for (const [id, yaml] of Object.entries(tasks)) {
    mkdirSync(join(dir, id));
    writeFileSync(join(dir, id, 'task.yaml'), yaml);
  }
  for (const [rel, text] of Object.entries(extra)) writeFileSync(join(dir, rel), text);
  return dir;
}

function problemOf(yaml: string, id = 'add'): { path: string; reason: string; line?: number } {
  const dir = catalog({ [id]: yaml });
  try {
    loadTask(join(dir, id));
  } catch (e) {
    expect(e).toBeInstanceOf(HackBridgeError);
    const err = e as HackBridgeError;
    expect(err.code).toBe('HB_TASK_INVALID');
    expect(err.statusCode).toBe(400);
    expect(err.details['file']).toBe(join(dir, id, 'task.yaml'));
    return err.details as { path: string; reason: string; line?: number };
  }
  throw new Error('expected the task to be rejected');
}

describe('task loader', () => {
  it('loads a valid task with defaults applied', () => {
    const task = loadTask(join(catalog({ add: good }), 'add'));
    expect(task.checker).toEqual({ kind: 'exact' });
    expect(task.limits).toEqual({ time: 2, memory: 64, output: 64 });
    expect(task.tests[0]).toMatchObject({
      name: 'small',
      args: [2, 3],
      expected: 5,
      weight: 1,
      hidden: false,
    });
  });

  it('keeps integers past 2^53 exact in expected values', () => {
    const task = loadTask(
      join(catalog({ add: good.replace('expected: 5', 'expected: 2880067194370816120') }), 'add'),
    );
    expect(task.tests[0]?.expected).toBe('2880067194370816120'); // JSON-safe for consumers
    expect(expectedOf(task.tests[0]!)).toBe(2880067194370816120n);
  });

  describe('when a task file has a mistake', () => {
    const cases: [string, string, string, string, number | undefined][] = [
      ['missing entry in function mode', good.replace('entry: solution\n', ''), 'entry', "needs 'entry'", 1],
      [
        'a test with both args and stdin',
        good.replace('    args: [2, 3]\n', '    args: [2, 3]\n    stdin: "2 3"\n'),
        'tests[0]',
        'args or stdin, not both',
        6,
      ],
      ['a negative weight', good + '    weight: -1\n', 'tests[0].weight', 'must not be negative', 9],
      [
        'an unknown checker',
        good.replace('tests:', 'checker: fuzzy\ntests:'),
        'checker',
        "unknown checker 'fuzzy'",
        5,
      ],
      [
        'a bad float tolerance',
        good.replace('tests:', 'checker: "float:abc"\ntests:'),
        'checker',
        'tolerance',
        5,
      ],
      [
        'duplicate test names',
        good + '  - name: small\n    args: [1, 1]\n    expected: 2\n',
        'tests[1].name',
        "duplicate test name 'small'",
        9,
      ],
      ['an unknown key', good.replace('title: Add', 'title: Add\ntimeout: 3'), '', 'timeout', undefined],
      [
        'args that are not a list',
        good.replace('args: [2, 3]', 'args: 5'),
        'tests[0].args',
        'must be a list',
        7,
      ],
      ['a wrong mode', good.replace('mode: function', 'mode: repl'), 'mode', "'function' or 'stdio'", 3],
      [
        'no tests',
        'id: add\ntitle: Add\nmode: function\nentry: f\ntests: []\n',
        'tests',
        'at least one test',
        5,
      ],
      ['an id that is not the folder name', good.replace('id: add', 'id: sum'), 'id', 'folder name', 1],
      ['a test without expected', good.replace('    expected: 5\n', ''), 'tests[0]', "needs 'expected'", 6],
      [
        'a custom checker without checker.py',
        good.replace('tests:', 'checker: custom\ntests:'),
        'checker',
        'checker.py',
        5,
      ],
      [
        'a data file outside the folder',
        good.replace('args: [2, 3]', 'args_file: ../secret.json'),
        'tests[0].args_file',
        'inside the task folder',
        7,
      ],
      [
        'a missing data file',
        good.replace('args: [2, 3]', 'args_file: big.json'),
        'tests[0].args_file',
        'file not found: big.json',
        undefined,
      ],
      [
        'stdin in function mode',
        good.replace('args: [2, 3]', 'stdin: "2 3"'),
        'tests[0].stdin',
        'take args',
        7,
      ],
      ['a YAML syntax error', good.replace('args: [2, 3]', 'args: [2, 3'), '', 'YAML', undefined],
      [
        'a big integer argument',
        good.replace('args: [2, 3]', 'args: [9007199254740993, 1]'),
        'tests[0].args',
        '2^53',
        undefined,
      ],
    ];
    it.each(cases)('reports %s with its path, reason and line', (_label, yaml, path, reason, line) => {
      const p = problemOf(yaml);
      if (path === '' && reason === 'timeout') expect(p.reason).toContain('timeout');
      else expect(p.path).toBe(path);
      expect(p.reason).toContain(reason);
      if (line !== undefined) expect(p.line).toBe(line);
    });
  });

  it('validates a whole catalog and reports every broken task', () => {
    const dir = catalog({
      add: good,
      bad1: good.replace('id: add', 'id: bad1').replace('entry: solution\n', ''),
      bad2: 'id: [',
    });
    const report = validateCatalog(dir);
    expect(report.tasks.map((t) => t.id)).toEqual(['add']);
    expect(report.problems.map((p) => p.file)).toEqual([
      join(dir, 'bad1', 'task.yaml'),
      join(dir, 'bad2', 'task.yaml'),
    ]);
  });

  it('finds tasks by id and says HB_TASK_NOT_FOUND for others', () => {
    const tasks = loadTasks(catalog({ add: good }));
    expect(tasks.get('add')?.title).toBe('Add');
    expect(() => tasks.require('nope')).toThrowError(
      expect.objectContaining({ code: 'HB_TASK_NOT_FOUND', statusCode: 404 }),
    );
  });

  it('fails closed when one task of the catalog is invalid', () => {
    const dir = catalog({ add: good, broken: 'id: broken\n' });
    expect(() => loadTasks(dir)).toThrowError(expect.objectContaining({ code: 'HB_TASK_INVALID' }));
  });

  it('says HB_TASK_CATALOG_NOT_FOUND for a missing directory', () => {
    expect(() => loadTasks('/nonexistent/tasks')).toThrowError(
      expect.objectContaining({ code: 'HB_TASK_CATALOG_NOT_FOUND' }),
    );
  });

  it('reads stdin and expected stdout from files beside task.yaml', () => {
    const yaml =
      'id: echo\ntitle: Echo\nmode: stdio\ntests:\n  - name: big\n    stdin_file: in.txt\n    stdout_file: out.txt\n';
    const dir = catalog({ echo: yaml });
    writeFileSync(join(dir, 'echo', 'in.txt'), '1 2 3\n');
    writeFileSync(join(dir, 'echo', 'out.txt'), '6\n');
    const task = loadTask(join(dir, 'echo'));
    expect(task.tests[0]).toMatchObject({ stdin: '1 2 3\n', expected: '6\n' });
  });
});
