import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo as capture } from '../grading/capture-io.js';

describe('hackbridge tasks', () => {
  it('validates the sample catalog', async () => {
    const io = capture();
    expect(await main(['tasks', 'validate', 'tasks'], io)).toBe(0);
    expect(io.out).toMatch(/^\d+ tasks valid in /m);
  });

  it('lists every problem of a broken catalog with file, path, reason and line, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hb-cli-tasks-'));
    cpSync('tasks/task-123', join(dir, 'task-123'), { recursive: true });
    cpSync('tasks/fizzbuzz', join(dir, 'fizzbuzz'), { recursive: true });
    writeFileSync(
      join(dir, 'fizzbuzz', 'task.yaml'),
      'id: fizzbuzz\ntitle: F\nmode: stdio\nchecker: fuzzy\ntests:\n  - name: a\n    stdin: "1"\n    stdout: "1"\n    weight: -2\n',
    );
    const io = capture();
    expect(await main(['tasks', 'validate', dir], io)).toBe(1);
    expect(io.out).toContain(`${join(dir, 'fizzbuzz', 'task.yaml')}: checker: unknown checker 'fuzzy'`);
    expect(io.out).toContain('tests[0].weight: weight must not be negative (line 9)');
    expect(io.out).toContain('2 problem(s); 1 task(s) valid');
  });

  it('falls back to the packaged sample catalog where the working directory has none', async () => {
    const io = capture(false, mkdtempSync(join(tmpdir(), 'hb-cli-tasks-empty-')));
    expect(await main(['tasks', 'validate'], io)).toBe(0);
    expect(io.out).toContain(`tasks valid in ${join(process.cwd(), 'tasks')}`);
  });

  it('checks that every solution scores what it declares, and names the one that does not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hb-cli-tasks-check-'));
    cpSync('tasks/task-123', join(dir, 'task-123'), { recursive: true });
    writeFileSync(
      join(dir, 'task-123', 'solutions', 'boastful.py'),
      '# expect: 100 accepted\ndef solution(a, b):\n    return a\n',
    );
    const io = capture();
    expect(await main(['tasks', 'check', dir, '--task', 'task-123'], io)).toBe(1);
    expect(io.out).toContain('ok   task-123/solutions/reference.py: 100 accepted');
    expect(io.out).toContain('FAIL task-123/solutions/boastful.py: expected 100 accepted, got 0 rejected');
    expect(io.out).toContain('1 problem(s)');
  });

  it('lists tasks as JSON', async () => {
    const io = capture();
    expect(await main(['tasks', 'list', 'tasks', '--json'], io)).toBe(0);
    const rows = JSON.parse(io.out) as { id: string; mode: string }[];
    expect(rows.find((r) => r.id === 'task-123')).toMatchObject({ mode: 'function', checker: 'exact' });
  });

  it('says how to use it when the subcommand is wrong', async () => {
    const io = capture();
    expect(await main(['tasks', 'frobnicate'], io)).toBe(2);
    expect(io.err).toContain('[HB_USAGE]');
  });
});
