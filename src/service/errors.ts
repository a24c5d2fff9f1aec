/**
 * The faults the use cases raise. Each transport maps them once (HTTP status + JSON body, IPC
 * envelope, CLI line); the codes are listed in docs/errors.md.
 */
import type { z } from 'zod';
import { HackBridgeError } from '../common/index.js';

export function authMissing(message = 'Missing or unknown API token'): HackBridgeError {
  return new HackBridgeError('HB_AUTH_MISSING', message, { statusCode: 401 });
}

/** A token that exists but was revoked: said plainly, since only its holder can ask. */
export function authRevoked(revokedAt: string): HackBridgeError {
  return new HackBridgeError('HB_AUTH_REVOKED', 'This API token was revoked', {
    statusCode: 401,
    details: { revokedAt },
  });
}

export function forbidden(action: string): HackBridgeError {
  return new HackBridgeError('HB_AUTH_FORBIDDEN', `Your role may not ${action}`, {
    statusCode: 403,
    details: { action },
  });
}

/** Unknown resources and other users' submissions look the same: nothing leaks which exist. */
export function notFound(kind: string, id: string): HackBridgeError {
  return new HackBridgeError('HB_NOT_FOUND', `No ${kind} '${id}'`, {
    statusCode: 404,
    details: { kind, id },
  });
}

export function validationError(
  message: string,
  issues: readonly z.core.$ZodIssue[] | readonly { path: (string | number)[]; message: string }[],
  extra: Record<string, unknown> = {},
): HackBridgeError {
  return new HackBridgeError('HB_VALIDATION', message, {
    statusCode: 400,
    details: {
      ...extra,
      issues: issues.map((i) => ({
        path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
        message: i.message,
      })),
    },
  });
}

export function rateLimited(action: string, retryAfterS: number): HackBridgeError {
  return new HackBridgeError('HB_RATE_LIMITED', `Too many ${action} requests; retry in ${retryAfterS} s`, {
    statusCode: 429,
    details: { action, retryAfterS },
  });
}

/**
 * Code over the API larger than `server.maxSourceBytes` (clamped by `engine.maxSourceBytes`):
 * refused before any work, with the limit named so a client can say why.
 */
export function sourceTooLarge(bytes: number, limitBytes: number, setting: string): HackBridgeError {
  return new HackBridgeError(
    'HB_SOURCE_TOO_LARGE',
    `code is ${bytes} bytes; the limit is ${limitBytes} bytes (${setting})`,
    { statusCode: 413, details: { bytes, limitBytes, setting } },
  );
}
