/**
 * The desktop app without Electron's binary: the built UI in Debian's Chromium, served by the
 * very app:// handler electron/protocol.ts registers (desktop CSP, no ws:), with the bundled
 * preload (dist/electron/preload.cjs as build:electron makes it) run in the page over a stand-in
 * `require('electron')` whose `ipcRenderer.invoke` reaches the real main-process IPC handlers
 * (createIpcHandlers over a real service, the one local user). The UI must find
 * `window.hackbridge`, skip sign-in, and solve task-123 over IPC alone: not one HTTP API request,
 * not one CSP violation.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildElectron } from '../../electron/build.js';
import { DESKTOP_CSP, uiProtocolHandler } from '../../electron/protocol.js';
import { createIpcHandlers } from '../../src/bridge/index.js';
import type { IpcHandler } from '../../src/bridge/index.js';
import { closeTestEngine, startHarness } from '../bridge/harness.js';
import type { Harness } from '../bridge/harness.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';

vi.mock('electron', async () => (await import('../electron/fake-electron.js')).electron);

const haveBrowser = existsSync(CHROMIUM);
// A secure-context origin the browser never reaches: every request is answered by the route.
const ORIGIN = 'http://localhost:9';
const SHOTS = 'test-results/ui';
const SOLUTION = 'def solution(a, b): return a + b\nassert solution(2, 3) == 5\n';

/** The preload bundle as a page script: CommonJS wrapper, `require` allows only electron. */
function preloadInPage(bundle: string): string {
  return `(() => {
    const electron = {
      contextBridge: {
        exposeInMainWorld: (key, api) =>
          Object.defineProperty(window, key, { value: Object.freeze(api), enumerable: true }),
      },
      ipcRenderer: { invoke: (channel, ...args) => window.__hbIpc(channel, args) },
    };
    const require = (id) => {
      if (id !== 'electron') throw new Error('sandboxed preload cannot require ' + id);
      return electron;
    };
    const module = { exports: {} };
    (function (module, exports, require) {\n${bundle}\n})(module, module.exports, require);
  })();`;
}

describe.skipIf(!haveBrowser)('desktop UI over IPC (chromium, app:// handler, bundled preload)', () => {
  let h: Harness;
  let browser: Browser;
  let page: Page;
  const apiRequests: string[] = [];
  const cspViolations: string[] = [];
  let documentCsp: string | undefined;

  beforeAll(async () => {
    if (!existsSync('dist/ui/index.html'))
      throw new Error('dist/ui/index.html is missing: run `npm run build` before the UI tests');
    mkdirSync(SHOTS, { recursive: true });
    h = await startHarness('sqlite', { grading: { tasksDir: 'tasks' } });
    const handlers: Record<string, IpcHandler> = createIpcHandlers(h.service);
    const serveUi = uiProtocolHandler('dist/ui');
    const { preload } = await buildElectron(false);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.exposeFunction('__hbIpc', async (channel: string, args: unknown[]) => {
      const handler = handlers[channel];
      if (handler === undefined) throw new Error(`no IPC handler for ${channel}`);
      return handler({}, ...args);
    });
    await context.addInitScript(preloadInPage(preload));
    await context.route(`${ORIGIN}/**`, async (route) => {
      const url = new URL(route.request().url());
      const res = await serveUi(new Request(`app://ui${url.pathname}`));
      if (url.pathname === '/index.html') documentCsp = res.headers.get('content-security-policy') ?? '';
      const headers: Record<string, string> = {};
      res.headers.forEach((value, key) => (headers[key] = value));
      await route.fulfill({
        status: res.status,
        headers,
        body: Buffer.from(await res.arrayBuffer()),
      });
    });
    page = await context.newPage();
    page.on('request', (req) => {
      if (req.url().includes('/api/')) apiRequests.push(req.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await closeTestEngine();
  }, 60_000);

  it('opens on the task list as the local user, without a sign-in', async () => {
    await page.goto(`${ORIGIN}/index.html#/tasks`);
    await page.locator('[data-testid="task-row"][data-task-id="task-123"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('signin-token').count()).toBe(0);
    expect(documentCsp).toBe(DESKTOP_CSP);
    expect(
      await page.evaluate(() => Object.keys((window as { hackbridge?: object }).hackbridge ?? {}).sort()),
    ).toEqual([
      'analyzeCode',
      'getMetrics',
      'getSubmission',
      'getTask',
      'getUserData',
      'listSubmissions',
      'listTasks',
      'runCode',
      'submitTask',
    ]);
    await page.screenshot({ path: join(SHOTS, '20-desktop-task-list.png'), fullPage: true });
  }, 120_000);

  it('solves task-123 over IPC alone: score 100, no HTTP API request, no CSP violation', async () => {
    await page.goto(`${ORIGIN}/index.html#/tasks/task-123`);
    const content = page.getByTestId('editor').locator('.cm-content');
    await content.waitFor({ timeout: 30_000 });
    await content.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(SOLUTION);
    await page.getByTestId('submit-button').click();
    await page.locator('[data-testid="submission-result"][data-score="100"]').waitFor({ timeout: 60_000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, '21-desktop-submission.png'), fullPage: true });
    expect(apiRequests).toEqual([]);
    expect(cspViolations).toEqual([]);
  }, 120_000);
});
