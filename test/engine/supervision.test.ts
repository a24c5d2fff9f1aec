import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { settle, zygotePids } from './helpers.js';

const engine = createEngine({ workers: 1 });
afterAll(() => engine.close());

async function zygoteOfRunningJob(): Promise<number> {
  const pids = await settle(zygotePids, (p) => p.length === 1);
  expect(pids).toHaveLength(1);
  return pids[0] as number;
}

describe('zygote supervision', () => {
  describe('when a zygote is killed with SIGKILL mid-job', () => {
    it('reports internal_error for that job and serves the next one', async () => {
      await engine.run('print(0)');
      const job = engine.run('import time\ntime.sleep(5)', { timeLimit: 10 });
      await new Promise((r) => setTimeout(r, 300));
      process.kill(await zygoteOfRunningJob(), 'SIGKILL');
      const r = await job;
      expect(r.status).toBe('internal_error');
      expect(r.termination.detail).toMatch(/zygote/);
      const next = await engine.run('print("alive")');
      expect(next.stdout).toBe('alive\n');
      expect(engine.stats().restarts).toBe(1);
    });
  });

  describe('when a zygote hangs mid-job (it supervises its jobs itself)', () => {
    it('kills the zygote after the wall limit plus grace, reports internal_error and replaces it', async () => {
      const job = engine.run('import time\ntime.sleep(5)', { timeLimit: 1, wallTimeLimit: 1 });
      await new Promise((r) => setTimeout(r, 300));
      process.kill(await zygoteOfRunningJob(), 'SIGSTOP');
      const r = await job;
      expect(r.status).toBe('internal_error');
      expect(r.termination.detail).toMatch(/hung/);
      const next = await engine.run('print("replaced")');
      expect(next.stdout).toBe('replaced\n');
      expect(engine.stats().restarts).toBe(2);
    });
  });

  describe('after close()', () => {
    it('rejects new runs', async () => {
      const e = createEngine({ workers: 1 });
      await e.close();
      await expect(e.run('print(1)')).rejects.toMatchObject({ code: 'HB_ENGINE_CLOSED' });
    });
  });
});
