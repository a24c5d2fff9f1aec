/**
 * The Electron main process, run for real against a fake `electron` module (no Electron binary
 * can be installed here): it opens one window whose renderer is isolated, sandboxed and
 * Node-less, registers one IPC handler per contract method backed by the real service (SQLite
 * in the user-data folder, the local user), validates arguments, serves the UI from app://
 * with the desktop CSP, and lets the renderer neither navigate away nor open windows.
 * The bundle `npm run build:electron` makes is checked to import only what dist/ provides.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { contractMethodNames, ipcChannel } from '../../src/bridge/index.js';
import { buildElectron } from '../../electron/build.js';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const appEvents = new Map<string, Listener[]>();
  const contentsEvents = new Map<string, Listener[]>();
  const state = {
    userData: '',
    windows: [] as { options: Record<string, unknown>; url?: string }[],
    handlers: new Map<string, Listener>(),
    schemes: [] as unknown[],
    protocolHandler: undefined as undefined | ((req: Request) => Promise<Response>),
    windowOpenHandler: undefined as undefined | Listener,
    permissionHandler: undefined as undefined | Listener,
    headersHandler: undefined as undefined | Listener,
    quits: 0,
    exits: [] as number[],
    appEvents,
    contentsEvents,
  };
  const on = (map: Map<string, Listener[]>) => (name: string, fn: Listener) => {
    map.set(name, [...(map.get(name) ?? []), fn]);
  };
  const contents = {
    setWindowOpenHandler: (fn: Listener) => (state.windowOpenHandler = fn),
    on: on(contentsEvents),
  };
  const electron = {
    app: {
      getPath: (name: string) => (name === 'userData' ? state.userData : '/nonexistent'),
      whenReady: () => Promise.resolve(),
      on: on(appEvents),
      quit: () => (state.quits += 1),
      exit: (code: number) => state.exits.push(code),
    },
    ipcMain: { handle: (channel: string, fn: Listener) => state.handlers.set(channel, fn) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => state.schemes.push(...schemes),
      handle: (_scheme: string, fn: (req: Request) => Promise<Response>) => (state.protocolHandler = fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Listener) => (state.permissionHandler = fn),
        webRequest: { onHeadersReceived: (fn: Listener) => (state.headersHandler = fn) },
      },
    },
    BrowserWindow: class {
      private readonly record: { options: Record<string, unknown>; url?: string };
      constructor(options: Record<string, unknown>) {
        this.record = { options };
        state.windows.push(this.record);
        for (const fn of appEvents.get('web-contents-created') ?? []) fn({}, contents);
      }
      async loadURL(url: string): Promise<void> {
        this.record.url = url;
      }
    },
  };
  return { state, electron };
});

vi.mock('electron', () => fake.electron);

const { state } = fake;
const prevented = (event: string, ...args: unknown[]): boolean => {
  let stopped = false;
  for (const fn of state.contentsEvents.get(event) ?? [])
    fn({ preventDefault: () => (stopped = true) }, ...args);
  return stopped;
};

describe('electron main (fake electron, real service)', () => {
  beforeAll(async () => {
    state.userData = mkdtempSync(join(tmpdir(), 'hb-electron-'));
    await import('../../electron/main.js');
    for (let i = 0; i < 600 && state.windows[0]?.url === undefined && state.exits.length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(state.exits).toEqual([]);
  }, 60_000);

  afterAll(async () => {
    let stopped = false;
    for (const fn of state.appEvents.get('will-quit') ?? []) fn({ preventDefault: () => (stopped = true) });
    expect(stopped).toBe(true);
    for (let i = 0; i < 600 && state.quits === 0; i++) await new Promise((r) => setTimeout(r, 50));
    rmSync(state.userData, { recursive: true, force: true });
  }, 60_000);

  it('opens one isolated, sandboxed, Node-less window on app://ui', () => {
    expect(state.windows).toHaveLength(1);
    const prefs = state.windows[0]?.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(prefs['nodeIntegrationInWorker']).not.toBe(true);
    expect(prefs['preload']).toBe(join(process.cwd(), 'dist', 'electron', 'preload.cjs'));
    expect(state.windows[0]?.url).toBe('app://ui/index.html');
    expect(state.schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('registers exactly one IPC handler per contract method', () => {
    expect([...state.handlers.keys()].sort()).toEqual(contractMethodNames.map(ipcChannel).sort());
  });

  it('answers through the real service as the one local user, with SQLite in userData', async () => {
    const tasks = (await state.handlers.get(ipcChannel('listTasks'))?.({})) as {
      ok: boolean;
      value: { id: string }[];
    };
    expect(tasks.ok).toBe(true);
    expect(tasks.value.map((t) => t.id)).toContain('task-123');
    const me = (await state.handlers.get(ipcChannel('getUserData'))?.({})) as { ok: boolean };
    expect(me.ok).toBe(true);
    expect(existsSync(join(state.userData, 'hackbridge.db'))).toBe(true);
  });

  it("validates the renderer's arguments with the contract's schemas", async () => {
    const bad = (await state.handlers.get(ipcChannel('getTask'))?.({}, { not: 'an id' })) as {
      error: { code: string };
    };
    expect(bad.error.code).toBe('HB_VALIDATION');
    const tooMany = (await state.handlers.get(ipcChannel('analyzeCode'))?.({}, 42)) as {
      error: { code: string };
    };
    expect(tooMany.error.code).toBe('HB_VALIDATION');
  });

  it('denies new windows, navigation away, webviews and permission requests', () => {
    expect(state.windowOpenHandler?.({ url: 'https://example.org' })).toEqual({ action: 'deny' });
    expect(prevented('will-navigate', 'https://example.org/')).toBe(true);
    expect(prevented('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(prevented('will-navigate', 'app://ui.evil/')).toBe(true);
    expect(prevented('will-navigate', 'app://ui/index.html#/tasks')).toBe(false);
    expect(prevented('will-attach-webview')).toBe(true);
    let granted: boolean | undefined;
    state.permissionHandler?.({}, 'media', (ok: boolean) => (granted = ok));
    expect(granted).toBe(false);
  });

  it('puts the desktop CSP (no ws:) on every response', async () => {
    let headers: Record<string, string[]> = {};
    state.headersHandler?.(
      { responseHeaders: { a: ['b'] } },
      (r: { responseHeaders: Record<string, string[]> }) => {
        headers = r.responseHeaders;
      },
    );
    const csp = headers['Content-Security-Policy']?.[0] ?? '';
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).not.toContain('ws:');
    const page = await state.protocolHandler?.(new Request('app://ui/index.html'));
    expect([200, 503]).toContain(page?.status);
    expect(page?.headers.get('content-security-policy')).toBe(csp);
    expect(page?.headers.get('x-content-type-options')).toBe('nosniff');
    if (existsSync('dist/ui/index.html')) expect(page?.headers.get('content-type')).toMatch(/^text\/html/);
    const escape = await state.protocolHandler?.(new Request('app://ui/..%2f..%2fpackage.json'));
    expect(escape?.status).toBe(404);
    const otherHost = await state.protocolHandler?.(new Request('app://elsewhere/index.html'));
    expect(otherHost?.status).toBe(404);
  });
});

describe('electron bundle (npm run build:electron)', () => {
  it('makes main.js import only packages, node: builtins and the compiled service in dist/', async () => {
    const { main } = await buildElectron(false);
    const specifiers = [...main.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1] ?? '');
    expect(specifiers.length).toBeGreaterThan(0);
    for (const spec of specifiers.filter((s) => s.startsWith('.'))) {
      // Resolved from dist/electron/main.js; the .ts sources stand in for dist's .js here.
      const target = resolve('dist/electron', spec);
      const source = join('src', target.slice(resolve('dist').length)).replace(/\.js$/, '.ts');
      expect(spec).toMatch(/^\.\.\/[a-z]+\/index\.js$/);
      expect(existsSync(source), source).toBe(true);
      expect(dirname(target).startsWith(resolve('dist'))).toBe(true);
    }
    expect(new Set(specifiers.filter((s) => !s.startsWith('.') && !s.startsWith('node:')))).toEqual(
      new Set(['electron']),
    );
  });
});
