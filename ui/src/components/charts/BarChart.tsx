/**
 * Horizontal bars with a label and a count each: status distributions and other tallies.
 * Hand-drawn SVG sized by viewBox, so it scales with its container.
 */
import { linear } from './scale.js';
import { ChartSvg, EmptyChart } from './ChartSvg.js';

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** Colour family; the label and count carry the meaning too. */
  readonly tone?: 'good' | 'bad' | 'warn' | 'neutral';
}

export interface BarChartProps {
  readonly testId?: string;
  /** What is counted, for the accessible summary ("runs by status"). */
  readonly title: string;
  readonly bars: readonly Bar[];
  /** Shown inside the chart when there are no bars or all are zero. */
  readonly emptyText: string;
  /** Unit of the counts, for the summary ("runs"). */
  readonly unit?: string;
}

const WIDTH = 480;
const ROW = 26;
const LABEL_W = 150;
const COUNT_W = 64;
const PAD = 6;

/** Renders `bars` in the order given (callers sort). */
export function BarChart({ testId, title, bars, emptyText, unit = '' }: BarChartProps) {
  const total = bars.reduce((sum, b) => sum + b.value, 0);
  if (bars.length === 0 || total === 0) return <EmptyChart testId={testId} title={title} text={emptyText} />;
  const max = Math.max(...bars.map((b) => b.value));
  const x = linear(max, LABEL_W, WIDTH - COUNT_W);
  const height = bars.length * ROW + PAD * 2;
  const summary = `${title}: ${bars.map((b) => `${b.label} ${b.value}`).join(', ')}${unit ? ` ${unit}` : ''}`;
  return (
    <ChartSvg testId={testId} width={WIDTH} height={height} label={summary}>
      {bars.map((b, i) => {
        const y = PAD + i * ROW;
        const end = x(b.value);
        return (
          <g key={b.label} className={`chart-bar tone-${b.tone ?? 'neutral'}`}>
            <text
              x={LABEL_W - 8}
              y={y + ROW / 2}
              className="chart-label"
              textAnchor="end"
              dominantBaseline="central"
            >
              {b.label}
            </text>
            <rect x={LABEL_W} y={y + 4} width={Math.max(2, end - LABEL_W)} height={ROW - 8} rx={3} />
            <text x={end + 6} y={y + ROW / 2} className="chart-value" dominantBaseline="central">
              {b.value}
            </text>
          </g>
        );
      })}
      <line x1={LABEL_W} x2={LABEL_W} y1={PAD} y2={height - PAD} className="chart-axis" />
    </ChartSvg>
  );
}
