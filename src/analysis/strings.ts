/**
 * Python string literals as Python reads them: prefixes (r, b, f, u), escapes (`\x6f`,
 * `\157`, `\u006f`), f-string interpolations. Escapes are a classic way to hide `os` from a
 * text search, so the analyser matches on decoded values only.
 */
import type { PyNode } from './ast.js';
import type { Value } from './values.js';
import { UNKNOWN, bytes, combine, str } from './values.js';

const simpleEscapes: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** Decodes backslash escapes; undefined when an escape cannot be decoded here (`\N{...}`). */
export function decodeEscapes(body: string, isBytes: boolean): string | undefined {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const n = body[i + 1] as string;
    if (n in simpleEscapes) {
      out += simpleEscapes[n];
      i++;
    } else if (n === '\n') {
      i++;
    } else if (n === '\r') {
      i += body[i + 2] === '\n' ? 2 : 1;
    } else if (n >= '0' && n <= '7') {
      const m = /^[0-7]{1,3}/.exec(body.slice(i + 1)) as RegExpExecArray;
      out += String.fromCharCode(parseInt(m[0], 8));
      i += m[0].length;
    } else if (n === 'x' || (!isBytes && (n === 'u' || n === 'U'))) {
      const len = n === 'x' ? 2 : n === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) return undefined;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return undefined;
      out += String.fromCodePoint(code);
      i += 1 + len;
    } else if (n === 'N' && !isBytes) {
      return undefined;
    } else {
      out += c;
    }
  }
  return out;
}

/** Whether a literal spells letters, digits or `_` with numeric escapes (`\x6f`, `\157`, `\u006f`). */
export function hidesPlainText(body: string): boolean {
  if (!body.includes('\\')) return false; // most strings have no escape at all
  for (const m of body.matchAll(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3})/g)) {
    const esc = m[1] as string;
    const code =
      esc[0] === 'x' || esc[0] === 'u' || esc[0] === 'U' ? parseInt(esc.slice(1), 16) : parseInt(esc, 8);
    if (/[A-Za-z0-9_]/.test(String.fromCodePoint(code))) return true;
  }
  return false;
}

export interface StringParts {
  readonly prefix: string;
  readonly isBytes: boolean;
  readonly isRaw: boolean;
  readonly isFormat: boolean;
}

export function stringPrefix(source: string, node: PyNode): StringParts {
  const startNode = node.children[0];
  const startText = startNode === undefined ? '' : source.slice(startNode.start, startNode.end);
  const prefix = startText.replace(/['"]+$/, '').toLowerCase();
  return {
    prefix,
    isBytes: prefix.includes('b'),
    isRaw: prefix.includes('r'),
    isFormat: prefix.includes('f'),
  };
}

/**
 * The value of one `string` node. `evalInterpolation` evaluates an f-string expression; an
 * interpolation with a format spec, or whose value is not a known string/int, makes the
 * whole string unknown.
 */
export function stringValue(source: string, node: PyNode, evalInterpolation: (n: PyNode) => Value): Value {
  const parts = stringPrefix(source, node);
  let out = '';
  let folded = false;
  let known = true;
  for (const child of node.children) {
    if (child.type === 'string_content') {
      let text = source.slice(child.start, child.end);
      if (parts.isFormat) text = text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      const decoded = parts.isRaw ? text : decodeEscapes(text, parts.isBytes);
      if (decoded === undefined) known = false;
      else out += decoded;
      // `'\x6f\x73'` is 'os' spelled so a text search misses it: escapes of letters and digits are obfuscation.
      if (!parts.isRaw && hidesPlainText(text)) folded = true;
    } else if (child.type === 'interpolation') {
      folded = true;
      const expr = child.children.find((c) => c.field === 'expression');
      const value = expr === undefined ? UNKNOWN : evalInterpolation(expr);
      const conversion = child.children.find((c) => c.field === 'type_conversion');
      const spec = child.children.find((c) => c.field === 'format_specifier');
      const conv = conversion === undefined ? '' : source.slice(conversion.start, conversion.end);
      if (spec !== undefined) known = false;
      else if (value.k === 'str' && (conv === '' || conv === '!s')) out += value.v;
      else if (value.k === 'str' && conv === '!r') out += pyRepr(value.v);
      else if (value.k === 'int') out += value.v.toString();
      else known = false;
    }
  }
  if (!known) return UNKNOWN;
  const origin = folded ? combine('folded') : 'literal';
  return parts.isBytes ? bytes(out, origin) : str(out, origin);
}

/** repr() of a str, enough for folding `!r` and `%r`. */
export function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
  return quote + (quote === "'" ? body.replace(/'/g, "\\'") : body) + quote;
}
