/** Analysis issues → CodeMirror diagnostics (positions, severity, hover tooltip). */
import type { Text } from '@codemirror/state';
import type { Diagnostic } from '@codemirror/lint';
import type { AnalysisIssue } from '../client/index.js';

export function severityOf(issue: AnalysisIssue): Diagnostic['severity'] {
  if (issue.severity === 'critical' || issue.severity === 'high') return 'error';
  if (issue.severity === 'medium') return 'warning';
  return 'info';
}

/** 1-based line and UTF-16 column → document offset, clamped to the document. */
export function offsetOf(doc: Text, line: number, column: number): number {
  const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
  return Math.min(l.from + Math.max(column, 1) - 1, l.to);
}

function tooltip(issue: AnalysisIssue): HTMLElement {
  // Built as text nodes: analysis messages quote the user's code and must stay inert.
  const root = document.createElement('div');
  root.className = 'lint-tip';
  const head = root.appendChild(document.createElement('div'));
  head.className = 'lint-tip-head';
  head.appendChild(document.createElement('code')).textContent = issue.rule;
  head.appendChild(document.createTextNode(` · ${issue.severity} · ${issue.cwe}`));
  root.appendChild(document.createElement('div')).textContent = issue.message;
  const hint = root.appendChild(document.createElement('div'));
  hint.className = 'lint-tip-hint';
  hint.textContent = `Hint: ${issue.hint}`;
  return root;
}

export function toDiagnostic(doc: Text, issue: AnalysisIssue): Diagnostic {
  const from = offsetOf(doc, issue.line, issue.column);
  let to = offsetOf(doc, issue.endLine, issue.endColumn);
  if (to <= from) to = Math.max(from, doc.lineAt(from).to);
  return {
    from,
    to,
    severity: severityOf(issue),
    message: `${issue.rule}: ${issue.message} Hint: ${issue.hint}`,
    renderMessage: () => tooltip(issue),
  };
}
