/**
 * Errors, mapped once for every transport: a HackBridgeError keeps its code, status and
 * details; anything else becomes HB_INTERNAL with a generic message (the cause goes to the log,
 * never to the client). In production, stack traces never appear in details.
 */
import { HackBridgeError, isHackBridgeError, toHackBridgeError } from '../common/index.js';
import type { ErrorBody } from './contract.js';

export interface MappedError {
  readonly statusCode: number;
  readonly body: ErrorBody;
  readonly headers: Record<string, string>;
  /** The HackBridgeError the body came from (cause kept for logging). */
  readonly error: HackBridgeError;
}

export function mapError(thrown: unknown, options: { production?: boolean } = {}): MappedError {
  const error = toHackBridgeError(thrown);
  const internal = error.code === 'HB_INTERNAL' || error.statusCode >= 500;
  const details: Record<string, unknown> =
    internal && !isHackBridgeError(thrown) && options.production !== true && thrown instanceof Error
      ? { cause: thrown.message, stack: thrown.stack }
      : internal && !isHackBridgeError(thrown)
        ? {}
        : error.details;
  const headers: Record<string, string> = {};
  const retry = error.details['retryAfterS'];
  if (error.code === 'HB_RATE_LIMITED' && typeof retry === 'number') headers['retry-after'] = String(retry);
  return {
    statusCode: error.statusCode,
    headers,
    error,
    body: {
      error: {
        code: error.code,
        message: internal && !isHackBridgeError(thrown) ? 'Internal error' : error.message,
        details: options.production === true ? withoutStacks(details) : details,
      },
    },
  };
}

function withoutStacks(details: Record<string, unknown>): Record<string, unknown> {
  const { stack: _stack, cause: _cause, ...rest } = details;
  return rest;
}

/** Rebuilds a HackBridgeError on the client side of a transport from its wire body. */
export function errorFromBody(body: ErrorBody, statusCode: number): HackBridgeError {
  return new HackBridgeError(body.error.code, body.error.message, {
    statusCode,
    details: body.error.details,
  });
}
