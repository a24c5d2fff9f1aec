/**
 * One submission: its code (read-only text), state and grading result. While it is queued or
 * running, progress arrives through `client.subscribe` and the result is fetched when done.
 */
import './screens.css';
import { useEffect, useState } from 'react';
import type { ScreenProps, Submission } from '../client/types.js';
import { ErrorNotice, Loading, StatusBadge } from '../components/Status.js';
import { StateBadge } from './submission/StateBadge.js';
import { hrefOf } from '../lib/routes.js';
import { useAsync } from '../shell/async.js';
import { formatDateTime, formatKiB, formatSeconds } from './format.js';
import { ScoreText } from './submission/ScoreText.js';
import { TestTable } from './submission/TestTable.js';
import type { GradingResult } from './submission/TestTable.js';
import { useQuietPoll } from './submission/useQuietPoll.js';

const isPending = (s: Submission): boolean => s.state === 'queued' || s.state === 'running';

/** The submitted source, when the server sends it (read defensively: older servers omit it). */
export function codeOf(s: Submission): string | undefined {
  const code = (s as Submission & { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

export function SubmissionDetailScreen({ client, id }: ScreenProps & { readonly id: string }) {
  // Subscribed progress is the fast path; the slow poll is the safety net if a push is lost.
  const sub = useQuietPoll(() => client.getSubmission(id), isPending, 5000, [client, id]);
  const [progress, setProgress] = useState<{ test: number; of: number } | undefined>(undefined);
  const pending = sub.data !== undefined && isPending(sub.data);
  const { reload } = sub;
  const taskId = sub.data?.taskId;
  const [task] = useAsync(
    () => (taskId === undefined ? Promise.resolve(undefined) : client.getTask(taskId)),
    [client, taskId],
  );
  const taskTitle = task.status === 'ready' ? task.data?.title : undefined;

  useEffect(() => {
    if (!pending) return undefined;
    return client.subscribe(id, (message) => {
      if (message.type === 'done') reload();
      else if (message.test !== undefined && message.of !== undefined)
        setProgress({ test: message.test, of: message.of });
    });
  }, [client, id, pending, reload]);

  if (sub.data === undefined)
    return (
      <div className="screen-page">
        {sub.error === undefined ? (
          <Loading label="Loading submission…" />
        ) : (
          <ErrorNotice error={sub.error} onRetry={reload} />
        )}
      </div>
    );

  const s = sub.data;
  const code = codeOf(s);
  return (
    <div className="screen-page submission-detail">
      <p className="breadcrumb">
        <a href={hrefOf({ name: 'submissions' })}>← My submissions</a>
      </p>
      <header className="detail-header">
        <h1>
          <a href={hrefOf({ name: 'task', id: s.taskId })}>{taskTitle ?? s.taskId}</a>
          <span className="detail-sep"> · </span>
          <span className="detail-kind">submission</span>
        </h1>
        {/* The same word as the list and the profile ("Graded", toned by score). */}
        <StateBadge state={s.state} score={s.score} />
      </header>
      <p className="live-status detail-meta">
        <span className="mono">{s.id}</span> · submitted {formatDateTime(s.createdAt)}
        {s.finishedAt === undefined ? ' · not finished yet' : ` · finished ${formatDateTime(s.finishedAt)}`}
      </p>
      {sub.error === undefined ? null : <ErrorNotice error={sub.error} onRetry={reload} />}
      {pending ? (
        <p className="screen-notice" role="status">
          {progress === undefined
            ? s.state === 'queued'
              ? 'Waiting in the queue…'
              : 'Grading…'
            : `Grading: test ${progress.test} of ${progress.of}`}
        </p>
      ) : null}
      {s.state === 'failed' ? (
        <p className="screen-notice screen-notice-bad" role="alert">
          HackBridge could not grade this submission (a fault on our side, not in your code)
          {s.error === undefined ? '.' : `: ${s.error}`}
        </p>
      ) : null}
      {s.result === undefined ? null : <ResultView result={s.result} />}
      <section className="panel" aria-label="Submitted code">
        <h2 className="panel-title">Code</h2>
        {code === undefined ? (
          <p className="empty-note">The server did not send the code of this submission.</p>
        ) : (
          <pre className="code-block submission-code" data-testid="submission-code">
            {code}
          </pre>
        )}
      </section>
    </div>
  );
}

function ResultView({ result }: { readonly result: GradingResult }) {
  return (
    <section className="panel" aria-label="Grading result">
      <div className="result-head">
        <div className="result-score">
          <ScoreText score={result.score} />
        </div>
        <StatusBadge status={result.status} />
        <span className="live-status">
          {result.passed} of {result.total} tests passed · {formatSeconds(result.executionTime)} in all · peak
          memory {formatKiB(result.memoryUsage)}
        </span>
      </div>
      {result.error === undefined ? null : (
        <p className="screen-notice screen-notice-bad">
          Your code could not run{result.error.phase === null ? '' : ` (${result.error.phase} phase)`}:{' '}
          <strong>{result.error.type}</strong>: {result.error.message}
          {result.error.line === null ? '' : ` — line ${result.error.line}`}
        </p>
      )}
      <TestTable tests={result.tests} />
    </section>
  );
}
