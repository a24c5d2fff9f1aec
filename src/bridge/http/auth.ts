/**
 * Bearer tokens: `Authorization: Bearer TOKEN` on every API request. Browsers cannot set
 * headers on a WebSocket, so the progress socket also accepts the token as its first message
 * (see ws.ts); it is never read from cookies, so there is no CSRF surface.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** The token of an `Authorization: Bearer …` header, or undefined when absent or malformed. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const value = headers.authorization;
  if (typeof value !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match?.[1];
}
