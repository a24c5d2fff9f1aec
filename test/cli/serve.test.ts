/**
 * `hackbridge serve` with zero flags, as `npm start` runs it: a SQLite file in the working
 * directory, the packaged sample tasks, the URL printed, and on an empty database a first
 * organiser whose token works at once. (HACKBRIDGE_PORT=0 only avoids clashing with a real
 * server on 8080.)
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const cwd = mkdtempSync(join(tmpdir(), 'hb-cli-serve-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('hackbridge serve with zero flags', () => {
  it('starts on SQLite in the working directory with the sample tasks and a first organiser', async () => {
    const child = spawn(process.execPath, [resolve('bin/hackbridge.js'), 'serve'], {
      cwd,
      env: { ...process.env, HACKBRIDGE_PORT: '0', HACKBRIDGE_WORKERS: '1', HACKBRIDGE_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      for (let i = 0; i < 600 && !/\nhb_\S+\n/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const token = /\n(hb_\S+)\n/.exec(out)?.[1];
      expect(url).toBeDefined();
      expect(token).toBeDefined();
      expect(existsSync(join(cwd, 'hackbridge.db'))).toBe(true);
      const tasks = (await (
        await fetch(`${url}/api/tasks`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { id: string }[];
      expect(tasks.map((t) => t.id)).toContain('task-123');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
