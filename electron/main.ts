/**
 * Electron main process: a thin shell. It builds the same service `hackbridge serve` uses
 * (desktop mode: SQLite in the user-data folder, one local user, embedded grader), registers
 * the bridge's IPC handler table — the very functions the contract tests drive — and opens
 * the UI. Nothing here knows a use case; errors travel as the contract's `{ error }` envelope.
 *
 * Not part of `npm run build` (the electron package is installed for its types only); run it
 * with an Electron binary after compiling, e.g. `tsc -p tsconfig.json` → `electron dist/electron/main.js`.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain } from 'electron';
import { createIpcHandlers } from '../src/bridge/index.js';
import { loadConfig } from '../src/config/index.js';
import { createService } from '../src/service/index.js';

async function start(): Promise<void> {
  const config = loadConfig({
    overrides: { store: { url: `sqlite:${join(app.getPath('userData'), 'hackbridge.db')}` } },
  });
  const service = await createService({ config });
  await service.start({ consume: true });
  for (const [channel, handler] of Object.entries(createIpcHandlers(service)))
    ipcMain.handle(channel, handler);
  app.on('will-quit', () => void service.close());

  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    webPreferences: {
      preload: fileURLToPath(new URL('./preload.js', import.meta.url)),
      // The renderer gets only window.hackbridge: no Node, isolated world.
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: false,
    },
  });
  await window.loadFile(fileURLToPath(new URL('../ui/dist/index.html', import.meta.url)));
}

app.on('window-all-closed', () => app.quit());
app
  .whenReady()
  .then(start)
  .catch((error: unknown) => {
    console.error('hackbridge desktop failed to start', error);
    app.exit(1);
  });
