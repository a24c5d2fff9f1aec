/**
 * Electron main process: a thin shell. It builds the same service `hackbridge serve` uses
 * (desktop mode: SQLite in the user-data folder, one local user, embedded grader), registers
 * the bridge's IPC handler table — one `ipcMain.handle` per contract method, each validating
 * its arguments with the contract's schemas (src/bridge/ipc.ts, driven by the contract tests)
 * — answering only the app's own page (guard.ts), and opens the UI from `app://ui/` in a
 * sandboxed, isolated renderer that may not navigate away or open windows. Nothing here knows
 * a use case.
 *
 * Built by `npm run build:electron` (electron/build.ts) into dist/electron/main.js, next to the
 * compiled service in dist/; `npm run desktop` runs it where an Electron binary is installed.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { createIpcHandlers } from '../src/bridge/index.js';
import { loadConfig } from '../src/config/index.js';
import { createService } from '../src/service/index.js';
import { fromAppFrame, stayInApp } from './guard.js';
import { APP_ORIGIN, DESKTOP_CSP, registerAppScheme, serveUi } from './protocol.js';

/** Locks every web contents (windows, and any the renderer might try to create) in place. */
function confine(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    // Any frame, and server redirects too: not only the main frame's own navigations.
    contents.on('will-navigate', stayInApp);
    contents.on('will-frame-navigate', stayInApp);
    contents.on('will-redirect', stayInApp);
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  const ses = session.defaultSession;
  // No camera, notifications, clipboard-read, …: the UI needs none.
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  // …and every synchronous permission check (e.g. navigator.permissions, clipboard) says no.
  ses.setPermissionCheckHandler(() => false);
  // app:// responses carry the CSP already; this covers anything else the renderer loads.
  ses.webRequest.onHeadersReceived((details, callback) =>
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [DESKTOP_CSP] },
    }),
  );
}

/**
 * The app folder (with package.json, tasks/ and dist/): the repository in development,
 * resources/app.asar when packaged. Found from this file rather than `app.getAppPath()`, which
 * is dist/electron/ when started as `electron dist/electron/main.js`.
 */
function appRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

async function start(): Promise<void> {
  const root = appRoot();
  const config = loadConfig({
    overrides: {
      store: { url: `sqlite:${join(app.getPath('userData'), 'hackbridge.db')}` },
      grading: { tasksDir: join(root, 'tasks') },
      // One local user analyses only their own code: the server's worker pool (a guard
      // against other users stalling the event loop) buys nothing here, and a worker script
      // inside app.asar is one more thing a packaged build would have to unpack.
      analysis: { workers: 0 },
    },
  });
  const service = await createService({ config });
  await service.start({ consume: true });
  for (const [channel, handler] of Object.entries(createIpcHandlers(service)))
    ipcMain.handle(channel, fromAppFrame(handler));
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    closed = true;
    event.preventDefault();
    void service.close().finally(() => app.quit());
  });

  confine();
  serveUi(join(root, 'dist', 'ui'));
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 1024,
    webPreferences: {
      // A single bundled file that needs only `electron` (sandboxed preloads cannot import).
      preload: join(root, 'dist', 'electron', 'preload.cjs'),
      // The renderer gets only window.hackbridge: no Node, isolated world, OS sandbox.
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A packaged app has no DevTools: a console there would run as the local organiser.
      devTools: !app.isPackaged,
    },
  });
  await window.loadURL(`${APP_ORIGIN}/index.html`);
}

registerAppScheme();
app.on('window-all-closed', () => app.quit());
app
  .whenReady()
  .then(start)
  .catch((error: unknown) => {
    console.error('hackbridge desktop failed to start', error);
    app.exit(1);
  });
