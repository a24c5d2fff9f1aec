/**
 * Methods of known constants: string and bytes building (`'-'.join`, `.replace`, `.decode`,
 * `.format`) and namespace dict lookups (`globals().get`), plus the format-template check.
 */
import type { PyNode } from './ast.js';
import type { Args } from './call-args.js';
import { hexEncode, utf8Decode, utf8Encode } from './decode.js';
import type { Evaluator } from './evaluate.js';
import { index } from './namespaces.js';
import { sensitiveAttributes } from './rules/sensitive.js';
import type { Value } from './values.js';
import { UNKNOWN, UNKNOWN_DECODED, bytes, combine, iterItems, str } from './values.js';

/** A string used as a format template: `{0.__class__.__base__}` walks attributes at run time. */
export function checkFormatTemplate(ev: Evaluator, template: string, node: PyNode): void {
  for (const m of template.matchAll(/\{([^{}:!]*)/g)) {
    for (const part of (m[1] ?? '').split(/[.[\]]/).slice(1)) {
      const rule = sensitiveAttributes[part];
      if ((rule !== undefined && rule !== 'HB-INT-011') || /^__\w+__$/.test(part)) {
        ev.emit('HB-INT-007', node, `A format string walks the attribute '${part}'.`);
      }
    }
  }
}

export function textCodec(
  input: Extract<Value, { k: 'str' | 'bytes' }>,
  encoding: string,
  decoding: boolean,
): Value {
  const utf8 = ['utf_8', 'utf8', 'u8'].includes(encoding);
  const latin = ['latin_1', 'latin1', 'iso_8859_1', 'ascii', 'us_ascii'].includes(encoding);
  if (!utf8 && !latin) return UNKNOWN;
  if (decoding && input.k === 'bytes') {
    const out = utf8 ? utf8Decode(input.v) : input.v;
    return out === undefined ? UNKNOWN : str(out, input.origin);
  }
  if (!decoding && input.k === 'str') return bytes(utf8 ? utf8Encode(input.v) : input.v, input.origin);
  return UNKNOWN;
}

/** Methods of constant strings, bytes and namespaces. */
export function callMethod(ev: Evaluator, recv: Value, name: string, args: Args, node: PyNode): Value {
  if (recv.k === 'unknown') return recv.decoded ? UNKNOWN_DECODED : UNKNOWN;
  if (recv.k === 'ns') {
    if ((name === 'get' || name === '__getitem__' || name === 'pop') && args.pos[0] !== undefined) {
      return index(ev, recv, args.pos[0], node);
    }
    if (name === 'update' || name === '__setitem__' || name === 'setdefault') {
      ev.emit('HB-INT-009', node, `Changes a namespace with .${name}().`);
    }
    return UNKNOWN;
  }
  if (recv.k === 'str') {
    if (name === 'format' || name === 'format_map') checkFormatTemplate(ev, recv.v, node);
    return strMethod(recv, name, args);
  }
  if (recv.k === 'bytes') return bytesMethod(recv, name, args);
  return UNKNOWN;
}

function strMethod(recv: Extract<Value, { k: 'str' }>, name: string, args: Args): Value {
  const [a, b] = args.pos;
  const o = combine(recv.origin);
  switch (name) {
    case 'join': {
      const items = iterItems(a ?? UNKNOWN);
      if (items === undefined || !items.every((i) => i.k === 'str')) return UNKNOWN;
      const parts = items as Extract<Value, { k: 'str' }>[];
      return str(parts.map((p) => p.v).join(recv.v), combine(recv.origin, ...parts.map((p) => p.origin)));
    }
    case 'replace':
      return a?.k === 'str' && b?.k === 'str' && args.pos.length === 2
        ? str(recv.v.split(a.v).join(b.v), combine(recv.origin, a.origin, b.origin))
        : UNKNOWN;
    case 'upper':
      return str(recv.v.toUpperCase(), o);
    case 'lower':
    case 'casefold':
      return str(recv.v.toLowerCase(), o);
    case 'strip':
    case 'lstrip':
    case 'rstrip': {
      if (a !== undefined && a.k !== 'str') return UNKNOWN;
      const chars = a?.k === 'str' ? a.v : ' \t\n\r\x0b\x0c';
      let s = recv.v;
      if (name !== 'rstrip') while (s.length > 0 && chars.includes(s[0] as string)) s = s.slice(1);
      if (name !== 'lstrip')
        while (s.length > 0 && chars.includes(s[s.length - 1] as string)) s = s.slice(0, -1);
      return str(s, o);
    }
    case 'swapcase':
      return str(
        [...recv.v].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
        o,
      );
    case 'capitalize':
      return str(recv.v.charAt(0).toUpperCase() + recv.v.slice(1).toLowerCase(), o);
    case 'title':
      return str(
        recv.v
          .toLowerCase()
          .replace(/(^|[^a-zA-Z])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase()),
        o,
      );
    case 'encode':
      return textCodec(
        recv,
        ((a?.k === 'str' ? a.v : undefined) ?? 'utf-8').toLowerCase().replace(/-/g, '_'),
        false,
      );
    case 'split': {
      if (a !== undefined && a.k !== 'str') return UNKNOWN;
      const parts = a?.k === 'str' ? recv.v.split(a.v) : recv.v.trim().split(/\s+/).filter(Boolean);
      return { k: 'seq', items: parts.map((p) => str(p, o)) };
    }
    case 'format':
      return formatTemplate(recv, args);
    default:
      return UNKNOWN;
  }
}

function formatTemplate(recv: Extract<Value, { k: 'str' }>, args: Args): Value {
  let auto = 0;
  let failed = false;
  const origins = [recv.origin];
  const out = recv.v.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, inner: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const key = inner ?? '';
    const v = key === '' ? args.pos[auto++] : /^\d+$/.test(key) ? args.pos[Number(key)] : args.kw.get(key);
    if (v?.k === 'str') {
      origins.push(v.origin);
      return v.v;
    }
    if (v?.k === 'int') return v.v.toString();
    failed = true;
    return '';
  });
  return failed ? UNKNOWN : str(out, combine(...origins));
}

function bytesMethod(recv: Extract<Value, { k: 'bytes' }>, name: string, args: Args): Value {
  const a = args.pos[0] ?? args.kw.get('encoding');
  switch (name) {
    case 'decode':
      return textCodec(
        recv,
        ((a?.k === 'str' ? a.v : undefined) ?? 'utf-8').toLowerCase().replace(/-/g, '_'),
        true,
      );
    case 'hex':
      return str(hexEncode(recv.v), combine(recv.origin));
    case 'join': {
      const items = iterItems(a ?? UNKNOWN);
      if (items === undefined || !items.every((i) => i.k === 'bytes')) return UNKNOWN;
      return bytes(items.map((i) => (i as { v: string }).v).join(recv.v), combine(recv.origin));
    }
    case 'upper':
      return bytes(recv.v.toUpperCase(), combine(recv.origin));
    case 'lower':
      return bytes(recv.v.toLowerCase(), combine(recv.origin));
    case 'strip':
      return bytes(recv.v.trim(), combine(recv.origin));
    default:
      return UNKNOWN;
  }
}
