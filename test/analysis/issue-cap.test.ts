import { describe, expect, it } from 'vitest';
import { analysisReportSchema, createAnalyzer, formatReportText, toSarif } from '../../src/analysis/index.js';

// 30 lines that each hold a high-severity finding (eval), then one critical shell call at the end.
const source = `${Array.from({ length: 30 }, (_, i) => `eval(x${i})`).join('\n')}\nimport os\nos.system('id')\n`;

describe('issue cap', () => {
  describe('when a report has more issues than maxIssues', () => {
    it('keeps the most severe, in file order, and counts the rest', async () => {
      const capped = await createAnalyzer({ cacheEntries: 0, maxIssues: 5 }).analyze(source);
      const full = await createAnalyzer({ cacheEntries: 0, maxIssues: 10_000 }).analyze(source);
      expect(full.issuesTruncated).toBe(false);
      expect(full.issues).toHaveLength(full.issuesTotal);
      expect(capped.issues).toHaveLength(5);
      expect(capped.issuesTotal).toBe(full.issuesTotal);
      expect(capped.issuesTruncated).toBe(true);
      // The critical shell call at the end survives the cap; kept issues stay in file order.
      expect(capped.issues.some((i) => i.severity === 'critical')).toBe(true);
      const lines = capped.issues.map((i) => i.line);
      expect(lines).toEqual([...lines].sort((a, b) => a - b));
      expect(analysisReportSchema.parse(capped)).toEqual(capped);
    });

    it('computes safe and riskScore from every issue, not just the kept ones', async () => {
      const capped = await createAnalyzer({ cacheEntries: 0, maxIssues: 1 }).analyze(source);
      const full = await createAnalyzer({ cacheEntries: 0, maxIssues: 10_000 }).analyze(source);
      expect(capped.safe).toBe(full.safe);
      expect(capped.riskScore).toBe(full.riskScore);
    });

    it('says so in the text and SARIF outputs', async () => {
      const capped = await createAnalyzer({ cacheEntries: 0, maxIssues: 2 }).analyze(source);
      expect(formatReportText(capped, source, { file: 'a.py' })).toContain(
        `${capped.issuesTotal} issues, the 2 most severe shown`,
      );
      const run = toSarif(capped, { uri: 'a.py' }).runs[0];
      expect(run?.results).toHaveLength(2);
      expect(run?.properties).toMatchObject({ issuesTotal: capped.issuesTotal, issuesTruncated: true });
    });
  });

  describe('when a report has more imports than maxImports', () => {
    it('keeps the least allowed first, in line order, and counts the rest', async () => {
      const code = 'import math\nimport json\nimport os\nimport re\n';
      const report = await createAnalyzer({ cacheEntries: 0, maxImports: 2 }).analyze(code);
      expect(report.importsTotal).toBe(4);
      expect(report.importsTruncated).toBe(true);
      expect(report.imports).toHaveLength(2);
      // os (not allowed) is kept whatever its line; the rest of the room goes to the first lines.
      expect(report.imports.map((i) => i.module)).toEqual(['math', 'os']);
      expect(formatReportText(report, code, { file: 'a.py' })).toContain('(2 more not shown)');
    });
  });

  describe('when maxIssues is not a positive integer', () => {
    it('refuses to create the analyser with HB_ANALYSIS_OPTIONS_INVALID', () => {
      expect(() => createAnalyzer({ maxIssues: 0 })).toThrow(
        expect.objectContaining({ code: 'HB_ANALYSIS_OPTIONS_INVALID' }),
      );
    });
  });
});
