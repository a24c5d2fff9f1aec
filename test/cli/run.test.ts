import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runResultSchema } from '../../src/engine/index.js';
import { captureIo } from '../grading/capture-io.js';

const dir = mkdtempSync(join(tmpdir(), 'hb-cli-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(false, dir);
  const code = await main(['run', ...argv], io);
  return { code, out: io.out, err: io.err };
}

describe('hackbridge run', () => {
  it('prints a summary with status, time, memory and output', async () => {
    const { code, out } = await cli(file('hello.py', 'print("hello")\n'));
    expect(code).toBe(0);
    expect(out).toMatch(
      /^status: success \(exit 0\)\ntime: [\d.]+ s wall, [\d.]+ s CPU {3}memory: [\d.]+ MiB peak\n/,
    );
    expect(out).toContain('sandbox: strict (namespaces, seccomp');
    expect(out).toContain('--- stdout (6 bytes) ---\nhello\n');
  });

  it('prints the RunResult as one JSON object with --json, feeding --stdin', async () => {
    const src = file('echo.py', 'import sys\nprint(sys.stdin.read()[::-1])\n');
    const { code, out } = await cli(
      src,
      '--stdin',
      file('in.txt', 'abc'),
      '--json',
      '--time-limit',
      '2',
      '--memory-limit',
      '32',
    );
    expect(code).toBe(0);
    const result = runResultSchema.parse(JSON.parse(out));
    expect(result).toMatchObject({ status: 'success', stdout: 'cba\n' });
  });

  it('exits 0 for a run that failed, and says why', async () => {
    const { code, out } = await cli(file('loop.py', 'while True: pass\n'), '--time-limit', '0.5');
    expect(code).toBe(0);
    expect(out).toContain('status: timeout');
    // A loaded machine may reach the default wall limit (2 x CPU + 1 s) first.
    expect(out).toMatch(/stopped: (cpu_time limit 0.5 s, observed 0\.[56]\d* s|wall_time limit 2 s)/);
    const blocked = await cli(file('fork.py', 'import os\nos.fork()\n'));
    expect(blocked.out).toContain('status: security_violation');
    expect(blocked.out).toContain('blocked: os.fork');
  });

  it('runs an empty file', async () => {
    const { code, out } = await cli(file('empty.py', ''));
    expect(code).toBe(0);
    expect(out).toContain('status: success');
  });

  describe('with bad input', () => {
    const cases: [string, () => string[], RegExp][] = [
      ['a missing file', () => [join(dir, 'nope.py')], /source file .*nope\.py does not exist/],
      [
        'a directory',
        () => [mkdirSync(join(dir, 'adir'), { recursive: true }) ?? join(dir, 'adir')],
        /is a directory/,
      ],
      [
        'non-UTF-8 bytes',
        () => [file('latin1.py', Buffer.from([0x70, 0x72, 0x69, 0x6e, 0x74, 0x28, 0xe9, 0x29]))],
        /is not valid UTF-8/,
      ],
      ['NUL bytes', () => [file('nul.py', 'print(1)\0\n')], /contains a NUL byte at offset 8/],
      [
        'source over the size limit',
        () => [file('big.py', `#${'x'.repeat(1024 * 1024)}\n`)],
        /is 1048578 bytes; the limit is 1048576/,
      ],
      [
        'a negative limit',
        () => [file('ok.py', 'print(1)'), '--time-limit=-1'],
        /--time-limit must be a positive number, got '-1'/,
      ],
      [
        'an absurd limit',
        () => [file('ok.py', 'print(1)'), '--memory-limit', '1e9'],
        /--memory-limit: absurdly large/,
      ],
      [
        'a non-numeric limit',
        () => [file('ok.py', 'print(1)'), '--time-limit', 'soon'],
        /--time-limit must be a positive number/,
      ],
      ['no file at all', () => [], /run needs a FILE\.py/],
      ['an unknown flag', () => [file('ok.py', 'print(1)'), '--fast'], /Unknown option '--fast'/],
    ];
    for (const [what, args, message] of cases) {
      it(`rejects ${what} with one clear line and exit 2`, async () => {
        const { code, out, err } = await cli(...args());
        expect(code).toBe(2);
        expect(out).toBe('');
        expect(err).toMatch(message);
        expect(err.trim().split('\n')).toHaveLength(1);
        expect(err).toMatch(/\[HB_USAGE\]\n$/);
      });
    }
  });
});
