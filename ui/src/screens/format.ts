/**
 * Pure formatting helpers shared by the screens: units (the contract speaks seconds, KiB and
 * bytes), statuses and dates. No React here, so vitest tests them as plain functions.
 */

const trim = (n: number, digits: number): string => {
  // Two significant-ish decimals below 10, one below 100, none above: "1.25", "12.5", "125".
  const fixed = n.toFixed(n < 10 ? digits : n < 100 ? Math.min(digits, 1) : 0);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
};

/** A duration given in seconds: "0.4 ms", "12 ms", "1.25 s", "2 min 5 s". */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 0) return `-${formatSeconds(-seconds)}`;
  if (seconds === 0) return '0 ms';
  if (seconds < 1) return `${trim(seconds * 1000, 2)} ms`;
  if (seconds < 60) return `${trim(seconds, 2)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes - hours * 60} min`;
}

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** A byte count: "512 B", "1.5 KiB", "23.4 MiB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${bytes < 0 ? '-' : ''}${unit === 0 ? String(Math.round(value)) : trim(value, 2)} ${BINARY_UNITS[unit]}`;
}

/** A memory figure given in KiB (the contract's memory unit). */
export function formatKiB(kib: number | null | undefined): string {
  if (kib === null || kib === undefined || !Number.isFinite(kib)) return '—';
  // Below 1 MiB stay in the contract's unit: "0 KiB", not "0 B".
  return Math.abs(kib) < 1024 ? `${trim(kib, 2)} KiB` : formatBytes(kib * 1024);
}

/** A unit to draw an axis in, chosen from the largest value so tick labels stay short. */
export interface DisplayUnit {
  readonly label: string;
  /** Multiply a value in the base unit by this to get the display unit. */
  readonly factor: number;
}

/** Seconds shown as ms below 1 s, else s. */
export function timeUnit(maxSeconds: number): DisplayUnit {
  return maxSeconds < 1 ? { label: 'ms', factor: 1000 } : { label: 's', factor: 1 };
}

/** KiB shown as KiB, MiB or GiB. */
export function memoryUnit(maxKiB: number): DisplayUnit {
  if (maxKiB >= 1024 * 1024) return { label: 'GiB', factor: 1 / (1024 * 1024) };
  if (maxKiB >= 1024) return { label: 'MiB', factor: 1 / 1024 };
  return { label: 'KiB', factor: 1 };
}

/** A count with thousands separators, locale-independent so tests are stable. */
export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `part` of `total` as a whole percentage; 0 when total is 0. */
export function percent(part: number, total: number): number {
  return total > 0 ? Math.round((part / total) * 100) : 0;
}

/** "runtime_error" → "Runtime error". */
export function humanise(code: string): string {
  const words = code.replace(/[_-]+/g, ' ').trim();
  return words.length === 0 ? code : words[0]!.toUpperCase() + words.slice(1);
}

/** How a status should look: good, bad or neutral (colour is never the only cue: text says it too). */
export type Tone = 'good' | 'bad' | 'warn' | 'neutral';

const GOOD = new Set(['success', 'accepted', 'passed', 'done', 'ok']);
const BAD = new Set(['internal_error', 'error', 'failed', 'rejected', 'security_violation']);
const NEUTRAL = new Set(['queued', 'running']);

/** The tone of a run, test, grading or submission status. */
export function toneOf(status: string): Tone {
  if (GOOD.has(status)) return 'good';
  if (BAD.has(status)) return 'bad';
  if (NEUTRAL.has(status)) return 'neutral';
  return 'warn';
}

/** A record's entries sorted by count (descending), then name, for stable bar charts and tables. */
export function sortedCounts(record: Readonly<Record<string, number>>): Array<[string, number]> {
  return Object.entries(record).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** An ISO time as "HH:MM" in UTC-independent local time. */
export function formatClock(iso: string, withSeconds = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number): string => String(n).padStart(2, '0');
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return withSeconds ? `${hm}:${pad(d.getSeconds())}` : hm;
}

/** An ISO date-time as "2026-11-29 10:05" (local time). */
export function formatDateTime(iso: string | undefined): string {
  if (iso === undefined) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatClock(iso)}`;
}

/** Seconds between two ISO times, or undefined when either is missing. */
export function secondsBetween(fromIso: string, toIso: string | undefined): number | undefined {
  if (toIso === undefined) return undefined;
  const ms = new Date(toIso).getTime() - new Date(fromIso).getTime();
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

/** Longer JSON than this (characters) is indented over several lines. */
const COMPACT_JSON_CHARS = 72;

/** Any JSON-ish value as text for a <pre>: strings as they are, the rest as JSON (short values on one line). */
export function showValue(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  try {
    const compact = JSON.stringify(value);
    if (compact === undefined) return String(value);
    return compact.length <= COMPACT_JSON_CHARS ? compact : JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}

/** Is `error` the server refusing this role (HTTP 403 / HB_AUTH_FORBIDDEN)? */
export function isForbidden(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, status, statusCode } = error as { code?: unknown; status?: unknown; statusCode?: unknown };
  return code === 'HB_AUTH_FORBIDDEN' || status === 403 || statusCode === 403;
}

/** A readable message for a thrown value, with its HB_* code when it has one. */
export function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { message, code } = error as { message?: unknown; code?: unknown };
    const text = typeof message === 'string' && message.length > 0 ? message : 'Something went wrong';
    return typeof code === 'string' ? `${text} [${code}]` : text;
  }
  return typeof error === 'string' ? error : 'Something went wrong';
}
