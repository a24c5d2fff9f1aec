/**
 * Constant folding of operator expressions: `+`/`*`/`%` on strings, bytes and ints (the
 * operators themselves are in operators.ts), string concatenation, `and`/`or`, comparisons of
 * constants, indexing and slicing. Each evaluates its operands through the evaluator, in
 * source order, and returns the folded value or UNKNOWN.
 */
import type { PyNode } from './ast.js';
import { field, fields, named } from './ast.js';
import type { Evaluator } from './evaluate.js';
import { environmentRead, index } from './namespaces.js';
import { binaryOp, sliceIndices } from './operators.js';
import type { Origin, Value } from './values.js';
import { UNKNOWN, bytes, combine, smallInt, str, truthy } from './values.js';

/** `a and b`, `a or b` where both sides are known constants (`while 1 and True:`). */
export function evalBooleanOp(ev: Evaluator, node: PyNode): Value {
  const left = field(node, 'left');
  const right = field(node, 'right');
  const l = left === undefined ? UNKNOWN : ev.eval(left);
  const r = right === undefined ? UNKNOWN : ev.eval(right);
  const op = field(node, 'operator');
  const lt = truthy(l);
  if (lt === undefined || op === undefined) return UNKNOWN;
  return op.type === 'and' ? (lt ? r : l) : lt ? l : r;
}

/** A single comparison of two known ints or strings (`while 1 == 1:`). */
export function evalComparison(ev: Evaluator, node: PyNode): Value {
  const ops = node.children.filter((c) => !c.named).map((c) => c.type);
  const operandNodes = named(node);
  // `'ONLINE_JUDGE' in os.environ` tests a flag: judged as a whole, like os.getenv('NAME').
  const membership =
    ops.length === 1 && (ops[0] === 'in' || ops[0] === 'not in') && operandNodes[0]?.type === 'string';
  const outer = ev.calleeNode;
  const operands = ev.inBooleanContext(() =>
    operandNodes.map((c, i) => {
      ev.calleeNode = membership && i === 1 ? c : outer;
      return ev.eval(c);
    }),
  );
  ev.calleeNode = outer;
  const container = operands[1];
  if (membership && container?.k === 'ref' && container.path === 'os.environ') {
    ev.inBooleanContext(() => environmentRead(ev, operands[0], node));
  }
  const [a, b] = operands;
  if (operands.length !== 2 || ops.length !== 1 || a === undefined || b === undefined) return UNKNOWN;
  const x = orderKey(a);
  const y = orderKey(b);
  if (x === undefined || y === undefined || typeof x !== typeof y) return UNKNOWN;
  const v = compare(ops[0] as string, x, y);
  return v === undefined ? UNKNOWN : { k: 'bool', v };
}

export function evalConcatenated(ev: Evaluator, node: PyNode): Value {
  const parts = named(node).map((c) => ev.eval(c));
  let out = '';
  let kind: 'str' | 'bytes' | undefined;
  const origins: Origin[] = ['folded'];
  for (const p of parts) {
    if (p.k !== 'str' && p.k !== 'bytes') return UNKNOWN;
    if (kind !== undefined && kind !== p.k) return UNKNOWN;
    kind = p.k;
    out += p.v;
    origins.push(p.origin);
  }
  const v = kind === 'bytes' ? bytes(out, combine(...origins)) : str(out, combine(...origins));
  return ev.checkString(v, node);
}

export function evalBinary(ev: Evaluator, node: PyNode): Value {
  const left = field(node, 'left');
  const right = field(node, 'right');
  const opNode = field(node, 'operator');
  const l = left === undefined ? UNKNOWN : ev.eval(left);
  const r = right === undefined ? UNKNOWN : ev.eval(right);
  const op = opNode?.type ?? '';
  return ev.checkString(binaryOp(op, l, r, ev, node), node);
}

export function evalSubscript(ev: Evaluator, node: PyNode): Value {
  const valueNode = field(node, 'value');
  // `os.environ['NAME']` with a literal name is judged as a whole (see environmentRead).
  const literalKey = fields(node, 'subscript')[0]?.type === 'string';
  const outer = ev.calleeNode;
  if (literalKey) ev.calleeNode = valueNode;
  const obj = valueNode === undefined ? UNKNOWN : ev.eval(valueNode);
  ev.calleeNode = outer;
  const subs = fields(node, 'subscript');
  const sub = subs[0];
  if (subs.length !== 1 || sub === undefined) {
    for (const s of subs) ev.eval(s);
    return UNKNOWN;
  }
  if (sub.type === 'slice') return ev.checkString(slice(ev, obj, sub), node);
  const key = ev.eval(sub);
  if (obj.k === 'ref' && obj.path === 'os.environ') environmentRead(ev, key, node);
  return ev.checkString(index(ev, obj, key, node), node);
}

function slice(ev: Evaluator, obj: Value, sliceNode: PyNode): Value {
  const parts: (Value | undefined)[] = [undefined, undefined, undefined];
  let slot = 0;
  for (const c of sliceNode.children) {
    if (!c.named) {
      if (c.type === ':') slot++;
      continue;
    }
    parts[slot] = ev.eval(c);
  }
  const [start, stop, step] = parts.map(sliceBound);
  if (start === undefined || stop === undefined || step === undefined || step === 0) return UNKNOWN;
  if (obj.k !== 'str' && obj.k !== 'bytes' && obj.k !== 'seq') return UNKNOWN;
  const length = obj.k === 'seq' ? obj.items.length : obj.v.length;
  const idx = sliceIndices(length, start, stop, step ?? 1);
  if (obj.k === 'seq') return { k: 'seq', items: idx.map((i) => obj.items[i] ?? UNKNOWN) };
  const out = idx.map((i) => obj.v[i] ?? '').join('');
  return obj.k === 'str' ? str(out, combine(obj.origin)) : bytes(out, combine(obj.origin));
}

/** What a comparison of constants compares: ints and strings. */
function orderKey(v: Value): bigint | string | undefined {
  return v.k === 'int' ? v.v : v.k === 'str' ? v.v : undefined;
}

function compare(op: string, x: bigint | string, y: bigint | string): boolean | undefined {
  switch (op) {
    case '==':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    case '>=':
      return x >= y;
    default:
      return undefined;
  }
}

/** A slice bound: absent or None is null, a small int its value, anything else unknown. */
function sliceBound(v: Value | undefined): number | null | undefined {
  return v === undefined || v.k === 'none' ? null : smallInt(v);
}
