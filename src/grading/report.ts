/**
 * Batch reports: a summary (score distribution, statuses, slowest submissions) for the
 * terminal, and CSV / JSON files for spreadsheets and other tools.
 */
import type { BatchEntry } from './batch.js';
import { gradingStatuses, type GradingStatus } from './result-schema.js';

export const scoreBuckets = ['0', '1-49', '50-99', '100'] as const;

export interface BatchSummary {
  readonly count: number;
  readonly meanScore: number;
  readonly distribution: Record<(typeof scoreBuckets)[number], number>;
  readonly statuses: Record<GradingStatus, number>;
  /** Up to five slowest submissions by grading wall time, seconds. */
  readonly slowest: readonly { readonly file: string; readonly executionTime: number }[];
}

function bucket(score: number): (typeof scoreBuckets)[number] {
  if (score === 0) return '0';
  if (score < 50) return '1-49';
  if (score < 100) return '50-99';
  return '100';
}

export function summarise(entries: readonly BatchEntry[]): BatchSummary {
  const distribution = Object.fromEntries(scoreBuckets.map((b) => [b, 0])) as BatchSummary['distribution'];
  const statuses = Object.fromEntries(gradingStatuses.map((s) => [s, 0])) as BatchSummary['statuses'];
  for (const e of entries) {
    distribution[bucket(e.result.score)] += 1;
    statuses[e.result.status] += 1;
  }
  const total = entries.reduce((s, e) => s + e.result.score, 0);
  return {
    count: entries.length,
    meanScore: entries.length === 0 ? 0 : Math.round((total / entries.length) * 10) / 10,
    distribution,
    statuses,
    slowest: [...entries]
      .sort((a, b) => b.result.executionTime - a.result.executionTime)
      .slice(0, 5)
      .map((e) => ({ file: e.file, executionTime: e.result.executionTime })),
  };
}

function table(title: string, rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([k]) => k.length), 8);
  return [title, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)];
}

export function formatSummary(s: BatchSummary): string {
  const bar = (n: number): string =>
    `${String(n).padStart(4)}  ${'#'.repeat(Math.round((40 * n) / Math.max(1, s.count)))}`;
  return [
    `${s.count} submissions, mean score ${s.meanScore}`,
    ...table(
      'Scores',
      scoreBuckets.map((b) => [b, bar(s.distribution[b])]),
    ),
    ...table(
      'Statuses',
      gradingStatuses.map((st) => [st, bar(s.statuses[st])]),
    ),
    ...table(
      'Slowest',
      s.slowest.map((e) => [e.file, `${e.executionTime.toFixed(3)} s`]),
    ),
    '',
  ].join('\n');
}

function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvColumns = [
  'file',
  'taskId',
  'score',
  'status',
  'passed',
  'total',
  'executionTime',
  'memoryUsage',
  'error',
] as const;

export function toCsv(entries: readonly BatchEntry[]): string {
  const rows = entries.map(({ file, result: r }) =>
    [
      file,
      r.taskId,
      r.score,
      r.status,
      r.passed,
      r.total,
      r.executionTime,
      r.memoryUsage,
      r.error ? `${r.error.type}: ${r.error.message}` : '',
    ]
      .map(csvField)
      .join(','),
  );
  return `${[csvColumns.join(','), ...rows].join('\r\n')}\r\n`;
}

export function toJsonReport(entries: readonly BatchEntry[]): string {
  return `${JSON.stringify({ summary: summarise(entries), submissions: entries }, null, 2)}\n`;
}
