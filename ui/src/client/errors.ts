/**
 * The one error type screens see, whatever the transport: the server's HB_* code, the HTTP
 * status it maps to, and the structured details. Built from the HTTP error envelope, from an
 * Electron IPC error (only the message crosses contextBridge, ending in `[HB_CODE]`) or from
 * a network failure.
 */
export class UiError extends Error {
  override readonly name = 'UiError';
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** Status of the codes that are not server faults (the rest are 500). Mirrors src/bridge/ipc-renderer.ts. */
const statusOfCode: Readonly<Record<string, number>> = {
  HB_VALIDATION: 400,
  HB_AUTH_MISSING: 401,
  HB_AUTH_FORBIDDEN: 403,
  HB_NOT_FOUND: 404,
  HB_RATE_LIMITED: 429,
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** `{ error: { code, message, details } }` from an HTTP response body, or undefined if the body is not one. */
export function errorFromEnvelope(body: unknown, status: number): UiError | undefined {
  if (!isRecord(body) || !isRecord(body['error'])) return undefined;
  const { code, message, details } = body['error'];
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return new UiError(message, code, status, isRecord(details) ? details : {});
}

/** Any thrown value → UiError (IPC errors keep their code and status when they carry them). */
export function toUiError(thrown: unknown): UiError {
  if (thrown instanceof UiError) return thrown;
  if (thrown instanceof Error) {
    const carried = thrown as Error & { code?: unknown; statusCode?: unknown; details?: unknown };
    const suffix = /\s*\[(HB_[A-Z0-9_]+)\]$/.exec(thrown.message);
    const code = typeof carried.code === 'string' ? carried.code : (suffix?.[1] ?? 'HB_INTERNAL');
    const message = suffix === null ? thrown.message : thrown.message.slice(0, suffix.index);
    const status = typeof carried.statusCode === 'number' ? carried.statusCode : (statusOfCode[code] ?? 500);
    return new UiError(message, code, status, isRecord(carried.details) ? carried.details : {});
  }
  return new UiError(String(thrown), 'HB_INTERNAL', 500);
}

export const isUnauthorized = (e: unknown): boolean => e instanceof UiError && e.status === 401;
