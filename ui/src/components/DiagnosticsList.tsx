/** The live diagnostics under the editor: count, then one row per issue (rule, message, hint). */
import type { AnalysisReport, UiError } from '../client/index.js';

interface DiagnosticsListProps {
  readonly report: AnalysisReport | undefined;
  readonly error: UiError | undefined;
  readonly onSelect: (line: number, column: number) => void;
}

export function DiagnosticsList({ report, error, onSelect }: DiagnosticsListProps) {
  const issues = report?.issues ?? [];
  return (
    <section className="diagnostics" aria-labelledby="diagnostics-title">
      <div className="diagnostics-head">
        <h2 id="diagnostics-title" className="panel-title">
          Security check
        </h2>
        <span
          className={issues.length === 0 ? 'count-badge ok' : 'count-badge warn'}
          data-testid="diagnostics-count"
          aria-label={`${issues.length} diagnostics`}
        >
          {issues.length}
        </span>
        {report !== undefined && (
          <span className="muted small">
            {issues.length === 0 ? 'No risky code found' : `risk score ${report.riskScore}`}
          </span>
        )}
        {report === undefined && error === undefined && <span className="muted small">Analysing…</span>}
        <span className="sr-only" role="status">
          {report === undefined ? '' : `${issues.length} security diagnostics`}
        </span>
      </div>
      {error !== undefined && (
        <p className="notice error small" role="alert">
          The live analyser is unavailable: {error.message}
        </p>
      )}
      {issues.length > 0 && (
        <ul className="diagnostic-list">
          {issues.map((issue, i) => (
            <li key={`${issue.rule}-${issue.line}-${issue.column}-${i}`} data-testid="diagnostic">
              <button
                type="button"
                className={`diagnostic sev-${issue.severity}`}
                onClick={() => onSelect(issue.line, issue.column)}
                title="Show in the editor"
              >
                <span className="diagnostic-where mono">
                  {issue.line}:{issue.column}
                </span>
                <span className={`sev sev-${issue.severity}`}>{issue.severity}</span>
                <code className="diagnostic-rule">{issue.rule}</code>
                <span className="diagnostic-message">{issue.message}</span>
                <span className="diagnostic-hint muted">{issue.hint}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
