/**
 * The abstract values the folder computes. Enough of Python to see through obfuscation:
 * strings and bytes (with where they came from), integers (exact when small, as an
 * order of magnitude when huge), sequences, and references to named Python objects
 * (`os.system`, `builtins.eval`, `pathlib.Path()` for an instance).
 */
export type Value =
  | { readonly k: 'str'; readonly v: string; readonly origin: Origin }
  | { readonly k: 'bytes'; readonly v: string; readonly origin: Origin }
  | { readonly k: 'int'; readonly v: bigint }
  /** An integer too large to compute; `log2` estimates its magnitude. */
  | { readonly k: 'bigint'; readonly log2: number }
  | { readonly k: 'bool'; readonly v: boolean }
  | { readonly k: 'none' }
  | { readonly k: 'seq'; readonly items: readonly Value[] }
  /** A qualified Python name: a module (`os`), a member (`os.system`), or an instance (`pathlib.Path()`). */
  | { readonly k: 'ref'; readonly path: string }
  /** `globals()`, `locals()`, `vars()` without argument. */
  /** A namespace dict: `globals()`, `locals()`, or a module's `__dict__`/`vars(module)` (`path`). */
  | { readonly k: 'ns'; readonly of: 'globals' | 'locals' }
  | { readonly k: 'ns'; readonly of: 'module'; readonly path: string }
  /** A function or class the submission defines (shadows builtins). */
  | { readonly k: 'user'; readonly name: string; readonly fn?: FunctionRecord }
  /** A method of a known constant (`'-'.join`, `b'..'.decode`), folded when called. */
  | { readonly k: 'bound'; readonly recv: Value; readonly name: string }
  /** A string or sequence too long to fold whose size is known (`'a' * 10**6`), for allocation checks. */
  | { readonly k: 'blob'; readonly size: number }
  | { readonly k: 'unknown'; readonly decoded: boolean };

/** What the walk learnt about a user function: the value it returns (a module, a string, ...). */
export interface FunctionRecord {
  returns: Value | undefined;
  /** The body can end the program (raise, exit(), input() at EOF): calling it can end a loop. */
  mayExit: boolean;
}

/**
 * How a string came to be: a plain `literal`, `folded` from fragments (concatenation,
 * chr, join, slicing, formatting), or `decoded` from base64/hex/zlib/rot13.
 */
export type Origin = 'literal' | 'folded' | 'decoded';

export const UNKNOWN: Value = Object.freeze({ k: 'unknown', decoded: false });
export const UNKNOWN_DECODED: Value = Object.freeze({ k: 'unknown', decoded: true });
export const NONE: Value = Object.freeze({ k: 'none' });

/** Folded strings longer than this stay unknown: hostile input must not make us allocate. */
export const MAX_FOLDED_LENGTH = 65_536;

export const str = (v: string, origin: Origin): Value =>
  v.length > MAX_FOLDED_LENGTH ? UNKNOWN : { k: 'str', v, origin };
export const bytes = (v: string, origin: Origin): Value =>
  v.length > MAX_FOLDED_LENGTH ? UNKNOWN : { k: 'bytes', v, origin };
export const int = (v: bigint): Value => {
  if (v > 1n << 256n || v < -(1n << 256n)) return { k: 'bigint', log2: bitLength(v) };
  return { k: 'int', v };
};
export const ref = (path: string): Value => ({ k: 'ref', path });

export function bitLength(v: bigint): number {
  return (v < 0n ? -v : v).toString(2).length;
}

/** Combines origins: anything computed from parts is at least `folded`. */
export function combine(...origins: Origin[]): Origin {
  return origins.includes('decoded') ? 'decoded' : 'folded';
}

export function isText(v: Value): v is Extract<Value, { k: 'str' | 'bytes' }> {
  return v.k === 'str' || v.k === 'bytes';
}

/** Approximate magnitude (log2) of an integer value, or undefined. */
export function log2Of(v: Value): number | undefined {
  if (v.k === 'int') return v.v <= 0n ? 0 : bitLength(v.v);
  if (v.k === 'bigint') return v.log2;
  if (v.k === 'bool') return v.v ? 1 : 0;
  return undefined;
}

/** A small non-negative integer (for indexing, chr, repetition), or undefined. */
export function smallInt(v: Value): number | undefined {
  if (v.k === 'int' && v.v >= -(1n << 52n) && v.v <= 1n << 52n) return Number(v.v);
  if (v.k === 'bool') return v.v ? 1 : 0;
  return undefined;
}

/** Python truthiness where it is known. */
export function truthy(v: Value): boolean | undefined {
  switch (v.k) {
    case 'bool':
      return v.v;
    case 'int':
      return v.v !== 0n;
    case 'bigint':
      return true;
    case 'str':
    case 'bytes':
      return v.v.length > 0;
    case 'none':
      return false;
    case 'seq':
      return v.items.length > 0;
    default:
      return undefined;
  }
}

/** The items of a known sequence, string (characters) or bytes (ints), if small enough to know. */
export function iterItems(v: Value): readonly Value[] | undefined {
  if (v.k === 'seq') return v.items;
  if (v.k === 'str') return [...v.v].map((c) => str(c, combine(v.origin)));
  if (v.k === 'bytes') return [...v.v].map((c) => int(BigInt(c.charCodeAt(0))));
  return undefined;
}
