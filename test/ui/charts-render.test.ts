/**
 * The chart components and the per-test table rendered to static markup (react-dom/server
 * needs no DOM): accessible SVG with a summary, marks when data exist, intentional empty
 * states, and user-supplied text kept as text.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BarChart } from '../../ui/src/components/charts/BarChart.js';
import { Distribution } from '../../ui/src/components/charts/Distribution.js';
import { TimeSeries } from '../../ui/src/components/charts/TimeSeries.js';
import { TestTable } from '../../ui/src/screens/submission/TestTable.js';
import { formatSeconds, timeUnit } from '../../ui/src/screens/format.js';

const svgOf = (html: string, testId: string): string => {
  const start = html.indexOf(`<svg`);
  expect(html.slice(start)).toContain(`data-testid="${testId}"`);
  return html.slice(start, html.indexOf('</svg>', start));
};

describe('charts', () => {
  describe('BarChart', () => {
    it('draws one bar per status with an accessible summary', () => {
      const html = renderToStaticMarkup(
        createElement(BarChart, {
          testId: 'chart-status',
          title: 'Runs by status',
          bars: [
            { label: 'Success', value: 3, tone: 'good' },
            { label: 'Timeout', value: 1, tone: 'warn' },
          ],
          emptyText: 'No runs yet',
        }),
      );
      expect(html).toContain('role="img"');
      expect(html).toContain('<title>Runs by status: Success 3, Timeout 1</title>');
      expect(svgOf(html, 'chart-status').match(/<rect/g)).toHaveLength(2);
    });

    it('says there is no data yet instead of drawing nothing', () => {
      const html = renderToStaticMarkup(
        createElement(BarChart, {
          testId: 'chart-status',
          title: 'Runs by status',
          bars: [],
          emptyText: 'No runs yet',
        }),
      );
      expect(html).toContain('No runs yet');
      expect(html).not.toContain('<rect');
    });
  });

  describe('TimeSeries', () => {
    const minute = (i: number): string => new Date(Date.UTC(2026, 0, 1, 10, i)).toISOString();

    it('draws a bar per busy minute and the errors as a line with dots', () => {
      const points = Array.from({ length: 60 }, (_, i) => ({
        start: minute(i),
        runs: i % 10 === 0 ? 4 : 0,
        errors: i === 30 ? 2 : 0,
      }));
      const html = renderToStaticMarkup(
        createElement(TimeSeries, {
          testId: 'chart-runs',
          points,
          formatTime: (iso: string) => iso.slice(11, 16),
        }),
      );
      const svg = svgOf(html, 'chart-runs');
      // 6 busy minutes + the legend swatch
      expect(svg.match(/class="chart-series-runs"/g)).toHaveLength(7);
      expect(svg).toContain('24 runs, 2 errors, peak 4 runs at 10:00');
      expect(svg.match(/<circle/g)?.length).toBeGreaterThanOrEqual(2);
    });

    it('keeps its axes and says no runs yet when the hour was quiet', () => {
      const points = Array.from({ length: 60 }, (_, i) => ({ start: minute(i), runs: 0, errors: 0 }));
      const html = renderToStaticMarkup(createElement(TimeSeries, { points, formatTime: () => '' }));
      expect(html).toContain('No runs in the last hour yet');
      expect(html).toContain('chart-axis');
    });
  });

  describe('Distribution', () => {
    const props = {
      testId: 'chart-time',
      title: 'Execution time',
      unitFor: timeUnit,
      format: formatSeconds,
      emptyText: 'No runs yet',
    };

    it('marks p50, p95 and max and lists their values with units', () => {
      const html = renderToStaticMarkup(
        createElement(Distribution, { ...props, quantiles: { count: 40, p50: 0.012, p95: 0.03, max: 0.05 } }),
      );
      expect(svgOf(html, 'chart-time')).toContain(
        'median (p50) 12 ms, 95th percentile (p95) 30 ms, maximum 50 ms',
      );
      expect(html).toContain('chart-dist-p50');
      expect(html).toContain('chart-dist-p95');
      expect(html).toMatch(/p95 <strong>30 ms<\/strong>/);
      expect(html).not.toContain('off the scale');
    });

    it('keeps p50 and p95 readable when one run is an outlier', () => {
      const html = renderToStaticMarkup(
        createElement(Distribution, {
          ...props,
          quantiles: { count: 40, p50: 0.003, p95: 0.027, max: 2.56 },
        }),
      );
      expect(html).toContain('max is off the scale');
      expect(html).toMatch(/>ms</);
    });

    it('explains the empty state', () => {
      const html = renderToStaticMarkup(
        createElement(Distribution, { ...props, quantiles: { count: 0, p50: null, p95: null, max: null } }),
      );
      expect(html).toContain('No runs yet');
    });
  });
});

describe('TestTable', () => {
  it('shows visible values as text and hides hidden tests', () => {
    const html = renderToStaticMarkup(
      createElement(TestTable, {
        tests: [
          {
            name: 'visible <b>',
            status: 'failed',
            hidden: false,
            weight: 1,
            time: 0.002,
            memory: 12_800,
            message: 'expected 5, got <img src=x onerror=alert(1)>',
            input: [2, 3],
            expected: 5,
            actual: '<script>alert(1)</script>',
          },
          {
            name: 'secret',
            status: 'passed',
            hidden: true,
            weight: 1,
            time: 0.003,
            memory: 12_800,
            message: 'Passed.',
          },
        ],
      }),
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('[2,3]');
    expect(html).toContain('hidden');
    expect(html).toContain('12.5 MiB');
    // The testids the e2e tests read; the visible wrong answer opens on its line diff.
    expect(html.match(/data-testid="test-row"/g)?.length).toBe(2);
    expect(html).toContain('data-status="failed"');
    expect(html.match(/data-testid="test-diff"/g)?.length).toBe(1);
  });
});
