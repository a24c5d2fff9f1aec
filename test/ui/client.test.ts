import { describe, expect, it, vi } from 'vitest';
import { apiRoutes } from '../../src/bridge/http/routes.js';
import { contractMethodNames } from '../../src/bridge/methods.js';
import { createUiClient } from '../../ui/src/client/index.js';
import { toUiError, UiError } from '../../ui/src/client/errors.js';
import { createHttpCall, requestFor } from '../../ui/src/client/http.js';

const sampleArgs: Record<string, unknown[]> = {
  getUserData: [],
  listTasks: [],
  getTask: ['task 1/x'],
  analyzeCode: ['print(1)'],
  runCode: ['print(1)', { stdin: 'x', timeLimit: 2 }],
  submitTask: ['task-123', 'def f(): pass'],
  getSubmission: ['sub_1'],
  listSubmissions: [{ task: 'task-123', limit: 5, user: undefined }],
  getMetrics: [],
};

function fakeResponse(status: number, body: unknown): Response {
  return new Response(body === undefined ? '' : JSON.stringify(body), { status });
}

describe('ui http client', () => {
  describe('requestFor', () => {
    it.each(contractMethodNames)('builds the same request as the server route table for %s', (method) => {
      const route = apiRoutes.find((r) => r.op === method);
      expect(route).toBeDefined();
      const args = sampleArgs[method] ?? [];
      const mine = requestFor(method, args);
      const theirs = route!.toRequest(args);
      expect(mine.method).toBe(route!.method);
      expect(mine.path).toBe(theirs.path);
      expect(mine.body).toEqual(theirs.body);
      expect(mine.query ?? {}).toEqual(theirs.query ?? {});
    });
  });

  describe('when the server answers', () => {
    it('sends the bearer token and JSON body, and returns the parsed body', async () => {
      const fetch = vi.fn(async () => fakeResponse(202, { id: 's1', state: 'queued' }));
      const call = createHttpCall({ baseUrl: '', token: () => 'hb_secret', fetch });
      await expect(call('submitTask', ['task-123', 'code'])).resolves.toEqual({ id: 's1', state: 'queued' });
      const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
      expect(url).toBe('/api/submissions');
      expect(init.method).toBe('POST');
      expect((init.headers as Record<string, string>)['authorization']).toBe('Bearer hb_secret');
      expect(JSON.parse(String(init.body))).toEqual({ taskId: 'task-123', code: 'code' });
    });

    it('turns the error envelope into a UiError with code, status and details, and reports it', async () => {
      const onError = vi.fn();
      const fetch = vi.fn(async () =>
        fakeResponse(401, { error: { code: 'HB_AUTH_MISSING', message: 'Sign in', details: { a: 1 } } }),
      );
      const call = createHttpCall({ baseUrl: 'http://x/', token: () => undefined, fetch, onError });
      const error = await call('getUserData', []).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UiError);
      expect(error).toMatchObject({
        code: 'HB_AUTH_MISSING',
        status: 401,
        message: 'Sign in',
        details: { a: 1 },
      });
      expect(onError).toHaveBeenCalledWith(error);
      expect(String((fetch.mock.calls[0] as unknown[] | undefined)?.[0])).toBe('http://x/api/me');
    });

    it('reports an unreachable server as HB_UI_NETWORK with status 0', async () => {
      const fetch = vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      });
      const call = createHttpCall({ baseUrl: '', token: () => undefined, fetch });
      await expect(call('listTasks', [])).rejects.toMatchObject({ code: 'HB_UI_NETWORK', status: 0 });
    });

    it('keeps a status without an envelope', async () => {
      const fetch = vi.fn(async () => new Response('<html>bad gateway</html>', { status: 502 }));
      const call = createHttpCall({ baseUrl: '', token: () => undefined, fetch });
      await expect(call('listTasks', [])).rejects.toMatchObject({ code: 'HB_INTERNAL', status: 502 });
    });
  });
});

describe('toUiError', () => {
  it('reads the code that an IPC error carries at the end of its message', () => {
    const e = toUiError(new Error('Task not found [HB_NOT_FOUND]'));
    expect(e).toMatchObject({ code: 'HB_NOT_FOUND', status: 404, message: 'Task not found' });
  });

  it('prefers code and statusCode properties when they survived', () => {
    const raw = Object.assign(new Error('nope [HB_AUTH_FORBIDDEN]'), {
      code: 'HB_AUTH_FORBIDDEN',
      statusCode: 403,
    });
    expect(toUiError(raw)).toMatchObject({ code: 'HB_AUTH_FORBIDDEN', status: 403, message: 'nope' });
  });

  it('makes anything else an internal error', () => {
    expect(toUiError('boom')).toMatchObject({ code: 'HB_INTERNAL', status: 500 });
  });
});

describe('createUiClient', () => {
  it('uses the Electron preload when it exposes every contract method', async () => {
    const preload = Object.fromEntries(contractMethodNames.map((m) => [m, vi.fn(async () => `${m}-result`)]));
    const client = createUiClient({ globals: { hackbridge: preload } });
    expect(client.transport).toBe('ipc');
    await expect(client.getTask('t')).resolves.toBe('getTask-result');
    expect(preload['getTask']).toHaveBeenCalledWith('t');
  });

  it('maps preload errors to UiError and reports them', async () => {
    const preload = Object.fromEntries(
      contractMethodNames.map((m) => [
        m,
        vi.fn(async () => Promise.reject(new Error('gone [HB_NOT_FOUND]'))),
      ]),
    );
    const onError = vi.fn();
    const client = createUiClient({ globals: { hackbridge: preload }, onError });
    await expect(client.getSubmission('s')).rejects.toMatchObject({ code: 'HB_NOT_FOUND', status: 404 });
    expect(onError).toHaveBeenCalledOnce();
  });

  it('falls back to HTTP when the preload is missing or incomplete', () => {
    expect(createUiClient({ globals: {} }).transport).toBe('http');
    expect(createUiClient({ globals: { hackbridge: { getTask: () => undefined } } }).transport).toBe('http');
  });
});
