import { randomBytes } from 'node:crypto';

// Crockford's base32 alphabet, lower-cased: no i, l, o, u, so ids read back unambiguously.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const RANDOM_BITS = 80n;

let lastMs = -1;
let lastRandom = 0n;

function base32(value: bigint, chars: number): string {
  let out = '';
  for (let i = 0; i < chars; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/**
 * A ULID-style id such as `sub_01jd8x6m5q7k3q9d0m2x4c8v1b`: the prefix names the record
 * kind, then 48 bits of milliseconds and 80 random bits in base32. Ids sort in creation order —
 * within one millisecond too, because the random part is incremented rather than redrawn —
 * so "newest first" is stable when timestamps tie.
 */
export function newId(prefix: string): string {
  const ms = Date.now();
  if (ms > lastMs) {
    lastMs = ms;
    lastRandom = BigInt(`0x${randomBytes(10).toString('hex')}`) >> 1n; // leave room to count up
  } else {
    lastRandom = (lastRandom + 1n) & ((1n << RANDOM_BITS) - 1n);
  }
  return `${prefix}_${base32(BigInt(lastMs), 10)}${base32(lastRandom, 16)}`;
}

/**
 * Now as a fixed-width ISO-8601 UTC string. Fixed width matters: timestamps are stored as
 * text in both backends, so text order must equal time order.
 */
export function nowIso(): string {
  return new Date().toISOString();
}
