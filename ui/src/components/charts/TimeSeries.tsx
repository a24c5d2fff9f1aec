/**
 * Runs and errors per minute: runs as bars, errors as a line with dots over them (a different
 * mark, not only a different colour), with a count axis and clock labels.
 */
import { ChartSvg } from './ChartSvg.js';
import { countScale, linePath, linear } from './scale.js';

export interface TimePoint {
  /** Bucket start, ISO. */
  readonly start: string;
  readonly runs: number;
  readonly errors: number;
}

export interface TimeSeriesProps {
  readonly testId?: string;
  readonly points: readonly TimePoint[];
  /** ISO time → axis label ("10:05"). */
  readonly formatTime: (iso: string) => string;
}

/** Between a full-width card's width at 1024 and 1280 px, so text stays near its CSS size. */
const WIDTH = 960;
const HEIGHT = 230;
const M = { left: 40, right: 12, top: 30, bottom: 26 };
const LABEL_EVERY = 15;

export function TimeSeries({ testId, points, formatTime }: TimeSeriesProps) {
  const runs = points.reduce((s, p) => s + p.runs, 0);
  const errors = points.reduce((s, p) => s + p.errors, 0);
  const peak = points.reduce<TimePoint | undefined>(
    (best, p) => (best === undefined || p.runs > best.runs ? p : best),
    undefined,
  );
  const scale = countScale(Math.max(0, ...points.map((p) => Math.max(p.runs, p.errors))));
  const baseY = HEIGHT - M.bottom;
  const y = linear(scale.top, baseY, M.top);
  const slot = (WIDTH - M.left - M.right) / Math.max(1, points.length);
  const cx = (i: number): number => M.left + slot * (i + 0.5);
  const minutes = points.length;
  const label =
    runs === 0 && errors === 0
      ? `Runs per minute over the last ${minutes} minutes: no runs yet`
      : `Runs per minute over the last ${minutes} minutes: ${runs} runs, ${errors} errors` +
        (peak !== undefined && peak.runs > 0 ? `, peak ${peak.runs} runs at ${formatTime(peak.start)}` : '');
  const errorPoints = points.map((p, i) => [cx(i), y(p.errors)] as const);
  return (
    <ChartSvg testId={testId} width={WIDTH} height={HEIGHT} label={label}>
      {scale.ticks.map((t) => (
        <g key={t}>
          <line x1={M.left} x2={WIDTH - M.right} y1={y(t)} y2={y(t)} className="chart-grid" />
          <text x={M.left - 6} y={y(t)} className="chart-tick" textAnchor="end" dominantBaseline="central">
            {t}
          </text>
        </g>
      ))}
      {points.map((p, i) =>
        p.runs > 0 ? (
          <rect
            key={p.start}
            className="chart-series-runs"
            x={cx(i) - slot * 0.4}
            y={y(p.runs)}
            width={slot * 0.8}
            height={baseY - y(p.runs)}
            rx={1.5}
          />
        ) : null,
      )}
      {errors > 0 ? (
        <g className="chart-series-errors">
          <path d={linePath(errorPoints)} fill="none" />
          {points.map((p, i) =>
            p.errors > 0 ? <circle key={p.start} cx={cx(i)} cy={y(p.errors)} r={3} /> : null,
          )}
        </g>
      ) : null}
      <line x1={M.left} x2={WIDTH - M.right} y1={baseY} y2={baseY} className="chart-axis" />
      {points.map((p, i) =>
        i % LABEL_EVERY === 0 || i === points.length - 1 ? (
          <text
            key={p.start}
            x={cx(i)}
            y={HEIGHT - 8}
            className="chart-tick"
            textAnchor={i === points.length - 1 ? 'end' : i === 0 ? 'start' : 'middle'}
          >
            {i === points.length - 1 ? 'now' : formatTime(p.start)}
          </text>
        ) : null,
      )}
      {runs === 0 && errors === 0 ? (
        <text x={WIDTH / 2} y={(M.top + baseY) / 2} className="chart-empty" textAnchor="middle">
          No runs in the last hour yet
        </text>
      ) : null}
      <Legend />
    </ChartSvg>
  );
}

function Legend() {
  return (
    <g className="chart-legend" transform={`translate(${WIDTH - M.right - 150} 6)`}>
      <rect className="chart-series-runs" x={0} y={2} width={10} height={10} rx={1.5} />
      <text x={14} y={7} dominantBaseline="central">
        runs / min
      </text>
      <g className="chart-series-errors">
        <line x1={82} x2={98} y1={7} y2={7} />
        <circle cx={90} cy={7} r={3} />
      </g>
      <text x={102} y={7} dominantBaseline="central">
        errors
      </text>
    </g>
  );
}
