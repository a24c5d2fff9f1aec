/**
 * The one error type for HackBridge's own faults. What untrusted code does is returned as
 * data (statuses, test results, analysis issues); only faults of HackBridge itself throw.
 *
 * Codes are stable (`HB_<AREA>_<WHAT>`), never reused once released, and listed in
 * docs/errors.md; test/common/errors.test.ts keeps the list and the code in step.
 */
export interface HackBridgeErrorOptions {
  /** HTTP status the transports map this error to. */
  readonly statusCode?: number;
  /** Structured, JSON-serialisable context, e.g. `{ file, path, reason }` for a bad task file. */
  readonly details?: Record<string, unknown>;
  readonly cause?: unknown;
}

export class HackBridgeError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, options: HackBridgeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HackBridgeError';
    this.code = code;
    this.statusCode = options.statusCode ?? 500;
    this.details = options.details ?? {};
  }

  /** The wire shape every transport sends. */
  toJSON(): { code: string; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isHackBridgeError(value: unknown): value is HackBridgeError {
  return value instanceof HackBridgeError;
}

/**
 * Wraps anything thrown into a HackBridgeError. Unknown errors become `HB_INTERNAL` with a
 * generic message; the original is kept as `cause` for the log, never shown to clients.
 */
export function toHackBridgeError(value: unknown): HackBridgeError {
  if (value instanceof HackBridgeError) return value;
  return new HackBridgeError('HB_INTERNAL', 'Internal error', { statusCode: 500, cause: value });
}

/** Bad usage of a command or API argument (CLI exit 2, HTTP 400). */
export function usageError(message: string, details: Record<string, unknown> = {}): HackBridgeError {
  return new HackBridgeError('HB_USAGE', message, { statusCode: 400, details });
}
