/**
 * JSON values as Python produces them. Python's integers are unbounded and `json.dumps`
 * writes them exactly, but `JSON.parse` rounds anything past 2^53 — so `fib(90)` off by one
 * would compare equal. Integers outside the safe range are kept as `bigint` here (in the
 * child's JSON and in the task's YAML alike), compared exactly, and shown as decimal strings.
 */

const UNSAFE_INT = /\d{16,}/;

/** `JSON.parse`, except integer literals beyond ±2^53 become `bigint`. */
export function parseJsonExact(text: string): unknown {
  if (!UNSAFE_INT.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // NaN / Infinity (Python's json writes them by default): the slow path reads them
    }
  }
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const out: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') return (i++, out);
      for (;;) {
        ws();
        const key = value() as string;
        ws();
        i++; // ':'
        out[key] = value();
        ws();
        if (text[i++] === '}') return out;
      }
    }
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      ws();
      if (text[i] === ']') return (i++, out);
      for (;;) {
        out.push(value());
        ws();
        if (text[i++] === ']') return out;
      }
    }
    if (c === '"') {
      const start = i;
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
      i++;
      return JSON.parse(text.slice(start, i)) as unknown;
    }
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|NaN|-?Infinity)/.exec(
      text.slice(i, i + 400),
    );
    if (m === null) throw new SyntaxError(`Unexpected JSON at ${i}`);
    i += m[0].length;
    return toExactNumber(m[0]);
  };
  const out = value();
  ws();
  if (i !== text.length) throw new SyntaxError(`Unexpected JSON at ${i}`);
  return out;
}

function toExactNumber(literal: string): unknown {
  if (literal === 'true') return true;
  if (literal === 'false') return false;
  if (literal === 'null') return null;
  if (/^-?\d+$/.test(literal)) {
    const n = Number(literal);
    return Number.isSafeInteger(n) ? n : BigInt(literal);
  }
  return Number(literal);
}

/** YAML parsed with `intAsBigInt` gives bigint for every integer; keep it only where needed. */
export function narrowBigInts(value: unknown): unknown {
  if (typeof value === 'bigint') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  if (Array.isArray(value)) return value.map(narrowBigInts);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, narrowBigInts(v)]));
  }
  return value;
}

export function containsBigInt(value: unknown): boolean {
  if (typeof value === 'bigint') return true;
  if (Array.isArray(value)) return value.some(containsBigInt);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsBigInt);
  return false;
}

/** JSON text with object keys sorted and bigints as exact digits: equal values, equal text. */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  // NaN and ±Infinity would all print as null and so equal an expected None: keep them apart.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value) ?? 'null';
}

/** The value made safe for `JSON.stringify` on the wire: bigints, NaN and ±Infinity become strings. */
export function toWire(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  }
  return value;
}
