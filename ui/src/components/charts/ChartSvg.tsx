/**
 * The accessible SVG frame every chart draws into: role="img", an aria-label that summarises
 * the data in words, and a <title> with the same text for hover tooltips.
 */
import type { ReactNode } from 'react';

export interface ChartSvgProps {
  readonly testId?: string | undefined;
  readonly width: number;
  readonly height: number;
  /** One sentence that says what the chart shows, numbers included. */
  readonly label: string;
  readonly children: ReactNode;
}

export function ChartSvg({ testId, width, height, label, children }: ChartSvgProps) {
  return (
    <svg
      className="chart"
      data-testid={testId}
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="xMinYMin meet"
    >
      <title>{label}</title>
      {children}
    </svg>
  );
}

export interface EmptyChartProps {
  readonly testId?: string | undefined;
  readonly title: string;
  /** Why the chart is empty, phrased as an expected state ("No runs yet"). */
  readonly text: string;
  readonly width?: number;
  readonly height?: number;
}

/** An empty chart that still looks deliberate: a dashed baseline and a sentence. */
export function EmptyChart({ testId, title, text, width = 480, height = 72 }: EmptyChartProps) {
  return (
    <ChartSvg testId={testId} width={width} height={height} label={`${title}: ${text}`}>
      <line x1={8} x2={width - 8} y1={height - 14} y2={height - 14} className="chart-axis chart-empty-axis" />
      <text
        x={width / 2}
        y={(height - 14) / 2}
        className="chart-empty"
        textAnchor="middle"
        dominantBaseline="central"
      >
        {text}
      </text>
    </ChartSvg>
  );
}
