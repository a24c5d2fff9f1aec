/**
 * The Electron IPC transport, renderer side: turns `ipcRenderer.invoke` into the typed
 * contract. The preload exposes what this returns as `window.hackbridge`. Dependency-free on
 * purpose (the preload runs it): errors are plain Errors carrying `code`, `statusCode` and
 * `details`; across Electron's contextBridge only the message survives, so the message ends
 * with the code in brackets, as the CLI prints it.
 */
import type { HackBridgeApi } from './contract.js';
import { contractMethodNames, ipcChannel } from './methods.js';

export type IpcInvoke = (channel: string, ...args: unknown[]) => Promise<unknown>;

/** A contract error on the renderer side. */
export interface RendererError extends Error {
  code: string;
  statusCode: number;
  details: Record<string, unknown>;
}

const statusOf: Record<string, number> = {
  HB_VALIDATION: 400,
  HB_AUTH_MISSING: 401,
  HB_AUTH_FORBIDDEN: 403,
  HB_NOT_FOUND: 404,
  HB_RATE_LIMITED: 429,
};

function unwrap(envelope: unknown): unknown {
  const e = envelope as {
    ok?: boolean;
    value?: unknown;
    error?: { code: string; message: string; details: Record<string, unknown> };
  };
  if (e !== null && typeof e === 'object' && e.ok === true) return e.value;
  const body = e?.error ?? { code: 'HB_INTERNAL', message: 'Malformed IPC reply', details: {} };
  const error = new Error(`${body.message} [${body.code}]`) as RendererError;
  error.code = body.code;
  error.statusCode = statusOf[body.code] ?? 500;
  error.details = body.details;
  throw error;
}

export function createRendererApi(invoke: IpcInvoke): HackBridgeApi {
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const method of contractMethodNames) {
    api[method] = async (...args) => unwrap(await invoke(ipcChannel(method), ...args));
  }
  return api as unknown as HackBridgeApi;
}
