/**
 * Builtins and library functions that fold constants: chr/ord/str/bytes, sequences and
 * ranges, and decoders of constant payloads (base64, hex, rot13; decompression is opaque).
 */
import type { Handler } from './call-args.js';
import { text } from './call-args.js';
import { base64Decode, hexDecode, rot13 } from './decode.js';
import { textCodec } from './methods.js';
import type { Value } from './values.js';
import {
  UNKNOWN,
  UNKNOWN_DECODED,
  bytes,
  int,
  isText,
  iterItems,
  log2Of,
  ref,
  smallInt,
  str,
} from './values.js';

/** Decoders of constant payloads: the result is known (and marked `decoded`) where we can compute it. */
export function decoder(decode: (s: string) => string | undefined): Handler {
  return (ev, args, node) => {
    const input = args.pos[0];
    const s = text(input);
    if (s === undefined) return input?.k === 'unknown' && input.decoded ? UNKNOWN_DECODED : UNKNOWN_DECODED;
    ev.emit('HB-OBF-003', node, 'Decodes a constant payload.');
    const out = decode(s);
    return out === undefined ? UNKNOWN_DECODED : bytes(out, 'decoded');
  };
}

export const opaqueDecoder: Handler = (ev, args, node) => {
  if (text(args.pos[0]) !== undefined)
    ev.emit('HB-OBF-003', node, 'Decompresses or unpacks a constant payload.');
  return UNKNOWN_DECODED;
};

export const codecsCall: Handler = (ev, args, node, path) => {
  const input = args.pos[0];
  const encoding = (text(args.pos[1] ?? args.kw.get('encoding')) ?? 'utf-8').toLowerCase().replace(/-/g, '_');
  const s = text(input);
  if (s === undefined || input === undefined || !isText(input))
    return input?.k === 'unknown' && input.decoded ? UNKNOWN_DECODED : UNKNOWN;
  const decoding = path === 'codecs.decode';
  if (encoding === 'rot13' || encoding === 'rot_13') {
    ev.emit('HB-OBF-003', node, 'Decodes a rot13 payload.');
    return str(rot13(s), 'decoded');
  }
  if (
    [
      'hex',
      'hex_codec',
      'base64',
      'base64_codec',
      'zlib',
      'zlib_codec',
      'bz2',
      'bz2_codec',
      'uu',
      'quopri',
    ].includes(encoding)
  ) {
    if (!decoding) return UNKNOWN;
    ev.emit('HB-OBF-003', node, `Decodes a ${encoding} payload.`);
    const out = encoding.startsWith('hex')
      ? hexDecode(s)
      : encoding.startsWith('base64')
        ? base64Decode(s)
        : undefined;
    return out === undefined ? UNKNOWN_DECODED : bytes(out, 'decoded');
  }
  return textCodec(input, encoding, decoding);
};

export const chr: Handler = (_ev, args) => {
  const n = smallInt(args.pos[0] ?? UNKNOWN);
  return n === undefined || n < 0 || n > 0x10ffff ? UNKNOWN : str(String.fromCodePoint(n), 'folded');
};

export const ord: Handler = (_ev, args) => {
  const s = args.pos[0];
  return s?.k === 'str' && [...s.v].length === 1 ? int(BigInt(s.v.codePointAt(0) ?? 0)) : UNKNOWN;
};

export const toStr: Handler = (_ev, args) => {
  const [a, enc] = args.pos;
  if (a === undefined) return str('', 'literal');
  if (a.k === 'str' && enc === undefined) return a;
  if (a.k === 'int') return str(a.v.toString(), 'folded');
  if (a.k === 'bytes' && enc?.k === 'str') return textCodec(a, enc.v.toLowerCase().replace(/-/g, '_'), true);
  return UNKNOWN;
};

export const toBytes: Handler = (ev, args, node) => {
  const [a, enc] = args.pos;
  if (a === undefined) return bytes('', 'literal');
  if (a.k === 'int' || a.k === 'bigint') {
    const n = a.k === 'int' ? Number(a.v) : Infinity;
    if (n > ev.policy.maxAllocationElements)
      ev.emit('HB-RES-002', node, 'Allocates an enormous byte buffer.');
    return UNKNOWN;
  }
  if (a.k === 'str' && enc?.k === 'str') return textCodec(a, enc.v.toLowerCase().replace(/-/g, '_'), false);
  if (a.k === 'bytes') return a;
  const items = iterItems(a);
  if (items === undefined) return UNKNOWN;
  const codes = items.map(smallInt);
  if (codes.some((c) => c === undefined || c < 0 || c > 255)) return UNKNOWN;
  return bytes(String.fromCharCode(...(codes as number[])), 'folded');
};

/** Sizes of `range(n)` objects, so `list(range(10**12))` is seen as the allocation it is. */
const rangeSizes = new WeakMap<Value, number>();

export const rangeCall: Handler = (_ev, args) => {
  const r = ref('builtins.range()');
  const [a, b] = args.pos;
  const stop = b ?? a;
  const start = b === undefined ? 0 : smallInt(a ?? UNKNOWN);
  const log2 = stop === undefined ? undefined : log2Of(stop);
  const n = stop === undefined ? undefined : smallInt(stop);
  if (start !== undefined && log2 !== undefined) rangeSizes.set(r, n === undefined ? 2 ** log2 : n - start);
  return r;
};

export const toSeq: Handler = (ev, args, node) => {
  const size = args.pos[0] === undefined ? undefined : rangeSizes.get(args.pos[0]);
  if (size !== undefined && size > ev.policy.maxAllocationElements) {
    ev.emit('HB-RES-002', node, `Materialises a range of about ${size.toExponential(1)} elements.`);
  }
  const items = iterItems(args.pos[0] ?? UNKNOWN);
  return items === undefined ? UNKNOWN : { k: 'seq', items };
};

export const reversedItems: Handler = (_ev, args) => {
  const items = iterItems(args.pos[0] ?? UNKNOWN);
  return items === undefined ? UNKNOWN : { k: 'seq', items: [...items].reverse() };
};
