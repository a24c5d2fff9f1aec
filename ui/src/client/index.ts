/**
 * `createUiClient()`: the Electron preload's `window.hackbridge` when present (exactly the
 * contract's methods), otherwise HTTP + the progress WebSocket on the page's own origin.
 * Every error reaching a screen is a UiError.
 */
import { contractMethodNames, RENDERER_GLOBAL } from '../../../src/bridge/methods.js';
import type { ContractMethod } from '../../../src/bridge/methods.js';
import type { UiError } from './errors.js';
import { toUiError } from './errors.js';
import { apiFrom, createHttpCall } from './http.js';
import { pollSubmission } from './poll.js';
import { readToken } from './session.js';
import type { HackBridgeApi, ProgressMessage, UiClient } from './types.js';
import { progressSocketUrl, wsSubscribe } from './ws.js';

export { UiError, toUiError, isUnauthorized } from './errors.js';
export { readToken, writeToken, TOKEN_KEY } from './session.js';
export type * from './types.js';

export interface UiClientOptions {
  /** Called with every error a call throws (the shell uses it to send a 401 back to sign-in). */
  readonly onError?: (error: UiError) => void;
  /** For tests: the global object to look for the preload on. */
  readonly globals?: Record<string, unknown>;
}

function preloadApi(globals: Record<string, unknown>): HackBridgeApi | undefined {
  const candidate = globals[RENDERER_GLOBAL];
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const methods = candidate as Record<string, unknown>;
  return contractMethodNames.every((m) => typeof methods[m] === 'function')
    ? (candidate as HackBridgeApi)
    : undefined;
}

export function createUiClient(options: UiClientOptions = {}): UiClient {
  const globals = options.globals ?? (globalThis as unknown as Record<string, unknown>);
  const ipc = preloadApi(globals);
  if (ipc !== undefined) {
    const call = async (method: ContractMethod, args: readonly unknown[]): Promise<unknown> => {
      try {
        return await (ipc[method] as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (thrown) {
        const error = toUiError(thrown);
        options.onError?.(error);
        throw error;
      }
    };
    const api = apiFrom(call, contractMethodNames);
    return {
      ...api,
      transport: 'ipc',
      subscribe: (id, onMessage) => pollSubmission(id, onMessage, { getSubmission: api.getSubmission }),
    };
  }
  const call = createHttpCall({
    baseUrl: '',
    token: readToken,
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
  const api = apiFrom(call, contractMethodNames);
  const poll = (id: string, onMessage: (m: ProgressMessage) => void): (() => void) =>
    pollSubmission(id, onMessage, { getSubmission: api.getSubmission });
  return {
    ...api,
    transport: 'http',
    subscribe: (id, onMessage) =>
      typeof WebSocket === 'undefined'
        ? poll(id, onMessage)
        : wsSubscribe(id, onMessage, {
            url: progressSocketUrl(window.location),
            token: readToken,
            fallback: poll,
          }),
  };
}
