/**
 * "My submissions": the history from `listSubmissions`, newest first, filterable by task, each
 * row linking to its detail. While any submission is still queued or running the list
 * refreshes quietly (the rows stay on screen).
 */
import './screens.css';
import { useMemo, useState } from 'react';
import type { ScreenProps, SubmissionSummary } from '../client/types.js';
import { ErrorNotice, Loading } from '../components/Status.js';
import { hrefOf } from '../lib/routes.js';
import { useAsync } from '../shell/async.js';
import { formatCount, formatDateTime, formatSeconds, secondsBetween } from './format.js';
import { ScoreText } from './submission/ScoreText.js';
import { StateBadge } from './submission/StateBadge.js';
import { useQuietPoll } from './submission/useQuietPoll.js';

export { SubmissionDetailScreen } from './SubmissionDetail.js';

/** How often a list with unfinished submissions refreshes, ms. */
const PENDING_REFRESH_MS = 2000;

export function SubmissionsScreen({ client }: ScreenProps) {
  const [task, setTask] = useState('');
  const [tasks] = useAsync(() => client.listTasks(), [client]);
  const list = useQuietPoll(
    () => client.listSubmissions(task === '' ? {} : { task }),
    (rows) => rows.some((r) => r.state === 'queued' || r.state === 'running'),
    PENDING_REFRESH_MS,
    [client, task],
  );
  const titles = useMemo(
    () => new Map(tasks.status === 'ready' ? tasks.data.map((t) => [t.id, t.title] as const) : []),
    [tasks],
  );
  const rows = list.data;
  const showUser = rows !== undefined && new Set(rows.map((r) => r.userId)).size > 1;

  return (
    <div className="screen-page submissions">
      <header className="screen-header">
        <h1>{showUser ? 'All submissions' : 'My submissions'}</h1>
        <label className="filter">
          <span>Task</span>
          <select
            className="input select"
            value={task}
            onChange={(e) => setTask(e.target.value)}
            aria-label="Filter by task"
          >
            <option value="">All tasks</option>
            {tasks.status === 'ready'
              ? tasks.data.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.title}
                  </option>
                ))
              : null}
          </select>
        </label>
      </header>
      {list.error !== undefined ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {rows === undefined ? (
        list.error === undefined ? (
          <Loading label="Loading submissions…" />
        ) : null
      ) : rows.length === 0 ? (
        <EmptyHistory filtered={task !== ''} />
      ) : (
        <>
          <p className="live-status">
            {formatCount(rows.length)} submission{rows.length === 1 ? '' : 's'}, newest first
          </p>
          <div className="card table-card">
            <table className="table submissions-table">
              <thead>
                <tr>
                  <th scope="col">Submitted</th>
                  <th scope="col">Task</th>
                  {showUser ? <th scope="col">User</th> : null}
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Score
                  </th>
                  <th scope="col" className="num">
                    Took
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Details</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((s) => (
                  <Row key={s.id} s={s} title={titles.get(s.taskId)} showUser={showUser} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

function Row({
  s,
  title,
  showUser,
}: {
  readonly s: SubmissionSummary;
  readonly title: string | undefined;
  readonly showUser: boolean;
}) {
  const took = secondsBetween(s.createdAt, s.finishedAt);
  return (
    <tr data-testid="submission-row" data-submission-id={s.id}>
      <td>
        <time dateTime={s.createdAt}>{formatDateTime(s.createdAt)}</time>
      </td>
      <td>
        <a href={hrefOf({ name: 'task', id: s.taskId })}>{title ?? s.taskId}</a>
      </td>
      {showUser ? <td className="user-id">{s.userId}</td> : null}
      <td>
        <StateBadge state={s.state} score={s.score} />
      </td>
      <td className="num">{s.score === undefined ? '—' : <ScoreText score={s.score} />}</td>
      <td className="num">{took === undefined ? '—' : formatSeconds(took)}</td>
      <td>
        <a href={hrefOf({ name: 'submission', id: s.id })} aria-label={`Submission ${s.id} details`}>
          View
        </a>
      </td>
    </tr>
  );
}

function EmptyHistory({ filtered }: { readonly filtered: boolean }) {
  return (
    <div className="empty-state">
      <p className="empty-state-title">
        {filtered ? 'No submissions for this task yet.' : 'No submissions yet.'}
      </p>
      <p className="empty-note">
        Open a task, write a solution and press Submit: every graded attempt appears here with its code and
        result.
      </p>
      <p>
        <a href={hrefOf({ name: 'tasks' })}>Browse the tasks</a>
      </p>
    </div>
  );
}
