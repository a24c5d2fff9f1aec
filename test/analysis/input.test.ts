import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HackBridgeError } from '../../src/common/index.js';
import {
  createAnalyzer,
  decodeSource,
  defaultPolicy,
  mergePolicy,
  type Policy,
} from '../../src/analysis/index.js';

describe('analyser input and policy', () => {
  describe('when the input is not acceptable source', () => {
    const analyzer = createAnalyzer({ cacheEntries: 0, maxSourceBytes: 64 });

    it('refuses sources over the size limit with HB_ANALYSIS_INPUT_TOO_LARGE', async () => {
      await expect(analyzer.analyze('x = 1\n'.repeat(20))).rejects.toMatchObject({
        code: 'HB_ANALYSIS_INPUT_TOO_LARGE',
        statusCode: 413,
        details: { bytes: 120, maxSourceBytes: 64 },
      });
    });

    it('refuses text with NUL bytes as binary', async () => {
      await expect(analyzer.analyze('print(1)\0\0')).rejects.toMatchObject({
        code: 'HB_ANALYSIS_INPUT_BINARY',
      });
    });

    it('refuses lone surrogates as not being Unicode text', async () => {
      await expect(analyzer.analyze('x = "\uD800"')).rejects.toMatchObject({
        code: 'HB_ANALYSIS_INPUT_ENCODING',
      });
    });

    it('decodes bytes strictly as UTF-8', () => {
      expect(decodeSource(new TextEncoder().encode('é = 1'), 100)).toBe('é = 1');
      expect(() => decodeSource(new Uint8Array([0x78, 0xff, 0xfe]), 100)).toThrow(HackBridgeError);
      expect(() => decodeSource(new Uint8Array([0x78, 0, 0x79]), 100)).toThrow(/NUL/);
      expect(() => decodeSource(new Uint8Array(101), 100)).toThrow(/limit/);
    });
  });

  describe('policy as data', () => {
    const analyzer = createAnalyzer({ cacheEntries: 0 });

    it('lets a task deny a module the default allows', async () => {
      const strict = mergePolicy(defaultPolicy, {
        modules: { ...defaultPolicy.modules, deny: [...defaultPolicy.modules.deny, 'random'] },
      });
      expect((await analyzer.analyze('import random\n')).safe).toBe(true);
      const report = await analyzer.analyze('import random\n', strict);
      expect(report.safe).toBe(false);
      expect(report.issues.map((i) => i.rule)).toEqual(['HB-IMP-001']);
    });

    it('lets a task raise a rule severity (threads forbidden)', async () => {
      const noThreads = mergePolicy(defaultPolicy, { rules: { 'HB-PROC-004': { severity: 'high' } } });
      const code = 'import threading\nthreading.Thread(target=print).start()\n';
      expect((await analyzer.analyze(code)).safe).toBe(true);
      expect((await analyzer.analyze(code, noThreads)).safe).toBe(false);
    });

    it('rejects an invalid policy with HB_ANALYSIS_POLICY_INVALID naming the field', async () => {
      const bad = { ...defaultPolicy, maxRecursionLimit: -1 } as Policy;
      await expect(analyzer.analyze('print(1)\n', bad)).rejects.toMatchObject({
        code: 'HB_ANALYSIS_POLICY_INVALID',
        details: { path: 'maxRecursionLimit' },
      });
    });
  });

  describe('cache', () => {
    it('serves repeated analyses of the same code and policy from the cache, counting hits and misses', async () => {
      const analyzer = createAnalyzer({ cacheEntries: 10 });
      const first = await analyzer.analyze('print(1)\n');
      const again = await analyzer.analyze('print(1)\n');
      const otherPolicy = mergePolicy(defaultPolicy, { unsafeAt: 'high' });
      await analyzer.analyze('print(1)\n', otherPolicy);
      expect(again).toBe(first);
      expect(analyzer.cacheStats()).toEqual({ hits: 1, misses: 2, size: 2, maxEntries: 10 });
    });
  });

  describe('browser safety', () => {
    it('keeps node: imports out of every analysis file except the Node entry', () => {
      const dir = 'src/analysis';
      const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
      const offenders = files.filter(
        (f) => f !== 'node.ts' && f !== 'index.ts' && /from 'node:/.test(readFileSync(`${dir}/${f}`, 'utf8')),
      );
      expect(offenders).toEqual([]);
    });
  });
});
