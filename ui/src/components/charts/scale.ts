/**
 * Chart arithmetic as pure functions: "nice" axis ticks, linear scales, and SVG path strings.
 * The chart components only draw what these return, so the maths is unit-tested without a DOM.
 */

/** Axis ticks from 0 to a round top value at or above `max`. */
export interface NiceScale {
  readonly top: number;
  readonly ticks: readonly number[];
}

/**
 * Round ticks (steps of 1, 2, 2.5 or 5 × 10^k) covering 0..max with at most `count` + 1 ticks.
 * A max of 0 (no data yet) still yields a usable 0..1 axis so empty charts keep their shape.
 */
export function niceScale(max: number, count = 4): NiceScale {
  if (!Number.isFinite(max) || max <= 0) return { top: 1, ticks: [0, 1] };
  const rough = max / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const top = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; i * step <= top + step / 1e6; i += 1) ticks.push(roundTo(i * step, step));
  return { top, ticks };
}

/** Removes float noise (0.30000000000000004) relative to the step size. */
function roundTo(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(value.toFixed(decimals));
}

/** Integer ticks for counts: never "2.5 runs". */
export function countScale(max: number, count = 4): NiceScale {
  if (!Number.isFinite(max) || max <= 0) return { top: 1, ticks: [0, 1] };
  if (max <= count) {
    const top = Math.ceil(max);
    return { top, ticks: Array.from({ length: top + 1 }, (_, i) => i) };
  }
  const s = niceScale(max, count);
  if (s.ticks.every(Number.isInteger)) return s;
  return niceScale(Math.ceil(max / 2) * 2, Math.max(1, Math.floor(count / 2)));
}

/** Maps [0, domainMax] linearly onto [rangeStart, rangeEnd], clamped to the range. */
export function linear(domainMax: number, rangeStart: number, rangeEnd: number): (v: number) => number {
  const span = domainMax > 0 ? domainMax : 1;
  return (v) => {
    const t = Math.min(1, Math.max(0, (Number.isFinite(v) ? v : 0) / span));
    return rangeStart + t * (rangeEnd - rangeStart);
  };
}

/** An SVG polyline path through points: "M x y L x y …", coordinates rounded to 0.1 px. */
export function linePath(points: ReadonlyArray<readonly [number, number]>): string {
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${r(x)} ${r(y)}`).join(' ');
}

/** The area under a polyline down to `baseY`, closed. Empty string when there are no points. */
export function areaPath(points: ReadonlyArray<readonly [number, number]>, baseY: number): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (first === undefined || last === undefined) return '';
  return `${linePath(points)} L${r(last[0])} ${r(baseY)} L${r(first[0])} ${r(baseY)} Z`;
}

const r = (n: number): number => Math.round(n * 10) / 10;

/** A tick label: integers as they are, others to three significant digits, no trailing zeros. */
export function tickLabel(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(3)));
}

/**
 * Places labels along an axis without overlaps: each x (ascending) takes the lowest row whose
 * previous label is at least `minGap` px away. Returns the row of each x, in input order.
 */
export function labelRows(xs: readonly number[], minGap: number): number[] {
  const lastXByRow: number[] = [];
  return xs.map((x) => {
    let row = lastXByRow.findIndex((last) => x - last >= minGap);
    if (row === -1) row = lastXByRow.length;
    lastXByRow[row] = x;
    return row;
  });
}

/**
 * Rows for labels given their horizontal extents (left to right order): each goes in the first
 * row where it clears the previous label by `pad` px. Unlike {@link labelRows} this knows how
 * wide each label is ("p95 = max" is three times "p50") and where its anchor puts it.
 */
export function extentRows(extents: readonly { left: number; right: number }[], pad: number): number[] {
  const rightByRow: number[] = [];
  return extents.map(({ left, right }) => {
    let row = rightByRow.findIndex((r) => left - r >= pad);
    if (row === -1) row = rightByRow.length;
    rightByRow[row] = right;
    return row;
  });
}

/** Markers with equal displayed values merged into one label ("p50 = p95 12 ms"). */
export function mergeMarkers<T extends { readonly name: string; readonly text: string }>(
  markers: readonly T[],
): Array<T & { readonly names: string }> {
  const out: Array<T & { names: string }> = [];
  for (const m of markers) {
    const prev = out[out.length - 1];
    if (prev !== undefined && prev.text === m.text) prev.names = `${prev.names} = ${m.name}`;
    else out.push({ ...m, names: m.name });
  }
  return out;
}

/** Where a quantile chart's axis ends (base units), and whether the maximum lies beyond it. */
export interface DistributionAxis {
  readonly limit: number;
  readonly maxOffScale: boolean;
}

/** An outlier this many times p95 or more would squash p50 and p95 into the first pixels. */
const OUTLIER_RATIO = 4;

/**
 * Axis end for p50/p95/max: max normally; when max is an outlier (≥ 4 × p95), just above
 * p95, with max flagged as off the scale. The caller picks the display unit from `limit`.
 */
export function distributionAxis(p95: number, max: number): DistributionAxis {
  if (p95 > 0 && max >= OUTLIER_RATIO * p95) return { limit: p95 * 1.15, maxOffScale: true };
  return { limit: max, maxOffScale: false };
}
