import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analysisRules } from '../../src/analysis/index.js';
import { renderRulesMarkdown } from '../../src/analysis/rules/docs.js';

describe('rule catalogue documentation', () => {
  it('docs/analysis-rules.md is the catalogue as rendered from the code', () => {
    expect(readFileSync('docs/analysis-rules.md', 'utf8')).toBe(renderRulesMarkdown());
  });

  it('gives every rule a unique, well-formed id, a CWE, a why and a hint', () => {
    const ids = analysisRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of analysisRules) {
      expect(r.id).toMatch(/^HB-[A-Z]{2,5}-\d{3}$/);
      expect(r.cwe).toMatch(/^CWE-\d+$/);
      expect(r.why.length).toBeGreaterThan(20);
      expect(r.hint.length).toBeGreaterThan(10);
    }
  });

  it('covers every family the issue names', () => {
    const families = new Set(analysisRules.map((r) => r.family));
    for (const f of [
      'imports',
      'dynamic-code',
      'file-system',
      'network',
      'processes',
      'introspection',
      'resources',
      'obfuscation',
    ] as const) {
      expect(families.has(f), f).toBe(true);
    }
  });
});
