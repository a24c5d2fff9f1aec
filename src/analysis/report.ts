/**
 * Turns findings into the public report: policy overrides applied, catalogue metadata
 * attached, issues sorted by position, the verdict and a risk score.
 */
import type { Finding } from './findings.js';
import type { Policy } from './policy.js';
import { ruleMeta } from './rules/catalog.js';
import type {
  AnalysisIssue,
  AnalysisReport,
  CodePattern,
  Confidence,
  ImportRecord,
  Severity,
} from './schema.js';

const severityRank: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** How much one issue alone contributes to the risk score (0..1). */
const severityWeight: Record<Severity, number> = { low: 0.05, medium: 0.3, high: 0.6, critical: 0.9 };
const confidenceWeight: Record<Confidence, number> = { low: 0.5, medium: 0.8, high: 1 };

export function toIssues(findings: readonly Finding[], policy: Policy): AnalysisIssue[] {
  const issues: AnalysisIssue[] = [];
  for (const f of findings) {
    const meta = ruleMeta(f.rule);
    const override = policy.rules[f.rule];
    if (override?.enabled === false) continue;
    issues.push({
      rule: f.rule,
      family: meta.family,
      severity: override?.severity ?? meta.severity,
      confidence: meta.confidence,
      cwe: meta.cwe,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      message: f.message,
      hint: meta.hint,
    });
  }
  return issues.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
}

/**
 * Unsafe when any issue reaches the policy's `unsafeAt` severity, or a denied import is
 * present whatever its (possibly overridden) severity.
 */
export function isSafe(issues: readonly AnalysisIssue[], policy: Policy): boolean {
  const threshold = severityRank[policy.unsafeAt];
  return !issues.some((i) => severityRank[i.severity] >= threshold || i.rule === 'HB-IMP-001');
}

/** 100 × (1 − Π(1 − wᵢ)): independent evidence accumulates, one critical issue alone is 90. */
export function riskScore(issues: readonly AnalysisIssue[]): number {
  let clean = 1;
  for (const i of issues) clean *= 1 - severityWeight[i.severity] * confidenceWeight[i.confidence];
  return Math.min(100, Math.round((1 - clean) * 100));
}

export function buildReport(input: {
  findings: readonly Finding[];
  patterns: CodePattern[];
  imports: ImportRecord[];
  syntaxError: boolean;
  policy: Policy;
  lines: number;
  bytes: number;
}): AnalysisReport {
  const issues = toIssues(input.findings, input.policy);
  return {
    safe: isSafe(issues, input.policy),
    riskScore: riskScore(issues),
    issues,
    patterns: input.patterns,
    imports: [...input.imports].sort((a, b) => a.line - b.line),
    syntaxError: input.syntaxError,
    stats: { lines: input.lines, bytes: input.bytes },
  };
}
