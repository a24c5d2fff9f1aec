/**
 * The contract over HTTP, browser side. The route table mirrors src/bridge/http/routes.ts
 * (paths, bodies, queries) without importing it: that file pulls in zod and the service
 * schemas, which would triple the initial bundle. test/ui/http-client.test.ts checks both
 * tables build the same requests.
 */
import type { ContractMethod } from '../../../src/bridge/methods.js';
import type { HackBridgeApi } from './types.js';
import { UiError, errorFromEnvelope } from './errors.js';

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  readonly query?: Readonly<Record<string, string>>;
}

const seg = (v: unknown): string => encodeURIComponent(String(v));

/** Positional contract arguments → the HTTP request. */
export function requestFor(method: ContractMethod, args: readonly unknown[]): HttpRequest {
  switch (method) {
    case 'getUserData':
      return { method: 'GET', path: '/api/me' };
    case 'listTasks':
      return { method: 'GET', path: '/api/tasks' };
    case 'getTask':
      return { method: 'GET', path: `/api/tasks/${seg(args[0])}` };
    case 'analyzeCode':
      return { method: 'POST', path: '/api/analyze', body: { code: args[0] } };
    case 'runCode':
      return {
        method: 'POST',
        path: '/api/run',
        body: { ...((args[1] as object | undefined) ?? {}), code: args[0] },
      };
    case 'submitTask':
      return { method: 'POST', path: '/api/submissions', body: { taskId: args[0], code: args[1] } };
    case 'getSubmission':
      return { method: 'GET', path: `/api/submissions/${seg(args[0])}` };
    case 'listSubmissions':
      return {
        method: 'GET',
        path: '/api/submissions',
        query: Object.fromEntries(
          Object.entries((args[0] as Record<string, unknown> | undefined) ?? {})
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => [k, String(v)]),
        ),
      };
    case 'getMetrics':
      return { method: 'GET', path: '/api/metrics' };
  }
}

export interface HttpTransportOptions {
  /** '' for the page's own origin. */
  readonly baseUrl: string;
  readonly token: () => string | undefined;
  readonly fetch?: typeof fetch;
  /** Called with every error before it is thrown (the shell sends a 401 back to sign-in). */
  readonly onError?: (error: UiError) => void;
}

/** Sends one contract call; resolves to the parsed JSON body or throws a UiError. */
export function createHttpCall(options: HttpTransportOptions) {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const base = options.baseUrl.replace(/\/+$/, '');
  return async (method: ContractMethod, args: readonly unknown[]): Promise<unknown> => {
    const request = requestFor(method, args);
    const query = new URLSearchParams(request.query ?? {}).toString();
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = options.token();
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let error: UiError;
    try {
      const response = await doFetch(`${base}${request.path}${query === '' ? '' : `?${query}`}`, {
        method: request.method,
        headers,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      });
      const text = await response.text();
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (response.ok) return body;
      error =
        errorFromEnvelope(body, response.status) ??
        new UiError(`HTTP ${response.status} without an error body`, 'HB_INTERNAL', response.status);
    } catch (thrown) {
      error =
        thrown instanceof UiError
          ? thrown
          : new UiError(
              `The server could not be reached (${thrown instanceof Error ? thrown.message : String(thrown)})`,
              'HB_UI_NETWORK',
              0,
            );
    }
    options.onError?.(error);
    throw error;
  };
}

/** The typed contract over a call function (one entry per method). */
export function apiFrom(
  call: (method: ContractMethod, args: readonly unknown[]) => Promise<unknown>,
  methods: readonly ContractMethod[],
): HackBridgeApi {
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const m of methods) api[m] = (...args) => call(m, args);
  return api as unknown as HackBridgeApi;
}
