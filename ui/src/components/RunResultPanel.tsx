/** The result of a Run: status, time, memory, output as text, and why the program stopped. */
import type { RunResult } from '../client/index.js';
import { formatBytes, formatKiB, formatSeconds } from '../lib/format.js';
import { describeTermination } from '../lib/termination.js';
import { CodeError, StatusBadge } from './Status.js';

export function RunResultPanel({ result }: { readonly result: RunResult }) {
  const blocked = result.events.filter((e) => e.blocked);
  const o = result.output;
  return (
    <section
      className="result-panel"
      data-testid="run-result"
      data-status={result.status}
      aria-label="Run result"
    >
      <div className="result-summary">
        <span data-testid="run-status">
          <StatusBadge status={result.status} />
        </span>
        <span className="metric">
          <span className="metric-label">Time</span>
          <span data-testid="run-time">{formatSeconds(result.executionTime)}</span>
          <span className="muted small"> (CPU {formatSeconds(result.cpuTime)})</span>
        </span>
        <span className="metric">
          <span className="metric-label">Memory</span>
          <span data-testid="run-memory">{formatKiB(result.memoryUsage)}</span>
        </span>
      </div>
      <p className="termination" data-testid="run-termination">
        {describeTermination(result)}
      </p>
      {result.error !== null && <CodeError error={result.error} />}
      {result.truncated && (
        <p className="notice warn small" data-testid="run-truncated">
          Output was cut at {formatBytes(o.limitBytes)} per stream
          {o.stdoutTruncated && ` — stdout: ${formatBytes(o.stdoutBytes)} written`}
          {o.stderrTruncated && ` — stderr: ${formatBytes(o.stderrBytes)} written`}.
        </p>
      )}
      {blocked.length > 0 && (
        <div className="notice warn small">
          <strong>The sandbox refused:</strong>
          <ul className="plain-list">
            {blocked.map((e, i) => (
              <li key={i}>
                {e.kind} {e.action}: <code>{e.detail}</code>
                {e.count > 1 && ` (×${e.count})`}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="streams">
        {(['stdout', 'stderr'] as const).map((stream) => (
          <div key={stream}>
            <h3 className="stream-title">{stream}</h3>
            <pre className={`output ${stream}`} data-testid={`run-${stream}`}>
              {result[stream]}
            </pre>
          </div>
        ))}
      </div>
      {result.environment.sandbox !== 'strict' && (
        <p className="muted small">Sandbox mode: {result.environment.sandbox}</p>
      )}
    </section>
  );
}
