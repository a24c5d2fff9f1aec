/**
 * The profile from `getUserData()`: who you are, how many submissions in which state, which
 * tasks you solved and your best score on each task you tried.
 */
import './screens.css';
import { useMemo } from 'react';
import type { ScreenProps, UserData } from '../client/types.js';
import { ErrorNotice, Loading, statusLabel } from '../components/Status.js';
import { hrefOf } from '../lib/routes.js';
import { useAsync } from '../shell/async.js';
import { formatCount, formatDateTime, sortedCounts } from './format.js';
import { ScoreText } from './submission/ScoreText.js';
import { StateBadge } from './submission/StateBadge.js';

export function ProfileScreen({ client }: ScreenProps) {
  const [user, reload] = useAsync(() => client.getUserData(), [client]);
  const [tasks] = useAsync(() => client.listTasks(), [client]);
  const titles = useMemo(
    () => new Map(tasks.status === 'ready' ? tasks.data.map((t) => [t.id, t.title] as const) : []),
    [tasks],
  );
  if (user.status === 'loading') return <Loading label="Loading your profile…" />;
  if (user.status === 'error') return <ErrorNotice error={user.error} onRetry={reload} />;
  const u = user.data;
  const title = (id: string): string => titles.get(id) ?? id;
  const taskCount = tasks.status === 'ready' ? tasks.data.length : undefined;
  return (
    <div className="screen-page profile">
      <header className="screen-header">
        <h1>{u.profile.name}</h1>
        <span className="live-status">
          {statusLabel(u.profile.role)} · member since {formatDateTime(u.profile.createdAt)}
        </span>
      </header>
      <Counts u={u} taskCount={taskCount} />
      <div className="panel-grid">
        <section className="panel" aria-label="Solved tasks">
          <h2 className="panel-title">Solved tasks</h2>
          <ul className="solved-list" data-testid="profile-solved">
            {u.solvedTasks.length === 0 ? (
              <li className="empty-note">None yet: a task counts as solved once a submission scores 100.</li>
            ) : (
              u.solvedTasks.map((id) => (
                <li key={id} data-task-id={id}>
                  <span className="solved-mark" aria-hidden="true">
                    ✓
                  </span>{' '}
                  <a href={hrefOf({ name: 'task', id })}>{title(id)}</a>
                </li>
              ))
            )}
          </ul>
        </section>
        <BestScores u={u} title={title} />
        <Recent u={u} title={title} />
      </div>
    </div>
  );
}

function Counts({ u, taskCount }: { readonly u: UserData; readonly taskCount: number | undefined }) {
  const byState = sortedCounts(u.submissionCounts.byState);
  return (
    <dl className="stat-tiles" data-testid="profile-counts" aria-label="Your counts">
      <div className="stat-tile">
        <dt className="stat-label">Submissions</dt>
        <dd className="stat-value">{formatCount(u.submissionCounts.total)}</dd>
        <dd className="stat-hint">
          {byState.length === 0
            ? 'none yet'
            : byState.map(([s, n]) => `${n} ${statusLabel(s).toLowerCase()}`).join(' · ')}
        </dd>
      </div>
      <div className="stat-tile">
        <dt className="stat-label">Solved</dt>
        <dd className="stat-value">{formatCount(u.solvedTasks.length)}</dd>
        <dd className="stat-hint">{taskCount === undefined ? 'tasks' : `of ${taskCount} tasks`}</dd>
      </div>
      <div className="stat-tile">
        <dt className="stat-label">Tried</dt>
        <dd className="stat-value">{formatCount(Object.keys(u.bestScores).length)}</dd>
        <dd className="stat-hint">tasks with a graded submission</dd>
      </div>
    </dl>
  );
}

function BestScores({ u, title }: { readonly u: UserData; readonly title: (id: string) => string }) {
  const rows = sortedCounts(u.bestScores);
  const solved = new Set(u.solvedTasks);
  return (
    <section className="panel" aria-label="Best scores">
      <h2 className="panel-title">Best score per task</h2>
      {rows.length === 0 ? (
        <p className="empty-note">No graded submissions yet: your best score on each task will show here.</p>
      ) : (
        <table className="screen-table">
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col" className="num">
                Best score
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([id, score]) => (
              <tr key={id} data-task-id={id}>
                <td>
                  <a href={hrefOf({ name: 'task', id })}>{title(id)}</a>
                  {solved.has(id) ? <span className="visually-hidden"> (solved)</span> : null}
                </td>
                <td className="num">
                  <ScoreText score={score} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Recent({ u, title }: { readonly u: UserData; readonly title: (id: string) => string }) {
  return (
    <section className="panel panel-full" aria-label="Recent submissions">
      <h2 className="panel-title">Recent submissions</h2>
      {u.recentSubmissions.length === 0 ? (
        <p className="empty-note">Nothing submitted yet.</p>
      ) : (
        <ul className="recent-list">
          {u.recentSubmissions.map((s) => (
            <li key={s.id}>
              <a href={hrefOf({ name: 'submission', id: s.id })}>{formatDateTime(s.createdAt)}</a>
              <span>{title(s.taskId)}</span>
              <StateBadge state={s.state} score={s.score} />
              {s.score === undefined ? null : <ScoreText score={s.score} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
