/**
 * Input a zygote cannot carry: settled at the Node boundary (typed error or a faithful
 * UTF-8 conversion), and, should a frame get through anyway, refused for that job alone
 * without taking the zygote down.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { encodeJobFrame, type JobFrame } from '../../src/engine/frames.js';
import { harnessSourceDir } from '../../src/engine/harness.js';
import { Zygote } from '../../src/engine/zygote.js';

const engine = createEngine({ workers: 1 });
afterAll(() => engine.close());

const limits: JobFrame['limits'] = {
  cpuSeconds: 1,
  wallMs: 3000,
  memoryBytes: 64 << 20,
  outputBytes: 1 << 16,
  fileSizeBytes: 1 << 20,
  openFiles: 64,
  threads: 8,
};

describe('job input', () => {
  describe('when stdin holds a lone UTF-16 surrogate', () => {
    it('delivers it as UTF-8 would carry it (U+FFFD) and the zygote stays', async () => {
      const r = await engine.run('import sys\nprint(ascii(sys.stdin.read()))', { stdin: 'a\ud800b' });
      expect(r.status).toBe('success');
      expect(r.stdout).toBe("'a\\ufffdb'\n");
      expect(engine.stats().restarts).toBe(0);
    });
  });

  describe('when call args nest thousands of levels deep', () => {
    it('refuses the run with HB_ENGINE_INPUT_INVALID naming call.args', async () => {
      let deep: unknown[] = [];
      for (let i = 0; i < 3000; i++) deep = [deep];
      await expect(
        engine.run('def f(x):\n    return 1\n', { call: { entry: 'f', args: [deep] } }),
      ).rejects.toMatchObject({
        code: 'HB_ENGINE_INPUT_INVALID',
        details: { field: 'call.args' },
      });
      const r = await engine.run('def f(x):\n    return len(x)\n', {
        call: { entry: 'f', args: [[[[1, 2]]]] },
      });
      expect(r.returnValue).toEqual({ kind: 'json', json: '1' });
      expect(engine.stats().restarts).toBe(0);
    });
  });

  describe('when a frame the harness cannot use reaches a zygote', () => {
    it('refuses that job alone and serves the next one', async () => {
      const root = mkdtempSync(join(tmpdir(), 'hb-input-'));
      // No jail needed for this: the frame handling is the same in every mode.
      const zygote = new Zygote(
        {
          file: '/usr/bin/python3',
          args: ['-I', '-S', join(harnessSourceDir(), 'zygote.py'), '--root', root],
        },
        undefined,
        root,
      );
      try {
        await zygote.ready;
        const bad = {
          type: 'job',
          id: 1,
          code: 'print(1)',
          filename: 's.py',
          stdin: 'a\ud800b',
          limits,
        } as const;
        const rejected = await zygote.run(bad, encodeJobFrame(bad), 5000);
        expect(rejected).toMatchObject({
          kind: 'lost',
          reason: expect.stringMatching(/rejected: stdin/) as unknown,
        });
        // A header that is not JSON (3 bytes), with an empty body.
        const notJson = Buffer.from([0, 0, 0, 3, 0, 0, 0, 0, 0x7b, 0x7b, 0x7b]);
        const garbled = await zygote.run({ ...bad, id: 2 }, notJson, 5000);
        expect(garbled).toMatchObject({ kind: 'lost', reason: expect.stringMatching(/rejected/) as unknown });
        const good = { ...bad, id: 3, stdin: 'ok' };
        const outcome = await zygote.run(good, encodeJobFrame(good), 5000);
        expect(outcome.kind).toBe('result');
        expect(outcome.kind === 'result' && outcome.frame.stdout).toBe('1\n');
        expect(zygote.alive && !zygote.retiring).toBe(true);
      } finally {
        await zygote.stop();
        rmSync(root, { recursive: true, force: true });
      }
    });
  });
});
