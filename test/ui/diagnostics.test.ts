import { Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import type { AnalysisIssue } from '../../ui/src/client/types.js';
import { offsetOf, severityOf, toDiagnostic } from '../../ui/src/components/diagnostics.js';

const doc = Text.of(['import os', "os.system('id')", '']);

const issue = (over: Partial<AnalysisIssue>): AnalysisIssue => ({
  rule: 'HB-PROC-001',
  family: 'processes',
  severity: 'critical',
  confidence: 'high',
  cwe: 'CWE-78',
  line: 2,
  column: 1,
  endLine: 2,
  endColumn: 10,
  message: 'Uses os.system.',
  hint: 'Compute the answer in Python.',
  ...over,
});

describe('editor diagnostics', () => {
  it('maps 1-based lines and columns to document offsets, clamped to the document', () => {
    expect(offsetOf(doc, 1, 1)).toBe(0);
    expect(offsetOf(doc, 2, 4)).toBe(13);
    expect(offsetOf(doc, 2, 99)).toBe(doc.line(2).to);
    expect(offsetOf(doc, 9, 1)).toBe(doc.line(3).from);
  });

  it('underlines the issue span and carries rule, message and hint', () => {
    const d = toDiagnostic(doc, issue({}));
    expect(doc.sliceString(d.from, d.to)).toBe('os.system');
    expect(d.severity).toBe('error');
    expect(d.message).toContain('HB-PROC-001');
    expect(d.message).toContain('Uses os.system.');
    expect(d.message).toContain('Compute the answer in Python.');
  });

  it('widens an empty span to the end of its line so it stays visible', () => {
    const d = toDiagnostic(doc, issue({ line: 1, column: 1, endLine: 1, endColumn: 1 }));
    expect(doc.sliceString(d.from, d.to)).toBe('import os');
  });

  it('maps severities to error, warning and info', () => {
    expect(severityOf(issue({ severity: 'high' }))).toBe('error');
    expect(severityOf(issue({ severity: 'medium' }))).toBe('warning');
    expect(severityOf(issue({ severity: 'low' }))).toBe('info');
  });
});
