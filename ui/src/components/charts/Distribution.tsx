/**
 * A distribution from its quantiles (the snapshot keeps p50, p95 and max, not a histogram):
 * a solid bar to p50, a lighter bar to p95, a whisker to max, each marked. The values with
 * their units sit in a legend under the chart, where they never collide. When the maximum is
 * far beyond p95 (one slow outlier), the axis ends near p95 and max is drawn as an arrow off
 * the scale, so p50 and p95 stay readable.
 */
import { ChartSvg, EmptyChart } from './ChartSvg.js';
import { distributionAxis, extentRows, linear, mergeMarkers, niceScale, tickLabel } from './scale.js';

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
  /** The axis unit for an axis ending at `limit` (base units): its label and base → unit factor. */
  readonly unitFor: (limit: number) => { readonly label: string; readonly factor: number };
  /** A base-unit value as text with its unit ("12 ms"). */
  readonly format: (value: number) => string;
  readonly emptyText: string;
}

const WIDTH = 560;
const HEIGHT = 100;
/** Right margin: room for the last tick's label and, clear of it, the unit (px). */
const M = { left: 14, right: 48 };
const BAR_Y = 40;
const BAR_H = 20;
const AXIS_Y = 74;
/** Tag rows above the bar, nearest first (px). */
const ROW_Y = [BAR_Y - 8, BAR_Y - 21, BAR_Y - 34] as const;
/** Width of one character of a (bold, 12 px) tag, a generous estimate (px). */
const TAG_CHAR_PX = 7.5;
/** Clear space between two tags in one row (px). */
const TAG_PAD = 6;

type Anchor = 'start' | 'middle' | 'end';
const anchorAt = (x: number): Anchor => (x > WIDTH - 40 ? 'end' : x < 30 ? 'start' : 'middle');
/** Left and right edge of a tag drawn at `x` with its anchor. */
function extentOf(x: number, text: string): { left: number; right: number } {
  const w = text.length * TAG_CHAR_PX;
  const anchor = anchorAt(x);
  if (anchor === 'start') return { left: x, right: x + w };
  if (anchor === 'end') return { left: x - w, right: x };
  return { left: x - w / 2, right: x + w / 2 };
}

export function Distribution(props: DistributionProps) {
  const { testId, title, quantiles: q, unitFor, format, emptyText } = props;
  if (q.count === 0 || q.p50 === null || q.p95 === null || q.max === null)
    // The bar charts' empty width (480), so the note is the same size in every card.
    return <EmptyChart testId={testId} title={title} text={emptyText} height={72} />;
  const axis = distributionAxis(q.p95, q.max);
  const { label: unit, factor } = unitFor(axis.limit);
  const scale = niceScale(axis.limit * factor, 5);
  const end = WIDTH - M.right;
  const x = linear(scale.top, M.left, end);
  const at = (v: number): number => x(v * factor);
  const maxX = axis.maxOffScale ? end + 14 : at(q.max);
  const markers = mergeMarkers(
    (
      [
        ['p50', q.p50],
        ['p95', q.p95],
        ['max', q.max],
      ] as const
    ).map(([name, value]) => ({ name, value, text: format(value) })),
  );
  const xs = markers.map((m) => (m.name === 'max' ? maxX : at(m.value)));
  const rows = extentRows(
    markers.map((m, i) => extentOf(xs[i] ?? 0, m.names)),
    TAG_PAD,
  );
  const label =
    `${title} over the last ${q.count} runs: median (p50) ${format(q.p50)}, ` +
    `95th percentile (p95) ${format(q.p95)}, maximum ${format(q.max)}`;
  const mid = BAR_Y + BAR_H / 2;
  return (
    <figure className="chart-figure">
      <ChartSvg testId={testId} width={WIDTH} height={HEIGHT} label={label}>
        {scale.ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={BAR_Y - 4} y2={AXIS_Y} className="chart-grid" />
            <text x={x(t)} y={AXIS_Y + 16} className="chart-tick" textAnchor="middle">
              {tickLabel(t)}
            </text>
          </g>
        ))}
        <text x={WIDTH - 2} y={AXIS_Y + 16} className="chart-tick chart-unit" textAnchor="end">
          {unit}
        </text>
        <line x1={at(q.p95)} x2={maxX} y1={mid} y2={mid} className="chart-whisker" />
        {axis.maxOffScale ? (
          <path
            d={`M${maxX - 6} ${mid - 6} L${maxX} ${mid} L${maxX - 6} ${mid + 6}`}
            className="chart-whisker"
            fill="none"
          />
        ) : (
          <line x1={maxX} x2={maxX} y1={mid - 6} y2={mid + 6} className="chart-whisker" />
        )}
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
        <line x1={M.left} x2={end} y1={AXIS_Y} y2={AXIS_Y} className="chart-axis" />
        {markers.map((m, i) => {
          const mx = xs[i] ?? 0;
          const ty = ROW_Y[Math.min(rows[i] ?? 0, ROW_Y.length - 1)] ?? ROW_Y[0];
          return (
            <g key={m.name} className={`chart-marker chart-marker-${m.name}`}>
              <line x1={mx} x2={mx} y1={ty + 3} y2={BAR_Y + BAR_H + 4} />
              <text x={mx} y={ty} textAnchor={anchorAt(mx)}>
                {m.names}
              </text>
            </g>
          );
        })}
      </ChartSvg>
      <figcaption className="chart-legend-row">
        <span className="legend-swatch legend-p50" aria-hidden="true" /> p50 <strong>{format(q.p50)}</strong>
        <span className="legend-swatch legend-p95" aria-hidden="true" /> p95 <strong>{format(q.p95)}</strong>
        <span className="legend-swatch legend-max" aria-hidden="true" /> max <strong>{format(q.max)}</strong>
        <span className="legend-count">
          {q.count} run{q.count === 1 ? '' : 's'}
          {axis.maxOffScale ? ' · max is off the scale' : ''}
        </span>
      </figcaption>
    </figure>
  );
}
