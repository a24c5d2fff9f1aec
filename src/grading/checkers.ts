/**
 * Built-in checkers, pure TypeScript on the Node side: expected values never enter a sandbox.
 * Function mode compares JSON values (the child's serialised return value against the YAML's
 * `expected`); stdio mode compares text. A `custom` checker runs in its own sandboxed child
 * (custom-checker.ts) and is not handled here.
 */
import type { CheckerSpec } from './task-schema.js';
import { canonicalJson } from './values.js';

export interface CheckOutcome {
  readonly passed: boolean;
  /** Why it failed, for visible tests only (it may describe the expected value). */
  readonly message?: string;
}

const pass: CheckOutcome = { passed: true };
const fail = (message: string): CheckOutcome => ({ passed: false, message });

export function jsonEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

export function floatClose(actual: number, expected: number, tolerance: number): boolean {
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return actual === expected;
  const diff = Math.abs(actual - expected);
  return diff <= tolerance || diff <= tolerance * Math.abs(expected);
}

/** Deep comparison where numbers may differ by the tolerance; everything else must be equal. */
function valuesClose(actual: unknown, expected: unknown, tolerance: number): boolean {
  if (typeof actual === 'number' && typeof expected === 'number')
    return floatClose(actual, expected, tolerance);
  if (Array.isArray(actual) && Array.isArray(expected))
    return (
      actual.length === expected.length && actual.every((a, i) => valuesClose(a, expected[i], tolerance))
    );
  if (isObject(actual) && isObject(expected)) {
    const keys = Object.keys(expected);
    return (
      Object.keys(actual).length === keys.length &&
      keys.every((k) => k in actual && valuesClose(actual[k], expected[k], tolerance))
    );
  }
  return jsonEqual(actual, expected);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function sameMultiset(actual: readonly unknown[], expected: readonly unknown[]): boolean {
  if (actual.length !== expected.length) return false;
  const counts = new Map<string, number>();
  for (const e of expected) counts.set(canonicalJson(e), (counts.get(canonicalJson(e)) ?? 0) + 1);
  for (const a of actual) {
    const key = canonicalJson(a);
    const n = counts.get(key) ?? 0;
    if (n === 0) return false;
    counts.set(key, n - 1);
  }
  return true;
}

/** Lines with trailing whitespace removed and trailing empty lines dropped (CRLF tolerated). */
export function normaliseLines(text: string): string[] {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function tokensOf(text: string): string[] {
  return text.split(/\s+/).filter((t) => t !== '');
}

function describe(value: unknown): string {
  const s = canonicalJson(value);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Compares a function's return value (already parsed from JSON) with the expected value. */
export function checkValue(spec: CheckerSpec, actual: unknown, expected: unknown): CheckOutcome {
  switch (spec.kind) {
    case 'float':
      return valuesClose(actual, expected, spec.tolerance)
        ? pass
        : fail(`expected ${describe(expected)} within ${spec.tolerance}, got ${describe(actual)}`);
    case 'unordered':
      if (Array.isArray(actual) && Array.isArray(expected))
        return sameMultiset(actual, expected) ? pass : fail('the items differ (order ignored)');
      break;
    case 'tokens':
      if (typeof actual === 'string' && typeof expected === 'string')
        return checkText(spec, actual, expected);
      break;
    case 'exact':
    case 'custom':
      break;
  }
  return jsonEqual(actual, expected) ? pass : fail(`expected ${describe(expected)}, got ${describe(actual)}`);
}

function firstDifference(actual: readonly string[], expected: readonly string[], unit: string): string {
  const n = Math.min(actual.length, expected.length);
  for (let i = 0; i < n; i++) {
    if (actual[i] !== expected[i])
      return `${unit} ${i + 1} differs: expected ${describe(expected[i])}, got ${describe(actual[i])}`;
  }
  return `expected ${expected.length} ${unit}s, got ${actual.length}`;
}

/** Compares a program's stdout with the expected stdout. */
export function checkText(spec: CheckerSpec, actual: string, expected: string): CheckOutcome {
  switch (spec.kind) {
    case 'tokens': {
      const a = tokensOf(actual);
      const e = tokensOf(expected);
      return a.length === e.length && a.every((t, i) => t === e[i])
        ? pass
        : fail(firstDifference(a, e, 'token'));
    }
    case 'float': {
      const a = tokensOf(actual);
      const e = tokensOf(expected);
      const close = (t: string, i: number): boolean => {
        const want = e[i] ?? '';
        const x = Number(t);
        const y = Number(want);
        return (
          t === want ||
          (want !== '' &&
            t !== '' &&
            !Number.isNaN(x) &&
            !Number.isNaN(y) &&
            floatClose(x, y, spec.tolerance))
        );
      };
      if (a.length === e.length && a.every(close)) return pass;
      const i = a.findIndex((t, k) => !close(t, k));
      return a.length !== e.length || i < 0
        ? fail(`expected ${e.length} numbers, got ${a.length}`)
        : fail(`number ${i + 1}: expected ${describe(e[i])} within ${spec.tolerance}, got ${describe(a[i])}`);
    }
    case 'unordered': {
      const a = normaliseLines(actual);
      const e = normaliseLines(expected);
      return sameMultiset(a, e) ? pass : fail('the lines differ (order ignored)');
    }
    case 'exact':
    case 'custom': {
      const a = normaliseLines(actual);
      const e = normaliseLines(expected);
      return a.length === e.length && a.every((l, i) => l === e[i])
        ? pass
        : fail(firstDifference(a, e, 'line'));
    }
  }
}
