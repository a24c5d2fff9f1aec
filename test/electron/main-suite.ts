/**
 * What the Electron main process must do, checked against the fake `electron`
 * (./fake-electron.ts) with the real service behind it: one isolated, sandboxed, Node-less
 * window on app://ui, one IPC handler per contract method validating its arguments, SQLite in
 * the user-data folder, the desktop CSP, and no navigation away, new windows or permissions.
 * Run on the TypeScript source (main.test.ts) and on the bundle build:electron emits
 * (bundle.test.ts).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractMethodNames, ipcChannel } from '../../src/bridge/index.js';
import { ipcEvent, prevented, state } from './fake-electron.js';

export function mainProcessSuite(name: string, load: () => Promise<unknown>): void {
  describe(name, () => {
    beforeAll(async () => {
      state.userData = mkdtempSync(join(tmpdir(), 'hb-electron-'));
      // As shipped: DevTools must be off.
      state.packaged = true;
      await load();
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
        devTools: false,
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
      const tasks = (await state.handlers.get(ipcChannel('listTasks'))?.(ipcEvent())) as {
        ok: boolean;
        value: { id: string }[];
      };
      expect(tasks.ok).toBe(true);
      expect(tasks.value.map((t) => t.id)).toContain('task-123');
      const me = (await state.handlers.get(ipcChannel('getUserData'))?.(ipcEvent())) as { ok: boolean };
      expect(me.ok).toBe(true);
      expect(existsSync(join(state.userData, 'hackbridge.db'))).toBe(true);
    });

    it("validates the renderer's arguments with the contract's schemas", async () => {
      const bad = (await state.handlers.get(ipcChannel('getTask'))?.(ipcEvent(), { not: 'an id' })) as {
        error: { code: string };
      };
      expect(bad.error.code).toBe('HB_VALIDATION');
      const tooMany = (await state.handlers.get(ipcChannel('analyzeCode'))?.(ipcEvent(), 42)) as {
        error: { code: string };
      };
      expect(tooMany.error.code).toBe('HB_VALIDATION');
    });

    it('answers IPC only from the main frame of app://ui', async () => {
      const listTasks = state.handlers.get(ipcChannel('listTasks'));
      for (const event of [
        {},
        { senderFrame: null },
        ipcEvent('https://evil.example/'),
        ipcEvent('app://ui.evil/index.html'),
        ipcEvent('file:///etc/passwd'),
        ipcEvent('app://ui/index.html', { url: 'app://ui/index.html' }),
      ]) {
        const res = (await listTasks?.(event)) as { error?: { code: string } };
        expect(res.error?.code, JSON.stringify(event)).toBe('HB_AUTH_FORBIDDEN');
      }
      expect(((await listTasks?.(ipcEvent('app://ui/index.html#/tasks'))) as { ok: boolean }).ok).toBe(true);
    });

    it('denies permission checks as well as requests', () => {
      expect(state.permissionCheckHandler?.(null, 'clipboard-read', 'app://ui', {})).toBe(false);
      expect(state.permissionCheckHandler?.(null, 'notifications', 'app://ui', {})).toBe(false);
    });

    it('blocks frame navigations and redirects away from app://ui like navigations', () => {
      for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
        expect(prevented(event, 'https://example.org/'), event).toBe(true);
        expect(prevented(event, 'app://ui.evil/'), event).toBe(true);
        expect(prevented(event, 'app://ui/index.html#/tasks'), event).toBe(false);
      }
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
}
