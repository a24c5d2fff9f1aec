/** The left side of the task page: title, badges, limits, statement and visible examples. */
import type { TaskDetail } from '../client/index.js';
import { valueText } from '../lib/diff.js';
import { exampleInput } from '../lib/starter.js';
import { Statement } from './Statement.js';
import { DifficultyBadge } from './Status.js';

function Examples({
  task,
  onUseStdin,
}: {
  readonly task: TaskDetail;
  readonly onUseStdin: (s: string) => void;
}) {
  if (task.tests.length === 0) return null;
  return (
    <section aria-labelledby="examples-title">
      <h2 id="examples-title" className="section-title">
        Examples
      </h2>
      {task.tests.map((t, i) => {
        const input = exampleInput(task.mode, t.input);
        return (
          <div className="example" data-testid="task-example" key={i}>
            <div className="example-head">
              <span className="example-name">
                Example {i + 1}
                <span className="muted"> · {t.name}</span>
              </span>
              {task.mode !== 'function' && (
                <button type="button" className="button ghost small" onClick={() => onUseStdin(input)}>
                  Use as stdin
                </button>
              )}
            </div>
            <div className="example-grid">
              <div>
                <div className="field-label">{task.mode === 'function' ? 'Arguments' : 'Input'}</div>
                <pre className="output">{input}</pre>
              </div>
              <div>
                <div className="field-label">{task.mode === 'function' ? 'Returns' : 'Output'}</div>
                <pre className="output">{valueText(t.expected)}</pre>
              </div>
            </div>
          </div>
        );
      })}
      {task.hiddenTests > 0 && (
        <p className="muted small">
          Plus {task.hiddenTests} hidden test{task.hiddenTests === 1 ? '' : 's'} when you submit.
        </p>
      )}
    </section>
  );
}

function Limits({ task }: { readonly task: TaskDetail }) {
  const l = task.limits;
  if (l === undefined) return null;
  const parts = [
    l['time'] === undefined ? undefined : `Time ${l['time']} s`,
    l['memory'] === undefined ? undefined : `Memory ${l['memory']} MB`,
    l['output'] === undefined ? undefined : `Output ${l['output']} KB`,
  ].filter((p) => p !== undefined);
  return <p className="limits muted small">{parts.join(' · ')}</p>;
}

export function TaskInfo({
  task,
  onUseStdin,
}: {
  readonly task: TaskDetail;
  readonly onUseStdin: (s: string) => void;
}) {
  return (
    <article className="card task-info" aria-labelledby="task-title">
      <a className="back-link small" href="#/tasks">
        ← All tasks
      </a>
      <h1 id="task-title" data-testid="task-title">
        {task.title}
      </h1>
      <div className="task-meta">
        <DifficultyBadge difficulty={task.difficulty} />
        <span className="mode-badge">{task.mode === 'function' ? 'function' : 'stdin/stdout'}</span>
        {task.tags.map((t) => (
          <span key={t} className="tag static">
            {t}
          </span>
        ))}
      </div>
      <Limits task={task} />
      <Statement source={task.statement} testId="task-statement" />
      <Examples task={task} onUseStdin={onUseStdin} />
    </article>
  );
}
