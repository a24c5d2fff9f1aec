import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandSubmissions, formatSummary, summarise, toCsv, toJUnitXml } from '../../src/grading/index.js';
import type { BatchEntry, GradingResult } from '../../src/grading/index.js';

const result: GradingResult = {
  taskId: 'task-123',
  score: 40,
  status: 'partial',
  passed: 2,
  total: 4,
  executionTime: 0.021,
  memoryUsage: 9216,
  tests: [
    {
      name: 'small numbers',
      status: 'passed',
      hidden: false,
      weight: 1,
      time: 0.004,
      memory: 9000,
      message: 'Passed.',
      input: [2, 3],
      expected: 5,
      actual: 5,
    },
    {
      name: 'a < b & "quotes"',
      status: 'failed',
      hidden: false,
      weight: 1,
      time: 0.003,
      memory: 9100,
      message: 'expected 0, got -8',
      input: [-4, 4],
      expected: 0,
      actual: -8,
    },
    {
      name: 'hidden one',
      status: 'timeout',
      hidden: true,
      weight: 2,
      time: 1.002,
      memory: 9216,
      message: 'Time limit exceeded.',
    },
    {
      name: 'control \u0001 char',
      status: 'passed',
      hidden: true,
      weight: 1,
      time: 0.002,
      memory: 9000,
      message: 'Passed.',
    },
  ],
};

describe('JUnit XML', () => {
  it('matches the golden file (failures, errors, escaping, hidden tests without values)', () => {
    const xml = toJUnitXml([{ result, name: 'submissions/alice.py' }]);
    expect(xml).toBe(readFileSync('test/grading/fixtures/junit.golden.xml', 'utf8'));
  });
});

describe('batch reports', () => {
  const entries: BatchEntry[] = [
    { file: 'a.py', result },
    { file: 'b,"odd".py', result: { ...result, score: 100, status: 'accepted', executionTime: 0.5 } },
    {
      file: 'c.py',
      result: {
        ...result,
        score: 0,
        status: 'error',
        error: { type: 'SyntaxError', message: 'invalid syntax', line: 2, phase: 'compile' },
      },
    },
  ];

  it('summarises the score distribution, statuses and slowest submissions', () => {
    const s = summarise(entries);
    expect(s.distribution).toEqual({ '0': 1, '1-49': 1, '50-99': 0, '100': 1 });
    expect(s.statuses).toEqual({ accepted: 1, partial: 1, rejected: 0, error: 1 });
    expect(s.slowest[0]).toEqual({ file: 'b,"odd".py', executionTime: 0.5 });
    expect(s.meanScore).toBe(46.7);
    expect(formatSummary(s)).toContain('3 submissions, mean score 46.7');
  });

  it('writes CSV with quoting where a field needs it', () => {
    const lines = toCsv(entries).split('\r\n');
    expect(lines[0]).toBe('file,taskId,score,status,passed,total,executionTime,memoryUsage,error');
    expect(lines[2]).toBe('"b,""odd"".py",task-123,100,accepted,2,4,0.5,9216,');
    expect(lines[3]).toContain('SyntaxError: invalid syntax');
  });
});

describe('submission paths', () => {
  const root = mkdtempSync(join(tmpdir(), 'hb-grading-glob-'));
  mkdirSync(join(root, 'class', 'alice'), { recursive: true });
  mkdirSync(join(root, 'class', 'bob'), { recursive: true });
  for (const f of ['class/alice/sol.py', 'class/bob/sol.py', 'class/bob/notes.txt', 'class/top.py'])
    writeFileSync(join(root, f), '');

  it('takes every .py file under a directory', () => {
    expect(expandSubmissions('class', root)).toEqual([
      'class/alice/sol.py',
      'class/bob/sol.py',
      'class/top.py',
    ]);
  });

  it('expands * and ** globs', () => {
    expect(expandSubmissions('class/*/sol.py', root)).toEqual(['class/alice/sol.py', 'class/bob/sol.py']);
    expect(expandSubmissions('class/**/*.py', root)).toEqual([
      'class/alice/sol.py',
      'class/bob/sol.py',
      'class/top.py',
    ]);
  });

  it('says HB_USAGE for a path that does not exist', () => {
    expect(() => expandSubmissions('nope', root)).toThrowError(expect.objectContaining({ code: 'HB_USAGE' }));
  });
});
