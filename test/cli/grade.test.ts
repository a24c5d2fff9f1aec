import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from '../grading/capture-io.js';

/** Three students' submissions of task-123: accepted, partial, syntax error. */
function classroom(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hb-cli-grade-'));
  const solutions = join(process.cwd(), 'tasks', 'task-123', 'solutions');
  for (const [student, file] of [
    ['alice', 'reference.py'],
    ['bob', 'wrong-mul.py'],
    ['carol', 'syntax-error.py'],
  ] as const) {
    mkdirSync(join(dir, 'class', student), { recursive: true });
    cpSync(join(solutions, file), join(dir, 'class', student, 'solution.py'));
  }
  return dir;
}

const tasksDir = join(process.cwd(), 'tasks');

describe('hackbridge grade', () => {
  it('prints a plain line per submission when not on a terminal, then the summary and a CSV report', async () => {
    const dir = classroom();
    const io = captureIo(false, dir);
    const argv = [
      'grade',
      'task-123',
      'class/*/solution.py',
      '--tasks',
      tasksDir,
      '--out',
      'report.csv',
      '--no-analysis',
    ];
    expect(await main(argv, io)).toBe(0);
    expect(io.out).not.toContain('\r');
    expect(io.out).toMatch(/^\[\d\/3\] class\/alice\/solution.py: 100 accepted$/m);
    expect(io.out).toContain('3 submissions, mean score 40');
    expect(io.out).toMatch(/^ {2}error +1 /m);
    const csv = readFileSync(join(dir, 'report.csv'), 'utf8').split('\r\n');
    expect(csv.slice(1, 4).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      'class/alice/solution.py,task-123,100,accepted',
      'class/bob/solution.py,task-123,20,partial',
      'class/carol/solution.py,task-123,0,error',
    ]);
  });

  it('draws a progress bar on a terminal and writes a JSON report', async () => {
    const dir = classroom();
    const io = captureIo(true, dir);
    expect(
      await main(['grade', 'task-123', 'class', '--tasks', tasksDir, '--out', 'r.json', '--no-analysis'], io),
    ).toBe(0);
    expect(io.out).toContain('\r\x1b[2K[##############################] 3/3');
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { summary: { count: number } };
    expect(report.summary.count).toBe(3);
  });

  it('records a submission the engine refuses as error and grades the rest', async () => {
    const dir = classroom();
    mkdirSync(join(dir, 'class', 'dave'));
    writeFileSync(join(dir, 'class', 'dave', 'solution.py'), `# ${'x'.repeat(1024 * 1024 + 10)}\n`);
    const io = captureIo(false, dir);
    const argv = ['grade', 'task-123', 'class', '--tasks', tasksDir, '--out', 'r.json', '--no-analysis'];
    expect(await main(argv, io)).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as {
      submissions: { file: string; result: { status: string; error?: { type: string } } }[];
    };
    const dave = report.submissions.find((s) => s.file === 'class/dave/solution.py');
    expect(dave?.result).toMatchObject({ status: 'error', error: { type: 'HB_ENGINE_SOURCE_TOO_LARGE' } });
    expect(report.submissions.filter((s) => s.result.status === 'accepted')).toHaveLength(1);
  });

  it('refuses a report format it cannot write', async () => {
    const io = captureIo(false, classroom());
    expect(await main(['grade', 'task-123', 'class', '--tasks', tasksDir, '--out', 'r.xlsx'], io)).toBe(2);
    expect(io.err).toContain('--out must end in .json or .csv');
  });
});
