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

/** Issues kept per report unless the analyser is told otherwise. */
export const DEFAULT_MAX_ISSUES = 200;

/**
 * The `max` most severe issues (then most confident, then first in the file), back in file
 * order. One line of source can yield an issue of ~300 bytes of JSON, so without a cap 1 MB of
 * `eval(x)` lines made a 23 MB report (red-team H1); the verdict and score still see them all.
 */
export function capIssues(issues: readonly AnalysisIssue[], max: number): AnalysisIssue[] {
  if (issues.length <= max) return [...issues];
  const confidenceRank: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };
  const kept = issues
    .map((issue, index) => ({ issue, index }))
    .sort(
      (a, b) =>
        severityRank[b.issue.severity] - severityRank[a.issue.severity] ||
        confidenceRank[b.issue.confidence] - confidenceRank[a.issue.confidence] ||
        a.index - b.index,
    )
    .slice(0, max);
  return kept.sort((a, b) => a.index - b.index).map((k) => k.issue);
}

const importRank: Record<ImportRecord['status'], number> = {
  denied: 4,
  restricted: 3,
  unknown: 2,
  warned: 1,
  allowed: 0,
};

/**
 * The first `max` imports by line, the least allowed first: a line of `__import__('o'+'s')`
 * is one record, so 128 KiB of them made 2,000 (170 kB of JSON) even with issues capped.
 */
export function capImports(imports: readonly ImportRecord[], max: number): ImportRecord[] {
  const byLine = [...imports].sort((a, b) => a.line - b.line);
  if (byLine.length <= max) return byLine;
  return byLine
    .map((record, index) => ({ record, index }))
    .sort((a, b) => importRank[b.record.status] - importRank[a.record.status] || a.index - b.index)
    .slice(0, max)
    .sort((a, b) => a.index - b.index)
    .map((k) => k.record);
}

export function buildReport(input: {
  findings: readonly Finding[];
  /** Issues kept in the report (the most severe); `issuesTotal` counts all of them. */
  maxIssues?: number;
  /** Import records kept (the least allowed first); `importsTotal` counts all of them. */
  maxImports?: number;
  patterns: CodePattern[];
  imports: ImportRecord[];
  syntaxError: boolean;
  policy: Policy;
  lines: number;
  bytes: number;
}): AnalysisReport {
  const all = toIssues(input.findings, input.policy);
  const issues = capIssues(all, input.maxIssues ?? DEFAULT_MAX_ISSUES);
  const imports = capImports(input.imports, input.maxImports ?? DEFAULT_MAX_ISSUES);
  return {
    safe: isSafe(all, input.policy),
    riskScore: riskScore(all),
    issues,
    issuesTotal: all.length,
    issuesTruncated: issues.length < all.length,
    patterns: input.patterns,
    imports,
    importsTotal: input.imports.length,
    importsTruncated: imports.length < input.imports.length,
    syntaxError: input.syntaxError,
    stats: { lines: input.lines, bytes: input.bytes },
  };
}
