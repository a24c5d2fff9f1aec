/**
 * Code over the API is held to `server.maxSourceBytes` (clamped by `engine.maxSourceBytes`),
 * refused with HB_SOURCE_TOO_LARGE naming the limit before any work is done.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { HackBridgeError } from '../../src/common/index.js';
import { createService } from '../../src/service/index.js';
import type { Service } from '../../src/service/index.js';
import { closeTestEngine, testConfig, testDatabase, testEngine } from '../bridge/harness.js';

const db = testDatabase('sqlite');
const services: Service[] = [];
afterAll(async () => {
  for (const s of services) await s.close();
  await closeTestEngine();
  await db.cleanup();
});

async function apiWith(server: { maxSourceBytes?: number }, engineMax?: number) {
  const config = testConfig(db.url, {
    server,
    telemetry: { level: 'silent' },
    ...(engineMax === undefined ? {} : { engine: { maxSourceBytes: engineMax } }),
  });
  const service = await createService({ config, engine: testEngine(config) });
  services.push(service);
  const user = await service.createUser(`u${services.length}`, 'participant');
  return service.forUser(user.user);
}

const refusal = async (p: Promise<unknown>): Promise<HackBridgeError> => {
  try {
    await p;
  } catch (e) {
    return e as HackBridgeError;
  }
  throw new Error('expected a refusal');
};

describe('API source limit', () => {
  describe('when code is larger than server.maxSourceBytes', () => {
    it('refuses analyses, runs and submissions with 413 HB_SOURCE_TOO_LARGE naming the setting', async () => {
      const api = await apiWith({ maxSourceBytes: 1000 });
      const code = `# ${'x'.repeat(1000)}\n`;
      for (const call of [api.analyzeCode(code), api.runCode(code), api.submitTask('add', code)]) {
        const e = await refusal(call);
        expect(e).toMatchObject({
          code: 'HB_SOURCE_TOO_LARGE',
          statusCode: 413,
          details: { bytes: 1003, limitBytes: 1000, setting: 'server.maxSourceBytes' },
        });
        expect(e.message).toContain('1000 bytes (server.maxSourceBytes)');
      }
    });

    it('accepts code at the limit', async () => {
      const api = await apiWith({ maxSourceBytes: 1000 });
      const report = await api.analyzeCode(`# ${'x'.repeat(997)}\n`);
      expect(report.stats.bytes).toBe(1000);
    });
  });

  describe('when engine.maxSourceBytes is smaller', () => {
    it('clamps to the engine maximum and names that setting', async () => {
      const api = await apiWith({ maxSourceBytes: 4096 }, 500);
      const e = await refusal(api.analyzeCode('#'.repeat(600)));
      expect(e.details).toMatchObject({ limitBytes: 500, setting: 'engine.maxSourceBytes' });
    });
  });

  it('defaults to 128 KiB', () => {
    expect(testConfig(db.url).server.maxSourceBytes).toBe(128 * 1024);
  });
});
