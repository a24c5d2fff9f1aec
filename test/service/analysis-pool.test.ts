/**
 * The server's analysis pool: analyses run in worker threads with a time budget; an overrun
 * is a typed error, the worker is replaced and the pool keeps serving; the queue is bounded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HackBridgeError } from '../../src/common/index.js';
import { createAnalysisPool } from '../../src/service/analysis-pool.js';
import type { AnalysisPool, AnalysisPoolOptions } from '../../src/service/analysis-pool.js';

const pools: AnalysisPool[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) await p.close();
});

function pool(overrides: Partial<AnalysisPoolOptions> = {}): AnalysisPool {
  const p = createAnalysisPool({
    workers: 1,
    timeoutMs: 10_000,
    queueLimit: 8,
    maxSourceBytes: 1024 * 1024,
    maxIssues: 200,
    maxImports: 200,
    cacheEntries: 0,
    ...overrides,
  });
  pools.push(p);
  return p;
}

const refusal = async (promise: Promise<unknown>): Promise<HackBridgeError> => {
  try {
    await promise;
  } catch (e) {
    return e as HackBridgeError;
  }
  throw new Error('expected a refusal');
};

// ~1 MB of findings: seconds of analysis, far over a 300 ms budget on any machine.
const slow = Array.from({ length: 60_000 }, (_, i) => `eval(x${i})`).join('\n');

describe('analysis pool', () => {
  it('analyses in a worker and returns the capped report', async () => {
    const report = await pool({ maxIssues: 3 }).analyze('eval(a)\neval(b)\neval(c)\neval(d)\n');
    expect(report.safe).toBe(false);
    expect(report.issues).toHaveLength(3);
    expect(report.issuesTotal).toBe(4);
  });

  it("passes the analyser's input errors through with their code", async () => {
    const e = await refusal(pool({ maxSourceBytes: 10 }).analyze('#'.repeat(20)));
    expect(e).toMatchObject({ code: 'HB_ANALYSIS_INPUT_TOO_LARGE', statusCode: 413 });
  });

  describe('when an analysis overruns its time budget', () => {
    it('fails it with HB_ANALYSIS_TIMEOUT, replaces the worker and serves the next one', async () => {
      const restarts: string[] = [];
      const p = pool({ timeoutMs: 300, onRestart: (r) => restarts.push(r) });
      await p.analyze('x = 1\n'); // the worker is up: the budget no longer includes its start
      const e = await refusal(p.analyze(slow));
      expect(e).toMatchObject({ code: 'HB_ANALYSIS_TIMEOUT', statusCode: 422, details: { timeoutMs: 300 } });
      expect(restarts).toEqual(['timeout']);
      const next = await p.analyze('import os\nos.system("id")\n');
      expect(next.safe).toBe(false);
      expect(p.stats()).toMatchObject({ restarts: 1, busy: 0, queued: 0 });
    });
  });

  describe('when more analyses wait than queueLimit', () => {
    it('refuses the extra one with HB_ANALYSIS_BUSY and finishes the rest', async () => {
      const p = pool({ queueLimit: 2 });
      const waiting = [p.analyze('a = 1\n'), p.analyze('b = 2\n')];
      const e = await refusal(p.analyze('c = 3\n'));
      expect(e).toMatchObject({ code: 'HB_ANALYSIS_BUSY', statusCode: 503 });
      await expect(Promise.all(waiting)).resolves.toHaveLength(2);
    });
  });

  it('answers a repeated source from its cache', async () => {
    const p = pool({ cacheEntries: 10 });
    const first = await p.analyze('eval(a)\n');
    expect(await p.analyze('eval(a)\n')).toEqual(first);
    expect(p.stats().cache).toMatchObject({ hits: 1, misses: 1 });
  });
});
