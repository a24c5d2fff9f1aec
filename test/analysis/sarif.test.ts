/**
 * SARIF 2.1.0: the schema cannot be downloaded here, so the required properties of the
 * OASIS specification (§3.13 sarifLog, §3.14 run, §3.18 tool, §3.19 toolComponent, §3.49
 * reportingDescriptor, §3.27 result, §3.28 location, §3.29 physicalLocation, §3.30 region,
 * §3.11 message) are checked structurally.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCode, analysisRules, toSarif } from '../../src/analysis/index.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => {
  expect(v !== null && typeof v === 'object' && !Array.isArray(v)).toBe(true);
  return v as Json;
};
const arr = (v: unknown): unknown[] => {
  expect(Array.isArray(v)).toBe(true);
  return v as unknown[];
};
const positiveInt = (v: unknown): void => {
  expect(Number.isInteger(v) && (v as number) >= 1).toBe(true);
};

function checkMessage(m: unknown): void {
  const message = obj(m);
  expect(typeof message.text === 'string' || typeof message.id === 'string').toBe(true);
}

function checkSarif(log: unknown): void {
  const root = obj(log);
  expect(root.version).toBe('2.1.0');
  expect(typeof root.$schema).toBe('string');
  for (const r of arr(root.runs)) {
    const run = obj(r);
    const driver = obj(obj(run.tool).driver);
    expect(typeof driver.name).toBe('string');
    const ruleIds = new Set<string>();
    for (const d of arr(driver.rules)) {
      const rule = obj(d);
      expect(typeof rule.id).toBe('string');
      ruleIds.add(rule.id as string);
      checkMessage(rule.shortDescription);
      if (rule.helpUri !== undefined) expect(() => new URL(rule.helpUri as string)).not.toThrow();
      const tags = arr(obj(rule.properties).tags);
      expect(tags.some((t) => typeof t === 'string' && /^CWE-\d+$/.test(t))).toBe(true);
      expect(['none', 'note', 'warning', 'error']).toContain(obj(rule.defaultConfiguration).level);
    }
    for (const x of arr(run.results)) {
      const result = obj(x);
      checkMessage(result.message);
      expect(ruleIds.has(result.ruleId as string)).toBe(true);
      expect(['none', 'note', 'warning', 'error']).toContain(result.level);
      const rules = arr(driver.rules);
      expect(obj(rules[result.ruleIndex as number]).id).toBe(result.ruleId);
      for (const l of arr(result.locations)) {
        const physical = obj(obj(l).physicalLocation);
        expect(typeof obj(physical.artifactLocation).uri).toBe('string');
        const region = obj(physical.region);
        positiveInt(region.startLine);
        positiveInt(region.startColumn);
        positiveInt(region.endLine);
        positiveInt(region.endColumn);
        expect(region.endLine as number).toBeGreaterThanOrEqual(region.startLine as number);
      }
    }
  }
}

describe('toSarif', () => {
  it('produces a SARIF 2.1.0 log with every required field', async () => {
    const report = await analyzeCode('import os\nos.system("id")\nopen("/etc/passwd")\n');
    const log = toSarif(report, { uri: 'solutions/a.py' });
    checkSarif(JSON.parse(JSON.stringify(log)));
  });

  it('describes every rule of the catalogue and maps severities to levels', async () => {
    const report = await analyzeCode('import os\nos.system("id")\n');
    const log = toSarif(report, { uri: 'a.py' });
    const run = log.runs[0] as {
      tool: { driver: { rules: { id: string }[] } };
      results: { ruleId: string; level: string }[];
    };
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(analysisRules.map((r) => r.id));
    expect(run.results.map((r) => [r.ruleId, r.level])).toEqual([
      ['HB-IMP-002', 'note'],
      ['HB-PROC-001', 'error'],
    ]);
  });

  it('is valid with no results for safe code', async () => {
    const log = toSarif(await analyzeCode('print(1)\n'), { uri: 'a.py' });
    checkSarif(log);
    expect((log.runs[0] as { results: unknown[] }).results).toEqual([]);
  });
});
