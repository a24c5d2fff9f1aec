/**
 * The per-test table of a grading result. Visible tests can be opened to show input, expected
 * and actual values (as text); hidden tests say they are hidden and show only the feedback
 * sentence the grader wrote for them. Used by the submission detail page and by the task page's
 * submission panel.
 */
import '../screens.css';
import { Fragment, useState } from 'react';
import type { Submission } from '../../client/types.js';
import { LineDiff } from '../../components/LineDiff.js';
import { StatusBadge } from '../../components/Status.js';
import { formatKiB, formatSeconds, showValue } from '../format.js';

export type GradingResult = NonNullable<Submission['result']>;
export type TestResult = GradingResult['tests'][number];

export function TestTable({ tests }: { readonly tests: readonly TestResult[] }) {
  if (tests.length === 0) return <p className="empty-note">This task has no tests to report.</p>;
  return (
    <table className="screen-table tests-table">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Test</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            CPU time
          </th>
          <th scope="col" className="num">
            Memory
          </th>
          <th scope="col">Feedback</th>
        </tr>
      </thead>
      <tbody>
        {tests.map((t, i) => (
          <TestRow key={`${i}-${t.name}`} index={i + 1} test={t} />
        ))}
      </tbody>
    </table>
  );
}

function TestRow({ index, test }: { readonly index: number; readonly test: TestResult }) {
  // Wrong answers open by default: their diff is the point. Tests that never ran have nothing to show.
  const [open, setOpen] = useState(test.status === 'failed' && !test.hidden);
  const detailId = `test-detail-${index}`;
  return (
    <Fragment>
      <tr data-testid="test-row" data-status={test.status}>
        <td className="num">{index}</td>
        <td>
          {test.hidden ? (
            <span>
              {test.name} <span className="hidden-tag">hidden</span>
            </span>
          ) : (
            <button
              type="button"
              className="link-button"
              aria-expanded={open}
              aria-controls={detailId}
              onClick={() => setOpen((o) => !o)}
            >
              {open ? '▾' : '▸'} {test.name}
            </button>
          )}
        </td>
        <td>
          <StatusBadge status={test.status} />
        </td>
        <td className="num">{formatSeconds(test.time)}</td>
        <td className="num">{formatKiB(test.memory)}</td>
        <td className="test-message">{test.message}</td>
      </tr>
      {test.hidden ? null : open ? (
        <tr id={detailId} className="test-detail-row">
          <td />
          <td colSpan={5}>
            <TestValues test={test} />
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}

function TestValues({ test }: { readonly test: TestResult }) {
  const diff = test.status === 'failed' && test.expected !== undefined && test.actual !== undefined;
  const parts: Array<[string, unknown]> = [
    ['Input', test.input],
    ...(diff
      ? []
      : ([
          ['Expected', test.expected],
          ['Actual', test.actual],
        ] as Array<[string, unknown]>)),
    ['Printed', test.stdout],
  ];
  const shown = parts.filter(([, v]) => v !== undefined && v !== '');
  if (shown.length === 0 && !diff)
    return <p className="empty-note">The grader recorded no values for this test.</p>;
  return (
    <div className="test-values">
      {shown.map(([label, value]) => (
        <div key={label} className="test-value">
          <div className="test-value-label">{label}</div>
          <pre className="code-block">{showValue(value)}</pre>
        </div>
      ))}
      {diff ? (
        <div className="test-value">
          <div className="test-value-label">Expected vs actual</div>
          <LineDiff expected={test.expected} actual={test.actual} />
        </div>
      ) : null}
    </div>
  );
}
