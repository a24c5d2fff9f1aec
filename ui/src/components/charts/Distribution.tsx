/**
 * A distribution from its quantiles (the snapshot keeps p50, p95 and max, not a histogram):
 * a solid bar to p50, a lighter bar to p95, a whisker to max, each marked and labelled with
 * its value in the display unit.
 */
import { ChartSvg, EmptyChart } from './ChartSvg.js';
import { labelRows, linear, mergeMarkers, niceScale, tickLabel } from './scale.js';

export interface Quantiles {
  readonly count: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly max: number | null;
}

export interface DistributionProps {
  readonly testId?: string;
  /** What is measured ("Execution time"). */
  readonly title: string;
  readonly quantiles: Quantiles;
  /** Converts a base-unit value to the display unit's number. */
  readonly factor: number;
  /** The display unit ("ms", "MiB"). */
  readonly unit: string;
  /** A base-unit value as text with its unit ("12 ms"). */
  readonly format: (value: number) => string;
  readonly emptyText: string;
}

const WIDTH = 560;
const HEIGHT = 124;
const M = { left: 14, right: 28 };
const BAR_Y = 56;
const BAR_H = 20;
const AXIS_Y = 96;
/** Label rows above the bar, nearest first (px). */
const ROW_Y = [BAR_Y - 12, BAR_Y - 27, BAR_Y - 42] as const;
/** Room one "p95 1.25 s" label needs (px). */
const LABEL_GAP = 96;

export function Distribution(props: DistributionProps) {
  const { testId, title, quantiles: q, factor, unit, format, emptyText } = props;
  if (q.count === 0 || q.p50 === null || q.p95 === null || q.max === null)
    return <EmptyChart testId={testId} title={title} text={emptyText} width={WIDTH} height={HEIGHT - 24} />;
  const scale = niceScale(q.max * factor, 5);
  const x = linear(scale.top, M.left, WIDTH - M.right);
  const at = (v: number): number => x(v * factor);
  const markers = mergeMarkers(
    (
      [
        ['p50', q.p50],
        ['p95', q.p95],
        ['max', q.max],
      ] as const
    ).map(([name, value]) => ({ name, value, text: format(value) })),
  );
  const rows = labelRows(
    markers.map((m) => at(m.value)),
    LABEL_GAP,
  );
  const label =
    `${title} over the last ${q.count} runs: median (p50) ${format(q.p50)}, ` +
    `95th percentile (p95) ${format(q.p95)}, maximum ${format(q.max)}`;
  const mid = BAR_Y + BAR_H / 2;
  return (
    <ChartSvg testId={testId} width={WIDTH} height={HEIGHT} label={label}>
      {scale.ticks.map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={BAR_Y - 6} y2={AXIS_Y} className="chart-grid" />
          <text x={x(t)} y={AXIS_Y + 16} className="chart-tick" textAnchor="middle">
            {tickLabel(t)}
          </text>
        </g>
      ))}
      <text x={WIDTH - 2} y={AXIS_Y + 16} className="chart-tick chart-unit" textAnchor="end">
        {unit}
      </text>
      <line x1={at(q.p95)} x2={at(q.max)} y1={mid} y2={mid} className="chart-whisker" />
      <line x1={at(q.max)} x2={at(q.max)} y1={mid - 6} y2={mid + 6} className="chart-whisker" />
      <rect
        className="chart-dist-p95"
        x={M.left}
        y={BAR_Y}
        width={Math.max(2, at(q.p95) - M.left)}
        height={BAR_H}
        rx={3}
      />
      <rect
        className="chart-dist-p50"
        x={M.left}
        y={BAR_Y}
        width={Math.max(2, at(q.p50) - M.left)}
        height={BAR_H}
        rx={3}
      />
      <line x1={M.left} x2={WIDTH - M.right} y1={AXIS_Y} y2={AXIS_Y} className="chart-axis" />
      {markers.map((m, i) => {
        const mx = at(m.value);
        const anchor = mx > WIDTH - 70 ? 'end' : mx < 50 ? 'start' : 'middle';
        const ty = ROW_Y[Math.min(rows[i] ?? 0, ROW_Y.length - 1)] ?? ROW_Y[0];
        return (
          <g key={m.name} className={`chart-marker chart-marker-${m.name}`}>
            <line x1={mx} x2={mx} y1={ty + 4} y2={BAR_Y + BAR_H + 4} />
            <text x={mx} y={ty} textAnchor={anchor}>
              {`${m.names} ${m.text}`}
            </text>
          </g>
        );
      })}
    </ChartSvg>
  );
}
