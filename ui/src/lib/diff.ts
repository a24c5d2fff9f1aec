/** A small line diff (LCS) for expected vs actual output of visible tests. */

export interface DiffLine {
  readonly kind: 'same' | 'expected' | 'actual';
  readonly text: string;
}

/** Inputs beyond this many lines each are compared without alignment (cost is lines²). */
const MAX_LINES = 400;

/** One final newline is not a line of its own (program output usually ends with one). */
const linesOf = (text: string): string[] => (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');

export function lineDiff(expected: string, actual: string): DiffLine[] {
  const a = linesOf(expected);
  const b = linesOf(actual);
  if (a.length > MAX_LINES || b.length > MAX_LINES) {
    return [
      ...a.map((text) => ({ kind: 'expected' as const, text })),
      ...b.map((text) => ({ kind: 'actual' as const, text })),
    ];
  }
  // lcs[i][j] = length of the longest common subsequence of a[i..] and b[j..]
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    const row = lcs[i] as number[];
    const below = lcs[i + 1] as number[];
    for (let j = b.length - 1; j >= 0; j--)
      row[j] =
        a[i] === b[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i] as string });
      i++;
      j++;
    } else if ((lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0))
      out.push({ kind: 'expected', text: a[i++] as string });
    else out.push({ kind: 'actual', text: b[j++] as string });
  }
  while (i < a.length) out.push({ kind: 'expected', text: a[i++] as string });
  while (j < b.length) out.push({ kind: 'actual', text: b[j++] as string });
  return out;
}

/** A test value as text: strings as they are (stdout), anything else as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
