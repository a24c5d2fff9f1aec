/**
 * Nothing is lost: a submission is stored before it is acknowledged, so when the server is
 * SIGKILLed in the middle of grading, the next start re-queues what was unfinished and every
 * submission reaches a final state exactly once. Real processes, real kill, real SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/index.js';
import { cli, startServer } from './server-process.js';
import type { ServerProcess } from './server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'hb-crash-'));
const db = `sqlite:${join(dir, 'hb.db')}`;
const TASKS = 'test/bridge/fixtures/tasks';
// Slow enough that grading is surely in progress when the kill lands.
const SLOW_ADD = 'import time\n\ndef add(a, b):\n    time.sleep(0.1)\n    return a + b\n';
const SUBMISSIONS = 8;
const servers: ServerProcess[] = [];

afterAll(async () => {
  for (const s of servers)
    if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function api(
  server: ServerProcess,
  token: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(server.url + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json() };
}

type Row = { id: string; state: string; score?: number };
const states = async (server: ServerProcess, token: string): Promise<Row[]> =>
  (await api(server, token, '/api/submissions?limit=1000')).json as Row[];

describe('when the server is killed mid-grading', () => {
  it('grades every stored submission to a final state exactly once after a restart', async () => {
    const created = cli(['users', 'create', 'organiser-1', '--role', 'organiser', '--db', db]);
    expect(created.status).toBe(0);
    const token = created.stdout.trim().split('\n').at(-1) ?? '';
    expect(token).toMatch(/^hb_/);

    const flags = ['--db', db, '--tasks', TASKS];
    const first = await startServer(flags, { HACKBRIDGE_WORKERS: '1' });
    servers.push(first);
    const ids: string[] = [];
    for (let i = 0; i < SUBMISSIONS; i++) {
      const res = await api(first, token, '/api/submissions', { taskId: 'add', code: SLOW_ADD });
      expect(res.status).toBe(202);
      ids.push((res.json as { id: string }).id);
    }
    // Kill as soon as grading is under way and work is left.
    let underWay = false;
    for (let i = 0; i < 1500 && !underWay; i++) {
      const rows = await states(first, token);
      underWay = rows.some((r) => r.state === 'running') && rows.some((r) => r.state !== 'done');
      if (!underWay) await new Promise((r) => setTimeout(r, 20));
    }
    expect(underWay).toBe(true);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    const second = await startServer(flags, { HACKBRIDGE_WORKERS: '2' });
    servers.push(second);
    expect(second.stdout()).toMatch(/Re-queued \d+ unfinished/);
    let rows: Row[] = [];
    for (let i = 0; i < 600; i++) {
      rows = await states(second, token);
      if (rows.length === SUBMISSIONS && rows.every((r) => r.state === 'done' || r.state === 'failed')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(rows.every((r) => r.state === 'done' && r.score === 100)).toBe(true);
    // Exactly once: each final state was written with its per-test rows in one transaction,
    // so a second finish would have doubled them.
    const store = await createStore(db);
    try {
      let resumed = 0;
      for (const id of ids) {
        expect(await store.listTestResults(id)).toHaveLength(3);
        const s = await store.getSubmission(id);
        if ((s?.attempts ?? 0) > 1) resumed += 1;
      }
      expect(resumed).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  }, 120_000);
});
