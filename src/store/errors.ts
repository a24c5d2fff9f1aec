/**
 * Maps driver errors (pg SQLSTATE codes, better-sqlite3 SQLITE_* codes, socket errors) to
 * HackBridgeErrors once, here, so the repositories never see a raw driver error.
 */
import { HackBridgeError, isHackBridgeError } from '../common/index.js';

function driverCode(err: unknown): string {
  if (err !== null && typeof err === 'object' && 'code' in err) {
    const code = (err as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return '';
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  'SQLITE_FULL',
  'SQLITE_IOERR',
]);

/** True for faults of the database server or file rather than of the query. */
export function isUnavailable(err: unknown): boolean {
  const code = driverCode(err);
  // SQLSTATE classes 08 (connection), 53 (resources), 57 (operator intervention, e.g. shutdown),
  // 3D000 (no such database), 28 (authentication).
  if (/^(08|53|57|28)/.test(code) || code === '3D000') return true;
  if (CONNECTION_CODES.has(code) || code.startsWith('SQLITE_IOERR')) return true;
  const message = err instanceof Error ? err.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|connection is closed|database connection is not open|driver has already been destroyed|Pool\.end/i.test(
    message,
  );
}

export function unavailable(kind: string, operation: string, cause: unknown): HackBridgeError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new HackBridgeError('HB_STORE_UNAVAILABLE', `The ${kind} store is unavailable: ${reason}`, {
    statusCode: 503,
    details: { backend: kind, operation, driverCode: driverCode(cause) || undefined },
    cause,
  });
}

/** Wraps anything a query threw into the matching HB_STORE_* error. */
export function mapStoreError(kind: string, operation: string, err: unknown): HackBridgeError {
  if (isHackBridgeError(err)) return err;
  const code = driverCode(err);
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new HackBridgeError('HB_STORE_CONFLICT', `${operation}: a record with that key already exists`, {
      statusCode: 409,
      details: { backend: kind, operation },
      cause: err,
    });
  }
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new HackBridgeError('HB_STORE_NOT_FOUND', `${operation}: a referenced record does not exist`, {
      statusCode: 404,
      details: { backend: kind, operation },
      cause: err,
    });
  }
  if (isUnavailable(err)) return unavailable(kind, operation, err);
  return new HackBridgeError('HB_STORE_QUERY_FAILED', `${operation} failed in the ${kind} store`, {
    statusCode: 500,
    details: { backend: kind, operation, driverCode: code || undefined },
    cause: err,
  });
}

export function notFound(what: string, id: string): HackBridgeError {
  return new HackBridgeError('HB_STORE_NOT_FOUND', `Unknown ${what} '${id}'`, {
    statusCode: 404,
    details: { what, id },
  });
}
