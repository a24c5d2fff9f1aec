import { describe, expect, it } from 'vitest';
import {
  areaPath,
  countScale,
  distributionAxis,
  extentRows,
  labelRows,
  linePath,
  linear,
  mergeMarkers,
  niceScale,
  tickLabel,
} from '../../ui/src/components/charts/scale.js';

describe('chart scales', () => {
  describe('niceScale', () => {
    it('rounds the top up to a 1, 2, 2.5 or 5 step and lists every tick from 0', () => {
      expect(niceScale(87, 4)).toEqual({ top: 100, ticks: [0, 25, 50, 75, 100] });
      expect(niceScale(0.37, 4)).toEqual({ top: 0.4, ticks: [0, 0.1, 0.2, 0.3, 0.4] });
      expect(niceScale(1200, 5)).toEqual({ top: 1250, ticks: [0, 250, 500, 750, 1000, 1250] });
    });

    it('keeps a value that is already round as the top', () => {
      expect(niceScale(100, 4).top).toBe(100);
      expect(niceScale(8, 4)).toEqual({ top: 8, ticks: [0, 2, 4, 6, 8] });
    });

    it('gives empty or broken data a usable 0..1 axis', () => {
      expect(niceScale(0)).toEqual({ top: 1, ticks: [0, 1] });
      expect(niceScale(Number.NaN)).toEqual({ top: 1, ticks: [0, 1] });
      expect(niceScale(-5)).toEqual({ top: 1, ticks: [0, 1] });
    });

    it('never leaves float noise in tick values', () => {
      for (const t of niceScale(0.7, 7).ticks) expect(String(t).length).toBeLessThan(6);
    });
  });

  describe('countScale', () => {
    it('uses every integer for small counts', () => {
      expect(countScale(3)).toEqual({ top: 3, ticks: [0, 1, 2, 3] });
      expect(countScale(1)).toEqual({ top: 1, ticks: [0, 1] });
    });

    it('never has fractional ticks', () => {
      for (const max of [5, 9, 13, 27, 99, 1234]) {
        const s = countScale(max);
        expect(s.top).toBeGreaterThanOrEqual(max);
        expect(s.ticks.every(Number.isInteger)).toBe(true);
      }
    });
  });

  describe('linear', () => {
    it('maps 0..max onto the range and clamps outside it', () => {
      const y = linear(10, 100, 0);
      expect(y(0)).toBe(100);
      expect(y(5)).toBe(50);
      expect(y(10)).toBe(0);
      expect(y(20)).toBe(0);
      expect(y(-1)).toBe(100);
      expect(y(Number.NaN)).toBe(100);
    });

    it('does not divide by zero when the domain is empty', () => {
      expect(linear(0, 0, 50)(0)).toBe(0);
    });
  });

  describe('paths', () => {
    it('draws a polyline and closes the area down to the baseline', () => {
      const pts = [
        [0, 10],
        [5.04, 2],
        [10, 6],
      ] as const;
      expect(linePath(pts)).toBe('M0 10 L5 2 L10 6');
      expect(areaPath(pts, 20)).toBe('M0 10 L5 2 L10 6 L10 20 L0 20 Z');
      expect(areaPath([], 20)).toBe('');
    });
  });

  it('labels ticks without trailing zeros', () => {
    expect(tickLabel(2)).toBe('2');
    expect(tickLabel(0.25)).toBe('0.25');
    expect(tickLabel(1.5000001)).toBe('1.5');
  });

  describe('label placement', () => {
    it('keeps far-apart labels on the first row and lifts close ones', () => {
      expect(labelRows([10, 200, 400], 90)).toEqual([0, 0, 0]);
      expect(labelRows([10, 40, 300], 90)).toEqual([0, 1, 0]);
      expect(labelRows([10, 20, 30], 90)).toEqual([0, 1, 2]);
    });

    it('lifts a label that would touch a wide neighbour, by its real extent', () => {
      // "p50" right-anchored at 520, "p95 = max" right-anchored at 524: same spot, two rows.
      expect(
        extentRows(
          [
            { left: 497, right: 520 },
            { left: 457, right: 524 },
          ],
          6,
        ),
      ).toEqual([0, 1]);
      // Narrow centred tags 60 px apart share a row; a wide one 40 px on does not.
      expect(
        extentRows(
          [
            { left: 88, right: 112 },
            { left: 148, right: 172 },
            { left: 166, right: 234 },
          ],
          6,
        ),
      ).toEqual([0, 0, 1]);
    });

    it('merges markers that would print the same value', () => {
      const merged = mergeMarkers([
        { name: 'p50', text: '12 ms' },
        { name: 'p95', text: '12 ms' },
        { name: 'max', text: '40 ms' },
      ]);
      expect(merged.map((m) => `${m.names} ${m.text}`)).toEqual(['p50 = p95 12 ms', 'max 40 ms']);
    });
  });

  describe('distribution axis', () => {
    it('ends at the maximum when it is close to p95', () => {
      expect(distributionAxis(0.02, 0.05)).toEqual({ limit: 0.05, maxOffScale: false });
    });

    it('ends just above p95 and flags max when one outlier would squash the rest', () => {
      const axis = distributionAxis(0.0142, 1.95);
      expect(axis.maxOffScale).toBe(true);
      expect(axis.limit).toBeGreaterThan(0.0142);
      expect(axis.limit).toBeLessThan(0.02);
    });

    it('keeps 0..max when p95 is 0', () => {
      expect(distributionAxis(0, 3)).toEqual({ limit: 3, maxOffScale: false });
    });
  });
});
