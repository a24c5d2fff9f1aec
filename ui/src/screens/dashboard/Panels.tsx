/**
 * The dashboard's non-chart panels: headline figures, pool health, queue depth and the
 * errors-by-type table. Each says plainly when its source has not reported yet.
 */
import type { ReactNode } from 'react';
import type { MetricsSnapshot } from '../../client/types.js';
import { formatBytes, formatCount, formatSeconds, percent, sortedCounts } from '../format.js';

export function Card({
  title,
  children,
  testId,
  span = 'half',
}: {
  readonly title: string;
  readonly children: ReactNode;
  readonly testId?: string;
  /** Share of the grid's width. */
  readonly span?: 'full' | 'half' | 'third';
}) {
  return (
    <section className={`panel panel-${span}`} data-testid={testId} aria-label={title}>
      <h2 className="panel-title">{title}</h2>
      {children}
    </section>
  );
}

function Stat({
  label,
  value,
  hint,
  tone,
}: {
  readonly label: string;
  readonly value: string;
  readonly hint?: string;
  readonly tone?: 'good' | 'bad';
}) {
  return (
    <div className={tone === undefined ? 'stat-tile' : `stat-tile stat-tile-${tone}`}>
      <dt className="stat-label">{label}</dt>
      <dd className="stat-value">{value}</dd>
      {hint === undefined ? null : <dd className="stat-hint">{hint}</dd>}
    </div>
  );
}

/** Totals since the server started. */
export function Headline({ m }: { readonly m: MetricsSnapshot }) {
  const unsafe = m.analyses.unsafe;
  return (
    <dl className="stat-tiles" aria-label="Totals since the server started">
      <Stat label="Runs" value={formatCount(m.runs.total)} hint="sandboxed runs, tests included" />
      <Stat label="Submissions" value={formatCount(m.submissions.total)} hint="graded to the end" />
      <Stat
        label="Analyses"
        value={formatCount(m.analyses.total)}
        hint={`${formatCount(unsafe)} unsafe (${percent(unsafe, m.analyses.total)} %)`}
      />
      <Stat
        label="Errors"
        value={formatCount(m.errors.total)}
        hint="faults of HackBridge itself"
        {...(m.errors.total > 0 ? { tone: 'bad' as const } : {})}
      />
      <Stat
        label="Process RSS"
        value={formatBytes(m.process.rssBytes)}
        hint={`heap ${formatBytes(m.process.heapUsedBytes)} · CPU ${formatSeconds(m.process.cpuTimeS)}`}
      />
      <Stat label="Uptime" value={formatSeconds(m.uptimeS)} />
    </dl>
  );
}

export function PoolHealth({ pool }: { readonly pool: MetricsSnapshot['pool'] }) {
  return (
    <Card title="Sandbox pool" testId="pool-health">
      {pool === null ? (
        <p className="empty-note">The engine has not reported its pool yet.</p>
      ) : (
        <>
          <p className={pool.healthy ? 'health-badge tone-good' : 'health-badge tone-bad'}>
            {pool.healthy ? 'Healthy' : 'Unhealthy'}
          </p>
          <Meter value={pool.busy} max={pool.size} label={`${pool.busy} of ${pool.size} workers busy`} />
          <dl className="kv-list">
            <dt>Size</dt>
            <dd>{pool.size}</dd>
            <dt>Busy</dt>
            <dd>{pool.busy}</dd>
            <dt>Restarts</dt>
            <dd className={pool.restarts > 0 ? 'tone-text-warn' : undefined}>{pool.restarts}</dd>
          </dl>
        </>
      )}
    </Card>
  );
}

function Meter({
  value,
  max,
  label,
}: {
  readonly value: number;
  readonly max: number;
  readonly label: string;
}) {
  const width = `${Math.min(100, percent(value, max))}%`;
  return (
    <div
      className="meter"
      role="meter"
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      aria-label={label}
    >
      <div className="meter-fill" style={{ width }} />
      <span className="meter-text">{label}</span>
    </div>
  );
}

export function QueueDepth({ queue }: { readonly queue: MetricsSnapshot['queue'] }) {
  return (
    <Card title="Submission queue" testId="queue-depth">
      {queue === null ? (
        <p className="empty-note">The queue has not reported its depth yet.</p>
      ) : (
        <dl className="kv-list kv-list-big">
          <dt>Waiting</dt>
          <dd>{queue.waiting}</dd>
          <dt>Active</dt>
          <dd>{queue.active}</dd>
          <dt>Delayed</dt>
          <dd>{queue.delayed}</dd>
          <dt>Failed</dt>
          <dd className={queue.failed > 0 ? 'tone-text-bad' : undefined}>{queue.failed}</dd>
        </dl>
      )}
    </Card>
  );
}

export function ErrorsByType({ errors }: { readonly errors: MetricsSnapshot['errors'] }) {
  const rows = sortedCounts(errors.byType);
  return (
    <Card title="Errors by type">
      <table className="screen-table" data-testid="errors-by-type">
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col" className="num">
              Count
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={2} className="empty-note">
                No errors since the server started.
              </td>
            </tr>
          ) : (
            rows.map(([type, count]) => (
              <tr key={type}>
                <td>
                  <code>{type}</code>
                </td>
                <td className="num">{count}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </Card>
  );
}
