/**
 * The labelled corpus: every file under test/fixtures/analysis/{benign,hostile} must get its
 * label, and hostile files the rules their `# expect-rules:` header names.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/analysis/index.js';

const root = 'test/fixtures/analysis';
const analyzer = createAnalyzer({ cacheEntries: 0 });

function corpus(label: 'benign' | 'hostile'): { name: string; code: string }[] {
  return readdirSync(join(root, label))
    .filter((f) => f.endsWith('.py'))
    .sort()
    .map((name) => ({ name, code: readFileSync(join(root, label, name), 'utf8') }));
}

describe('analysis corpus', () => {
  const benign = corpus('benign');
  const hostile = corpus('hostile');

  it('holds at least 60 labelled files of each kind', () => {
    expect(benign.length).toBeGreaterThanOrEqual(60);
    expect(hostile.length).toBeGreaterThanOrEqual(60);
    for (const f of benign) expect(f.code.startsWith('# expect: safe\n'), f.name).toBe(true);
    for (const f of hostile)
      expect(f.code, f.name).toMatch(/^# attack: .+\n# expect: unsafe\n# expect-rules: HB-/);
  });

  describe('when the file is a benign solution', () => {
    it.each(benign.map((f) => [f.name, f.code]))('reports %s safe', async (_name, code) => {
      const report = await analyzer.analyze(code);
      const blocking = report.issues.filter((i) => i.severity !== 'low');
      expect(blocking).toEqual([]);
      expect(report.safe).toBe(true);
    });
  });

  describe('when the file is hostile', () => {
    it.each(hostile.map((f) => [f.name, f.code]))(
      'reports %s unsafe with its expected rules',
      async (_name, code) => {
        const report = await analyzer.analyze(code);
        expect(report.safe).toBe(false);
        const expected = (/^# expect-rules: (.+)$/m.exec(code)?.[1] ?? '').split(/\s+/).filter(Boolean);
        const found = new Set(report.issues.map((i) => i.rule));
        expect(expected.filter((rule) => !found.has(rule))).toEqual([]);
      },
    );
  });
});
