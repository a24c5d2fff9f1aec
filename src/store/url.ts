import { HackBridgeError } from '../common/index.js';

export type StoreTarget =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly schema?: string };

function invalid(url: string, reason: string): HackBridgeError {
  // The URL may hold a password: report only its scheme.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? '(none)';
  return new HackBridgeError('HB_STORE_URL_INVALID', `Invalid store URL (${reason})`, {
    statusCode: 400,
    details: { path: 'store.url', scheme, reason },
  });
}

/**
 * Parses `sqlite:./file.db`, `sqlite:/abs/file.db`, `sqlite:///abs/file.db`, `sqlite::memory:`,
 * `postgres://…` or `postgresql://…` (optionally `?schema=name`). Anything else is HB_STORE_URL_INVALID.
 */
export function parseStoreUrl(url: string): StoreTarget {
  if (url.startsWith('sqlite:')) {
    let file = url.slice('sqlite:'.length);
    if (file.startsWith('//')) file = file.slice(2);
    if (file === '') throw invalid(url, 'sqlite URL names no file');
    if (file.includes('\0')) throw invalid(url, 'file name contains a NUL byte');
    return { kind: 'sqlite', file };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw invalid(url, 'not a valid URL');
    }
    if (parsed.hostname === '' && !parsed.searchParams.has('host')) throw invalid(url, 'no host');
    // `?schema=` is ours, not libpq's: take it out before pg sees the URL.
    const schema = parsed.searchParams.get('schema');
    if (schema === null) return { kind: 'postgres', connectionString: url };
    parsed.searchParams.delete('schema');
    return { kind: 'postgres', connectionString: parsed.toString(), schema: checkSchemaName(schema) };
  }
  throw invalid(url, 'expected sqlite:<file>, sqlite::memory: or postgres://…');
}

/** A schema name safe to interpolate as an SQL identifier. */
export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new HackBridgeError('HB_STORE_URL_INVALID', `Invalid PostgreSQL schema name '${schema}'`, {
      statusCode: 400,
      details: { path: 'schema', reason: 'expected [a-z_][a-z0-9_]*, at most 63 characters' },
    });
  }
  return schema;
}
