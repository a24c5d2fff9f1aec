import { describe, expect, it } from 'vitest';
import { analysisReportSchema, analyzeCode } from '../../src/analysis/index.js';

describe('analyzeCode', () => {
  describe('when given the platform example', () => {
    it('reports it safe with no issues', async () => {
      const report = await analyzeCode(
        'import math\ndef calculate_area(radius):\n    return math.pi * radius ** 2\n',
      );
      expect(report.safe).toBe(true);
      expect(report.issues).toEqual([]);
      expect(report.riskScore).toBe(0);
      expect(report.imports).toEqual([
        { module: 'math', kind: 'import', names: [], alias: null, line: 1, status: 'allowed' },
      ]);
      expect(analysisReportSchema.parse(report)).toEqual(report);
    });
  });

  describe('when the code runs a shell command through an alias', () => {
    it('reports HB-PROC-001 at the import and at the call', async () => {
      const report = await analyzeCode("from os import system as s\ns('id')\n");
      expect(report.safe).toBe(false);
      const proc = report.issues.filter((i) => i.rule === 'HB-PROC-001').map((i) => [i.line, i.column]);
      expect(proc).toEqual([
        [1, 16],
        [2, 1],
      ]);
    });
  });
});
