/** Number formatting for results: seconds, KiB, bytes, with their units. */

/** At most `digits` decimals, trailing zeros dropped: 5 → "5", 5.014 → "5.01". */
export function trimNumber(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toFixed(digits)));
}

/** Seconds as "12 ms" below one second, else "1.25 s". */
export function formatSeconds(seconds: number): string {
  return seconds < 1 ? `${trimNumber(seconds * 1000, 1)} ms` : `${trimNumber(seconds)} s`;
}

/** KiB as "812 KiB" or "9.4 MiB". */
export function formatKiB(kib: number): string {
  return kib < 1024 ? `${trimNumber(kib, 0)} KiB` : `${trimNumber(kib / 1024, 1)} MiB`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${trimNumber(bytes, 0)} bytes`;
  if (bytes < 1024 * 1024) return `${trimNumber(bytes / 1024, 1)} KiB`;
  return formatKiB(bytes / 1024);
}

/** A limit/observation pair in the unit the engine gave. */
export function formatAmount(value: number, unit: 's' | 'KiB' | 'bytes' | undefined): string {
  if (unit === 's') return `${trimNumber(value)} s`;
  if (unit === 'KiB') return formatKiB(value);
  if (unit === 'bytes') return formatBytes(value);
  return trimNumber(value);
}
