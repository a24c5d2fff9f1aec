/**
 * Binary operators on abstract values: string building (`'o' + 's'`, `'%s%s' % (a, b)`),
 * repetition and powers, with the resource rules that watch their sizes. Huge results are
 * never materialised: sizes are compared as log2 magnitudes.
 */
import type { PyNode } from './ast.js';
import type { Policy } from './policy.js';
import type { RuleId } from './rules/catalog.js';
import { pyRepr } from './strings.js';
import type { Value } from './values.js';
import {
  MAX_FOLDED_LENGTH,
  UNKNOWN,
  bitLength,
  bytes,
  combine,
  int,
  log2Of,
  smallInt,
  str,
} from './values.js';

/** Where findings go (the evaluator itself: no object is made per operation). */
export interface OperatorContext {
  readonly policy: Policy;
  emit(rule: RuleId, node: PyNode, message: string): void;
}

/** `l op r`; resource findings are reported at `node`. */
export function binaryOp(op: string, l: Value, r: Value, ctx: OperatorContext, node: PyNode): Value {
  switch (op) {
    case '+':
      return add(l, r);
    case '*':
      return multiply(l, r, ctx, node);
    case '**':
      return power(l, r, ctx, node);
    case '%':
      if (l.k === 'str') return percentFormat(l, r);
      return intOp(op, l, r);
    default:
      return intOp(op, l, r);
  }
}

function add(l: Value, r: Value): Value {
  if (l.k === 'str' && r.k === 'str') return str(l.v + r.v, combine(l.origin, r.origin));
  if (l.k === 'bytes' && r.k === 'bytes') return bytes(l.v + r.v, combine(l.origin, r.origin));
  if (l.k === 'seq' && r.k === 'seq') return { k: 'seq', items: [...l.items, ...r.items] };
  return intOp('+', l, r);
}

function sizeOf(v: Value): number | undefined {
  if (v.k === 'str' || v.k === 'bytes') return v.v.length;
  if (v.k === 'seq') return v.items.length;
  if (v.k === 'blob') return v.size;
  return undefined;
}

/** `items * n` as one array (`[0] * 50000` is common and must stay cheap). */
function repeatItems(items: readonly Value[], n: number): Value[] {
  const out = new Array<Value>(items.length * n);
  for (let i = 0; i < out.length; i++) out[i] = items[i % items.length] as Value;
  return out;
}

function multiply(l: Value, r: Value, ctx: OperatorContext, node: PyNode): Value {
  const [seq, count] = sizeOf(l) !== undefined ? [l, r] : [r, l];
  const size = sizeOf(seq);
  if (size !== undefined) {
    const log2Count = log2Of(count);
    if (log2Count === undefined) return UNKNOWN;
    const n = smallInt(count);
    const total = n === undefined ? Infinity : size * n;
    const limit = ctx.policy.maxAllocationElements;
    if (total > limit || (n === undefined && log2Count > Math.log2(limit))) {
      ctx.emit(
        'HB-RES-002',
        node,
        `Allocates about 2^${Math.round(Math.log2(Math.max(size, 1)) + log2Count)} elements.`,
      );
      return UNKNOWN;
    }
    if (n === undefined || n < 0) return UNKNOWN;
    if (total > MAX_FOLDED_LENGTH || seq.k === 'blob') return { k: 'blob', size: total };
    if (seq.k === 'str') return str(seq.v.repeat(n), combine(seq.origin));
    if (seq.k === 'bytes') return bytes(seq.v.repeat(n), combine(seq.origin));
    if (seq.k === 'seq') return { k: 'seq', items: repeatItems(seq.items, n) };
    return UNKNOWN;
  }
  return intOp('*', l, r);
}

function power(l: Value, r: Value, ctx: OperatorContext, node: PyNode): Value {
  const lb = log2Of(l);
  const exp = r.k === 'int' ? r.v : undefined;
  if (lb === undefined || r.k === 'bigint') {
    if (r.k === 'bigint' && lb !== undefined && lb > 1)
      ctx.emit('HB-RES-003', node, 'Raises to an astronomically large exponent.');
    return UNKNOWN;
  }
  if (exp === undefined || exp < 0n) return UNKNOWN;
  if (l.k === 'int' && (l.v === 0n || l.v === 1n || l.v === -1n)) return int(l.v ** exp);
  const bits = Number(exp) * Math.max(lb - 1, 1);
  if (bits > ctx.policy.maxPowerBits) {
    ctx.emit('HB-RES-003', node, `The result has about ${bits.toExponential(1)} bits.`);
    return { k: 'bigint', log2: bits };
  }
  if (l.k === 'int' && bits <= 4096) return int(l.v ** exp);
  return { k: 'bigint', log2: bits };
}

function intOp(op: string, l: Value, r: Value): Value {
  const a = l.k === 'bool' ? (l.v ? 1n : 0n) : l.k === 'int' ? l.v : undefined;
  const b = r.k === 'bool' ? (r.v ? 1n : 0n) : r.k === 'int' ? r.v : undefined;
  if (a === undefined || b === undefined) {
    const la = log2Of(l);
    const lb = log2Of(r);
    if (la === undefined || lb === undefined) return UNKNOWN;
    if (op === '*') return { k: 'bigint', log2: la + lb };
    if (op === '+' || op === '-' || op === '|' || op === '^')
      return { k: 'bigint', log2: Math.max(la, lb) + 1 };
    if (op === '<<' && b !== undefined) return { k: 'bigint', log2: la + Number(b) };
    return UNKNOWN;
  }
  switch (op) {
    case '+':
      return int(a + b);
    case '-':
      return int(a - b);
    case '*':
      return int(a * b);
    case '//':
      return b === 0n ? UNKNOWN : int(floorDiv(a, b));
    case '%':
      return b === 0n ? UNKNOWN : int(a - b * floorDiv(a, b));
    case '<<':
      if (b < 0n) return UNKNOWN;
      return b > 4096n ? { k: 'bigint', log2: bitLength(a) + Number(b) } : int(a << b);
    case '>>':
      return b < 0n || b > 4096n ? UNKNOWN : int(a >> b);
    case '&':
      return int(a & b);
    case '|':
      return int(a | b);
    case '^':
      return int(a ^ b);
    default:
      return UNKNOWN;
  }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** `'%s%s' % ('o', 's')`, `'%c' % 111`: the printf-style formatting of constants. */
function percentFormat(fmt: Extract<Value, { k: 'str' }>, args: Value): Value {
  const list = args.k === 'seq' ? args.items : [args];
  let i = 0;
  let failed = false;
  const out = fmt.v.replace(/%([%scrd])/g, (_m, conv: string) => {
    if (conv === '%') return '%';
    const a = list[i++];
    if (a === undefined) {
      failed = true;
      return '';
    }
    if (conv === 'c') {
      const n = smallInt(a);
      if (a.k === 'str' && a.v.length === 1) return a.v;
      if (n === undefined || n < 0 || n > 0x10ffff) failed = true;
      return n === undefined ? '' : String.fromCodePoint(Math.max(0, Math.min(n, 0x10ffff)));
    }
    if (a.k === 'str') return conv === 'r' ? pyRepr(a.v) : a.v;
    if (a.k === 'int') return a.v.toString();
    failed = true;
    return '';
  });
  if (failed || i !== list.length || /%[^%scrd]/.test(fmt.v.replace(/%%/g, ''))) return UNKNOWN;
  return str(out, combine(fmt.origin, ...list.map((a) => (a.k === 'str' ? a.origin : ('folded' as const)))));
}

/** Decimal digits without a leading zero, short enough to be exact as a double. */
function isPlainDecimal(text: string): boolean {
  if (text.length === 0 || text.length > 15 || (text.length > 1 && text.charCodeAt(0) === 0x30)) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

export function parseInteger(text: string): Value {
  // Almost every literal in a solution: no regexes, no string copies.
  if (isPlainDecimal(text)) return int(BigInt(Number(text)));
  const t = text.replace(/_/g, '').toLowerCase();
  if (/[jl]$/.test(t)) return UNKNOWN;
  try {
    if (/^0[0-7]+$/.test(t)) return UNKNOWN;
    return int(
      BigInt(t.startsWith('0o') || t.startsWith('0x') || t.startsWith('0b') ? t : t.replace(/^0+(?=\d)/, '')),
    );
  } catch {
    return UNKNOWN;
  }
}

/** Python slice semantics (negative indices and steps). */
export function sliceIndices(
  length: number,
  start: number | null,
  stop: number | null,
  step: number,
): number[] {
  const norm = (i: number, lo: number, hi: number): number =>
    Math.min(Math.max(i < 0 ? i + length : i, lo), hi);
  const out: number[] = [];
  if (step > 0) {
    const a = start === null ? 0 : norm(start, 0, length);
    const b = stop === null ? length : norm(stop, 0, length);
    for (let i = a; i < b; i += step) out.push(i);
  } else {
    const a = start === null ? length - 1 : norm(start, -1, length - 1);
    const b = stop === null ? -1 : norm(stop, -1, length - 1);
    for (let i = a; i > b; i += step) out.push(i);
  }
  return out;
}
