/**
 * Pure decoders for constant payloads (base64, base32, hex, rot13). Strings hold bytes as
 * latin-1 code units. Decompression (zlib, gzip, bz2, lzma) is not reproduced: its output is
 * an unknown value marked `decoded`, which is enough to flag executing it.
 */
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64Decode(input: string, urlsafe = false): string | undefined {
  let s = input.replace(/[\s]/g, '');
  if (urlsafe) s = s.replace(/-/g, '+').replace(/_/g, '/');
  s = s.replace(/=+$/, '');
  let bits = 0;
  let acc = 0;
  let out = '';
  for (const ch of s) {
    const v = B64.indexOf(ch);
    if (v < 0) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 0xff);
    }
  }
  return out;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(input: string): string | undefined {
  const s = input.replace(/=+$/, '').toUpperCase();
  let bits = 0;
  let acc = 0;
  let out = '';
  for (const ch of s) {
    const v = B32.indexOf(ch);
    if (v < 0) return undefined;
    acc = ((acc << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 0xff);
    }
  }
  return out;
}

/** bytes.fromhex / binascii.unhexlify / base64.b16decode (whitespace allowed as fromhex does). */
export function hexDecode(input: string): string | undefined {
  const s = input.replace(/\s/g, '');
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return undefined;
  let out = '';
  for (let i = 0; i < s.length; i += 2) out += String.fromCharCode(parseInt(s.slice(i, i + 2), 16));
  return out;
}

export function hexEncode(input: string): string {
  let out = '';
  for (let i = 0; i < input.length; i++) out += input.charCodeAt(i).toString(16).padStart(2, '0');
  return out;
}

export function rot13(input: string): string {
  return input.replace(/[a-zA-Z]/g, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

/** UTF-8 bytes (as latin-1 code units) to text; undefined when not valid UTF-8. */
export function utf8Decode(latin1: string): string | undefined {
  const buf = new Uint8Array(latin1.length);
  for (let i = 0; i < latin1.length; i++) buf[i] = latin1.charCodeAt(i) & 0xff;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return undefined;
  }
}

export function utf8Encode(text: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(text)) out += String.fromCharCode(b);
  return out;
}
