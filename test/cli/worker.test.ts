/**
 * `hackbridge worker` as its own process: it consumes the shared BullMQ queue and grades a
 * submission that an API service (without a consumer) stored in PostgreSQL; SIGTERM stops it
 * cleanly.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createService } from '../../src/service/index.js';
import { eventually, testConfig, testDatabase } from '../bridge/harness.js';

const db = testDatabase('postgres');
const prefix = `hb-test-${randomBytes(4).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'hb-cli-worker-'));

afterAll(async () => {
  await db.cleanup();
  rmSync(dir, { recursive: true, force: true });
  const redis = new Redis('redis://127.0.0.1:6379');
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('hackbridge worker', () => {
  it('grades what the API queued, then stops on SIGTERM', async () => {
    const file = join(dir, 'hackbridge.yaml');
    writeFileSync(
      file,
      JSON.stringify({
        store: { url: db.url },
        queue: { kind: 'bullmq', prefix },
        grading: { tasksDir: resolve('test/bridge/fixtures/tasks') },
        engine: { workers: 1 },
        telemetry: { level: 'warn' },
      }),
    );
    const child = spawn(process.execPath, [resolve('bin/hackbridge.js'), 'worker', '--config', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const config = testConfig(db.url, { queue: { kind: 'bullmq', prefix }, telemetry: { level: 'silent' } });
    const api = await createService({ config });
    try {
      await api.start({ consume: false });
      await eventually(
        async () => (out.includes('worker consuming') ? true : undefined),
        'the worker to start',
      );
      const { user } = await api.createUser('via-worker', 'participant');
      const ack = await api.forUser(user).submitTask('add', 'def add(a, b):\n    return a + b\n');
      const done = await eventually(async () => {
        const s = await api.forUser(user).getSubmission(ack.id);
        return s.state === 'done' ? s : undefined;
      }, 'the worker to grade it');
      expect(done.score).toBe(100);
    } finally {
      child.kill('SIGTERM');
      await api.close();
    }
    expect(await exited).toBe(0);
  });
});
