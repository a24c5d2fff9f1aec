/** The task catalog with your best score and solved mark; search and filters. */
import { useMemo, useState } from 'react';
import type { ScreenProps, TaskSummary, UserData } from '../client/index.js';
import { DifficultyBadge, ErrorNotice, Loading } from '../components/Status.js';
import { useAsync } from '../shell/async.js';
import { hrefOf } from '../lib/routes.js';
import { difficultiesOf, filterTasks, tagsOf } from '../lib/task-filter.js';

interface Loaded {
  readonly tasks: TaskSummary[];
  readonly user: UserData;
}

export function TaskListScreen({ client }: ScreenProps) {
  const [state, reload] = useAsync<Loaded>(async () => {
    const [tasks, user] = await Promise.all([client.listTasks(), client.getUserData()]);
    return { tasks, user };
  }, [client]);
  const [query, setQuery] = useState('');
  const [difficulty, setDifficulty] = useState('');
  const [tag, setTag] = useState('');

  const tasks = state.status === 'ready' ? state.data.tasks : [];
  const shown = useMemo(
    () => filterTasks(tasks, { query, difficulty, tag }),
    [tasks, query, difficulty, tag],
  );
  const difficulties = useMemo(() => difficultiesOf(tasks), [tasks]);
  const tags = useMemo(() => tagsOf(tasks), [tasks]);

  if (state.status === 'loading') return <Loading label="Loading tasks…" />;
  if (state.status === 'error') return <ErrorNotice error={state.error} onRetry={reload} />;
  const { user } = state.data;
  const solved = new Set(user.solvedTasks);

  return (
    <section className="page" aria-labelledby="tasks-title">
      <div className="page-head">
        <div>
          <h1 id="tasks-title">Tasks</h1>
          <p className="muted">
            {solved.size} of {tasks.length} solved
          </p>
        </div>
        <div className="filters" role="search">
          <label className="sr-only" htmlFor="task-search">
            Search tasks
          </label>
          <input
            id="task-search"
            className="input search"
            type="search"
            placeholder="Search by title, id or tag"
            data-testid="task-search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <label className="sr-only" htmlFor="task-difficulty">
            Difficulty
          </label>
          <select
            id="task-difficulty"
            className="input select"
            data-testid="task-filter-difficulty"
            value={difficulty}
            onChange={(e) => setDifficulty(e.target.value)}
          >
            <option value="">All difficulties</option>
            {difficulties.map((d) => (
              <option key={d} value={d}>
                {d.charAt(0).toUpperCase() + d.slice(1)}
              </option>
            ))}
          </select>
          <label className="sr-only" htmlFor="task-tag">
            Tag
          </label>
          <select
            id="task-tag"
            className="input select"
            data-testid="task-filter-tag"
            value={tag}
            onChange={(e) => setTag(e.target.value)}
          >
            <option value="">All tags</option>
            {tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="card table-card">
        <table className="table task-table">
          <thead>
            <tr>
              <th scope="col" className="col-status">
                <span className="sr-only">Solved</span>
              </th>
              <th scope="col">Title</th>
              <th scope="col">Difficulty</th>
              <th scope="col">Tags</th>
              <th scope="col" className="num">
                Best score
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((t) => {
              const best = user.bestScores[t.id];
              return (
                <tr key={t.id} data-testid="task-row" data-task-id={t.id}>
                  <td className="col-status">
                    {solved.has(t.id) && (
                      <span className="solved-mark" data-testid="task-solved" title="Solved">
                        <span aria-hidden="true">✓</span>
                        <span className="sr-only">Solved</span>
                      </span>
                    )}
                  </td>
                  <td>
                    <a className="task-link" href={hrefOf({ name: 'task', id: t.id })}>
                      {t.title}
                    </a>
                    <div className="muted small mono">{t.id}</div>
                  </td>
                  <td>
                    <DifficultyBadge difficulty={t.difficulty} />
                  </td>
                  <td>
                    <ul className="tags" aria-label="Tags">
                      {t.tags.map((tg) => (
                        <li key={tg}>
                          <button
                            type="button"
                            className={tg === tag ? 'tag active' : 'tag'}
                            onClick={() => setTag(tg === tag ? '' : tg)}
                            aria-pressed={tg === tag}
                            title={`Filter by ${tg}`}
                          >
                            {tg}
                          </button>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td className="num">
                    <span
                      data-testid="task-best-score"
                      className={best === undefined ? 'muted' : best === 100 ? 'score full' : 'score'}
                    >
                      {best === undefined ? '—' : best}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {shown.length === 0 && <p className="empty">No task matches these filters.</p>}
      </div>
    </section>
  );
}
