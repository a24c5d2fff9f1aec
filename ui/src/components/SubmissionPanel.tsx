/** A submission's progress ("test k of n"), then its score and per-test table (the detail page's). */
import type { ProgressMessage, Submission } from '../client/index.js';
import { formatKiB, formatSeconds } from '../lib/format.js';
import { TestTable } from '../screens/submission/TestTable.js';
import { CodeError, StatusBadge } from './Status.js';

export type SubmissionView =
  | { readonly phase: 'sending' }
  | { readonly phase: 'waiting'; readonly id: string; readonly last?: ProgressMessage }
  | {
      readonly phase: 'done';
      readonly id: string;
      readonly result: Submission['result'];
      readonly error?: string;
    }
  | { readonly phase: 'error'; readonly message: string };

export function progressText(last: ProgressMessage | undefined): string {
  if (last?.type === 'progress' && last.test !== undefined && last.of !== undefined)
    return `test ${last.test} of ${last.of}`;
  if (last?.state === 'running') return 'running';
  return 'queued';
}

function ProgressBar({ last }: { readonly last: ProgressMessage | undefined }) {
  const known = last?.type === 'progress' && last.test !== undefined && last.of !== undefined && last.of > 0;
  const percent = known ? Math.round((100 * ((last.test ?? 1) - 1)) / (last.of ?? 1)) : undefined;
  return (
    <div className={percent === undefined ? 'progress-bar indeterminate' : 'progress-bar'} aria-hidden="true">
      <span style={percent === undefined ? undefined : { width: `${Math.max(percent, 4)}%` }} />
    </div>
  );
}

export function SubmissionPanel({ view }: { readonly view: SubmissionView }) {
  if (view.phase === 'sending' || view.phase === 'waiting') {
    return (
      <section className="result-panel" aria-label="Submission">
        <div className="progress" role="status">
          <span className="spinner" aria-hidden="true" />
          <span>Grading: </span>
          <span data-testid="submit-progress">
            {view.phase === 'sending' ? 'sending' : progressText(view.last)}
          </span>
        </div>
        <ProgressBar last={view.phase === 'waiting' ? view.last : undefined} />
      </section>
    );
  }
  if (view.phase === 'error') return <p className="notice error">{view.message}</p>;
  const r = view.result;
  if (r === undefined) {
    return (
      <section
        className="result-panel"
        data-testid="submission-result"
        data-status="failed"
        aria-label="Submission"
      >
        <p className="notice error">Grading failed: {view.error ?? 'no result'}</p>
      </section>
    );
  }
  return (
    <section
      className="result-panel"
      data-testid="submission-result"
      data-status={r.status}
      data-score={r.score}
      aria-label="Submission result"
    >
      <div className="result-summary">
        <div className={`score-ring ${r.score === 100 ? 'full' : r.score > 0 ? 'part' : 'zero'}`}>
          <span data-testid="score">{r.score}</span>
          <span className="score-of">/100</span>
        </div>
        <StatusBadge status={r.status} />
        <span className="muted">
          {r.passed} of {r.total} tests passed · {formatSeconds(r.executionTime)} · peak{' '}
          {formatKiB(r.memoryUsage)}
        </span>
        <a className="small" href={`#/submissions/${encodeURIComponent(view.id)}`}>
          View submission
        </a>
      </div>
      {r.error !== undefined && <CodeError error={r.error} />}
      <TestTable tests={r.tests} />
    </section>
  );
}
