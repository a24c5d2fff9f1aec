import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { gradingResultSchema } from '../../src/grading/index.js';
import { captureIo } from '../grading/capture-io.js';

describe('hackbridge submit', () => {
  it('prints the feedback and exits 0 for an accepted solution', async () => {
    const io = captureIo();
    expect(
      await main(['submit', 'task-123', 'tasks/task-123/solutions/reference.py', '--no-analysis'], io),
    ).toBe(0);
    expect(io.out).toContain('PASS  small numbers');
    expect(io.out).toContain('Score 100/100 (accepted)');
  });

  it('prints the result as JSON, writes JUnit XML, and exits 3 when not accepted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hb-cli-submit-'));
    const junit = join(dir, 'junit.xml');
    const io = captureIo();
    const code = await main(
      ['submit', 'task-123', 'tasks/task-123/solutions/wrong-mul.py', '--json', '--junit', junit],
      io,
    );
    expect(code).toBe(3);
    const result = gradingResultSchema.parse(JSON.parse(io.out));
    expect(result).toMatchObject({ score: 20, status: 'partial' });
    expect(result.analysis).toMatchObject({ safe: true });
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain(
      '<testsuite name="tasks/task-123/solutions/wrong-mul.py" tests="5" failures="4" errors="0"',
    );
    expect(xml).toContain('<failure message="expected 5, got 6" type="failed">');
  });

  it("shows Python's message and line for a syntax error", async () => {
    const io = captureIo();
    expect(
      await main(['submit', 'task-123', 'tasks/task-123/solutions/syntax-error.py', '--no-analysis'], io),
    ).toBe(3);
    expect(io.out).toContain("SyntaxError: expected ':' (line 2)");
    expect(io.out).toContain('Score 0/100 (error)');
  });

  it('names an unknown task with HB_TASK_NOT_FOUND', async () => {
    const io = captureIo();
    expect(await main(['submit', 'no-such-task', 'tasks/task-123/solutions/reference.py'], io)).toBe(1);
    expect(io.err).toContain('[HB_TASK_NOT_FOUND]');
  });

  it('says how to use it without a file', async () => {
    const io = captureIo();
    expect(await main(['submit', 'task-123'], io)).toBe(2);
    expect(io.err).toContain('[HB_USAGE]');
  });
});
