/**
 * Static analysis through the service: per-user rate limit, reports capped before they are
 * stored with a submission, and a submission whose analysis overruns its budget still graded.
 * Real engine, real SQLite store, analysis worker threads.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { HackBridgeError } from '../../src/common/index.js';
import type { DeepPartial } from '../../src/config/index.js';
import type { Config } from '../../src/config/index.js';
import { createService } from '../../src/service/index.js';
import type { Service, ServiceApi } from '../../src/service/index.js';
import { closeTestEngine, eventually, testConfig, testDatabase, testEngine } from '../bridge/harness.js';

const db = testDatabase('sqlite');
const services: Service[] = [];
afterAll(async () => {
  for (const s of services) await s.close();
  await closeTestEngine();
  await db.cleanup();
});

async function setUp(overrides: DeepPartial<Config>): Promise<{ service: Service; api: ServiceApi }> {
  const config = testConfig(db.url, { ...overrides, telemetry: { level: 'silent' } });
  const service = await createService({ config, engine: testEngine(config) });
  services.push(service);
  await service.start({ consume: true });
  const user = await service.createUser(`user${services.length}`, 'participant');
  return { service, api: service.forUser(user.user) };
}

async function graded(service: Service, id: string) {
  return eventually(async () => {
    const s = await service.store.getSubmission(id);
    return s?.state === 'done' ? s : undefined;
  }, 'the submission to be graded');
}

const ADD = 'def add(a, b):\n    return a + b\n';

describe('analysis in the service', () => {
  describe('when a user analyses more than server.analysesPerMinute', () => {
    it('refuses the extra request with HB_RATE_LIMITED for analyses', async () => {
      const { api } = await setUp({ server: { analysesPerMinute: 2 } });
      await api.analyzeCode('a = 1\n');
      await api.analyzeCode('b = 2\n');
      let thrown: HackBridgeError | undefined;
      await api.analyzeCode('c = 3\n').catch((e: HackBridgeError) => (thrown = e));
      expect(thrown).toMatchObject({
        code: 'HB_RATE_LIMITED',
        statusCode: 429,
        details: { action: 'analysis' },
      });
    });
  });

  describe('when a submission yields more issues than analysis.maxIssues', () => {
    it('stores only the capped report, with the total', async () => {
      const { service, api } = await setUp({ analysis: { maxIssues: 5 } });
      const code = `${ADD}${Array.from({ length: 40 }, (_, i) => `eval(x${i})`).join('\n')}\n`;
      const { id } = await api.submitTask('add', code);
      const stored = await graded(service, id);
      const analysis = (stored.result as { analysis: { issues: unknown[]; issuesTotal: number } }).analysis;
      expect(analysis.issues).toHaveLength(5);
      expect(analysis.issuesTotal).toBeGreaterThanOrEqual(40);
      expect(analysis).toMatchObject({ issuesTruncated: true, safe: false });
    });
  });

  describe("when a submission's analysis overruns analysis.timeoutMs", () => {
    it('grades it anyway and says the analysis timed out', async () => {
      const { service, api } = await setUp({
        analysis: { timeoutMs: 100 },
        server: { maxSourceBytes: 1024 * 1024 },
      });
      // ~0.9 MB of findings: far more than 100 ms of analysis.
      const body = Array.from({ length: 40_000 }, (_, i) => `    eval(x${i})`).join('\n');
      const code = `${ADD}def never():\n${body}\n`;
      const { id } = await api.submitTask('add', code);
      const stored = await graded(service, id);
      expect(stored.result).toMatchObject({ taskId: 'add' });
      expect(stored.result).toMatchObject({ analysisError: { code: 'HB_ANALYSIS_TIMEOUT' } });
      expect(stored.result).not.toHaveProperty('analysis');
      // The pool replaced the worker and keeps serving.
      expect((await api.analyzeCode('import os\nos.system("x")\n')).safe).toBe(false);
    });
  });
});
