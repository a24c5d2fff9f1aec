/**
 * The organiser dashboard: `getMetrics()` drawn as charts and panels, refreshed every 3 s
 * while the tab is visible. Participants get a plain refusal (the server answers 403).
 */
import './screens.css';
import type { MetricsSnapshot, ScreenProps } from '../client/types.js';
import { BarChart } from '../components/charts/BarChart.js';
import { Distribution } from '../components/charts/Distribution.js';
import { TimeSeries } from '../components/charts/TimeSeries.js';
import { Card, ErrorsByType, Headline, PoolHealth, QueueDepth } from './dashboard/Panels.js';
import { useMetrics } from './dashboard/useMetrics.js';
import {
  formatClock,
  formatKiB,
  formatSeconds,
  humanise,
  memoryUnit,
  sortedCounts,
  timeUnit,
  toneOf,
} from './format.js';

/** How often the figures refresh while the tab is visible, ms. */
export const DASHBOARD_REFRESH_MS = 3000;

export function DashboardScreen({ client }: ScreenProps) {
  const state = useMetrics(client, DASHBOARD_REFRESH_MS);
  if (state.forbidden) return <Forbidden />;
  const m = state.metrics;
  return (
    <div className="screen-page dashboard" data-testid="dashboard">
      <header className="screen-header">
        <h1>Organiser dashboard</h1>
        <p className="live-status">{liveText(state.paused, state.updatedAtMs)}</p>
      </header>
      {state.error === undefined ? null : (
        <p className="screen-notice screen-notice-bad" role="alert">
          {m === undefined
            ? 'Could not load the metrics'
            : 'The last refresh failed; showing earlier figures'}
          : {state.error}. Retrying every {DASHBOARD_REFRESH_MS / 1000} s.
        </p>
      )}
      {m === undefined ? (
        state.error === undefined ? (
          <p className="screen-loading">Loading metrics…</p>
        ) : null
      ) : (
        <Figures m={m} />
      )}
    </div>
  );
}

function liveText(paused: boolean, updatedAtMs: number | undefined): string {
  if (paused) return 'Paused while this tab is hidden';
  if (updatedAtMs === undefined) return 'Connecting…';
  const at = formatClock(new Date(updatedAtMs).toISOString(), true);
  return `Live · updated ${at} · every ${DASHBOARD_REFRESH_MS / 1000} s`;
}

function Figures({ m }: { readonly m: MetricsSnapshot }) {
  const time = m.runs.executionTimeS;
  const memory = m.runs.memoryKiB;
  const statusBars = (record: Record<string, number>) =>
    sortedCounts(record).map(([status, count]) => ({
      label: humanise(status),
      value: count,
      tone: toneOf(status),
    }));
  return (
    <>
      <Headline m={m} />
      <div className="panel-grid">
        <Card title="Runs over the last hour" span="full">
          <TimeSeries testId="chart-runs" points={m.timeline} formatTime={(iso) => formatClock(iso)} />
        </Card>
        {/* Engine statuses and test verdicts are different vocabularies ("Success" is how a
            run ended, "Passed" what grading made of it): one chart each, never mixed. */}
        <Card title="Runs by engine status">
          <BarChart
            testId="chart-status"
            title="Runs (the Run button) by engine status"
            unit="runs"
            bars={statusBars(m.runs.byStatus)}
            emptyText="No runs from the Run button yet"
          />
        </Card>
        <Card title="Graded tests by verdict">
          <BarChart
            testId="chart-tests"
            title="Tests run for submissions, by verdict"
            unit="tests"
            bars={statusBars(m.tests.byStatus)}
            emptyText="No tests graded yet"
          />
        </Card>
        <Card title="Execution time (wall clock)">
          <Distribution
            testId="chart-time"
            title="Execution time"
            quantiles={time}
            unitFor={timeUnit}
            format={formatSeconds}
            emptyText="No runs yet: p50 and p95 appear after the first run"
          />
        </Card>
        <Card title="Peak memory">
          <Distribution
            testId="chart-memory"
            title="Peak memory"
            quantiles={memory}
            unitFor={memoryUnit}
            format={formatKiB}
            emptyText="No runs yet: p50 and p95 appear after the first run"
          />
        </Card>
        <Card title="Submissions by verdict">
          <BarChart
            title="Submissions by verdict"
            unit="submissions"
            bars={statusBars(m.submissions.byStatus)}
            emptyText="No submissions graded yet"
          />
        </Card>
        <ErrorsByType errors={m.errors} />
        <PoolHealth pool={m.pool} />
        <QueueDepth queue={m.queue} />
      </div>
    </>
  );
}

function Forbidden() {
  return (
    <div className="screen-page screen-page-narrow" data-testid="forbidden">
      <h1>Organisers only</h1>
      <p>
        The dashboard shows platform metrics to organisers. Your account is not an organiser account, so the
        server refused to share them.
      </p>
      <p>
        <a href="#/tasks">Back to the tasks</a>
      </p>
    </div>
  );
}
