/**
 * Statuses that used to be misreported, and the child's report treated as what it is: the
 * job's own claim, which may be forged or garbage without ever breaking the Node side.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, runResultSchema, type RunResult } from '../../src/engine/index.js';

const engine = createEngine({ workers: 1 });
afterAll(() => engine.close());

const run = async (code: string, timeLimit = 2): Promise<RunResult> => {
  const r = await engine.run(code, { timeLimit });
  runResultSchema.parse(r);
  return r;
};

describe('status of a job', () => {
  describe('when the address-space limit refuses an mmap (ENOMEM, not MemoryError)', () => {
    it('is memory_limit', async () => {
      const r = await run('import mmap\nm = mmap.mmap(-1, 1 << 33)\n');
      expect(r.status).toBe('memory_limit');
      expect(r.termination.reason).toBe('memory');
    });
  });

  describe('when recursion under a raised recursion limit runs out of memory for frames', () => {
    it('is a runtime_error that says stack overflow, not a bare SystemError', async () => {
      // ~1 s of CPU here: every one of ~150 000 frames is created, then unwound.
      const r = await run('import sys\nsys.setrecursionlimit(10**6)\ndef f(n): return f(n+1)+1\nf(0)\n', 8);
      expect(r.status).toBe('runtime_error');
      expect(r.error).toMatchObject({ type: 'RecursionError', line: 3 });
      expect(r.error?.message).toMatch(/stack overflow/);
    });
  });

  describe('when the job dies of SIGSEGV', () => {
    it('is a runtime_error naming the signal and the likely stack overflow', async () => {
      const r = await run('import ctypes\nctypes.string_at(0)\n');
      expect(r.status).toBe('runtime_error');
      expect(r.signal).toBe('SIGSEGV');
      expect(r.termination.detail).toMatch(/stack overflow is likely/);
    });
  });
});

describe("the child's report", () => {
  describe('when the job forges one Python can write but JSON cannot parse (NaN) and exits 0', () => {
    it('keeps the status from the exit and says the report was unusable', async () => {
      const r = await run('import os\nos.write(3, b\'{"userStartNs": NaN}\')\nos._exit(0)\n');
      expect(r.status).toBe('success');
      expect(r.termination.detail).toMatch(/report was unusable/);
    });
  });

  describe('when the job forges one with impossible times and the wrong shapes', () => {
    it('ignores the times and the report, and never fails', async () => {
      const r = await run(
        'import os\nos.write(3, b\'{"userStartNs": -1e300, "userEndNs": 1e400}\')\nos._exit(3)\n',
      );
      expect(r.status).toBe('runtime_error');
      expect(r.exitCode).toBe(3);
      expect(r.timings.sandboxStartMs).toBeNull();
    });
  });
});
