/**
 * The human-readable report: each issue with a code frame (the line, a caret under the
 * columns, the rule and the hint), then imports and patterns.
 */
import type { AnalysisIssue, AnalysisReport } from './schema.js';

export interface TextOptions {
  readonly file: string;
  /** ANSI colours (terminals only). */
  readonly color?: boolean;
}

function frame(
  lines: readonly string[],
  issue: AnalysisIssue,
  paint: (code: string, s: string) => string,
): string[] {
  const width = String(issue.line + 1).length;
  const gutter = (n: number | string, mark = ' '): string => `${mark} ${String(n).padStart(width)} | `;
  const out: string[] = [];
  const before = lines[issue.line - 2];
  if (before !== undefined && before.trim() !== '') out.push(paint('2', gutter(issue.line - 1) + before));
  const line = lines[issue.line - 1] ?? '';
  out.push(gutter(issue.line, '>') + line);
  const spanEnd = issue.endLine === issue.line ? issue.endColumn : line.length + 1;
  const caretCount = Math.max(1, Math.min(spanEnd, line.length + 1) - issue.column);
  const pad = line.slice(0, issue.column - 1).replace(/[^\t]/g, ' ');
  out.push(`${' '.repeat(width + 3)}| ${pad}${paint('31', '^'.repeat(caretCount))} ${issue.rule}`);
  return out;
}

export function formatReportText(report: AnalysisReport, source: string, options: TextOptions): string {
  const paint = (code: string, s: string): string =>
    options.color === true ? `\x1b[${code}m${s}\x1b[0m` : s;
  const lines = source.split(/\r?\n/);
  const verdict = report.safe ? paint('32', 'SAFE') : paint('31;1', 'UNSAFE');
  const out: string[] = [
    `${options.file}: ${verdict} (risk ${report.riskScore}/100, ${report.issuesTotal} issue${report.issuesTotal === 1 ? '' : 's'}${report.issuesTruncated ? `, the ${report.issues.length} most severe shown` : ''})`,
  ];
  for (const issue of report.issues) {
    out.push('');
    out.push(
      `${options.file}:${issue.line}:${issue.column}  ${paint('1', issue.severity)}  ${issue.rule}  ${issue.message}  [${issue.cwe}]`,
    );
    out.push(...frame(lines, issue, paint));
    out.push(`    hint: ${issue.hint}`);
  }
  if (report.imports.length > 0) {
    const more = report.importsTruncated
      ? ` (${report.importsTotal - report.imports.length} more not shown)`
      : '';
    out.push(
      '',
      `imports: ${report.imports.map((i) => `${i.module} (${i.kind}, ${i.status})`).join(', ')}${more}`,
    );
  }
  if (report.patterns.length > 0) {
    out.push(`patterns: ${report.patterns.map((p) => `${p.pattern} ×${p.count}`).join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}
