import { describe, expect, it } from 'vitest';
import {
  errorMessage,
  formatBytes,
  formatCount,
  formatKiB,
  formatSeconds,
  humanise,
  isForbidden,
  memoryUnit,
  percent,
  secondsBetween,
  showValue,
  sortedCounts,
  timeUnit,
  toneOf,
} from '../../ui/src/screens/format.js';

describe('screen formatting', () => {
  describe('durations (contract unit: seconds)', () => {
    it('shows sub-second values in ms and longer ones in s, min and h', () => {
      expect(formatSeconds(0)).toBe('0 ms');
      expect(formatSeconds(0.0004)).toBe('0.4 ms');
      expect(formatSeconds(0.0123)).toBe('12.3 ms');
      expect(formatSeconds(0.25)).toBe('250 ms');
      expect(formatSeconds(1.25)).toBe('1.25 s');
      expect(formatSeconds(5.014)).toBe('5.01 s');
      expect(formatSeconds(125)).toBe('2 min 5 s');
      expect(formatSeconds(7260)).toBe('2 h 1 min');
    });

    it('shows a dash for a missing quantile', () => {
      expect(formatSeconds(null)).toBe('—');
      expect(formatSeconds(undefined)).toBe('—');
      expect(formatSeconds(Number.NaN)).toBe('—');
    });
  });

  describe('memory (contract unit: KiB) and bytes', () => {
    it('picks the binary unit that keeps the number short', () => {
      expect(formatKiB(512)).toBe('512 KiB');
      expect(formatKiB(1536)).toBe('1.5 MiB');
      expect(formatKiB(9 * 1024 + 400)).toBe('9.39 MiB');
      expect(formatKiB(3 * 1024 * 1024)).toBe('3 GiB');
      expect(formatBytes(900)).toBe('900 B');
      expect(formatBytes(150 * 1024 * 1024)).toBe('150 MiB');
      expect(formatKiB(null)).toBe('—');
    });
  });

  describe('axis units', () => {
    it('draws times in ms below one second', () => {
      expect(timeUnit(0.4)).toEqual({ label: 'ms', factor: 1000 });
      expect(timeUnit(3)).toEqual({ label: 's', factor: 1 });
    });

    it('draws memory in KiB, MiB or GiB by the largest value', () => {
      expect(memoryUnit(800).label).toBe('KiB');
      expect(memoryUnit(20_000)).toEqual({ label: 'MiB', factor: 1 / 1024 });
      expect(memoryUnit(2 * 1024 * 1024).label).toBe('GiB');
    });
  });

  it('counts with separators and percentages without dividing by zero', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(12)).toBe('12');
    expect(percent(1, 3)).toBe(33);
    expect(percent(5, 0)).toBe(0);
  });

  it('turns status codes into words and tones', () => {
    expect(humanise('runtime_error')).toBe('Runtime error');
    expect(humanise('HB_INTERNAL')).toBe('HB INTERNAL');
    expect(toneOf('success')).toBe('good');
    expect(toneOf('internal_error')).toBe('bad');
    expect(toneOf('timeout')).toBe('warn');
    expect(toneOf('queued')).toBe('neutral');
  });

  it('sorts tallies by count, then by name', () => {
    expect(sortedCounts({ timeout: 2, success: 9, abc: 2 })).toEqual([
      ['success', 9],
      ['abc', 2],
      ['timeout', 2],
    ]);
  });

  it('measures how long a submission took', () => {
    expect(secondsBetween('2026-01-01T00:00:00Z', '2026-01-01T00:00:02.5Z')).toBe(2.5);
    expect(secondsBetween('2026-01-01T00:00:00Z', undefined)).toBeUndefined();
  });

  it('shows test values as text: strings verbatim, the rest as JSON', () => {
    expect(showValue('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
    expect(showValue([1, 2])).toBe('[1,2]');
    expect(showValue({ words: 'x'.repeat(80) })).toBe(`{\n  "words": "${'x'.repeat(80)}"\n}`);
    expect(showValue(undefined)).toBe('');
  });

  describe('errors', () => {
    it('recognises the server refusing the role, whatever the transport', () => {
      expect(isForbidden({ code: 'HB_AUTH_FORBIDDEN' })).toBe(true);
      expect(isForbidden({ code: 'HB_X', status: 403 })).toBe(true);
      expect(isForbidden({ statusCode: 403 })).toBe(true);
      expect(isForbidden({ code: 'HB_AUTH_MISSING', status: 401 })).toBe(false);
      expect(isForbidden('HB_AUTH_FORBIDDEN')).toBe(false);
      expect(isForbidden(null)).toBe(false);
    });

    it('names the code in the message', () => {
      expect(errorMessage({ message: 'Down', code: 'HB_STORE_UNAVAILABLE' })).toBe(
        'Down [HB_STORE_UNAVAILABLE]',
      );
      expect(errorMessage(new Error('boom'))).toBe('boom');
      expect(errorMessage(42)).toBe('Something went wrong');
    });
  });
});
