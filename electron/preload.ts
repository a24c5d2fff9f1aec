/**
 * Electron preload: exposes exactly the contract's methods as `window.hackbridge`, each one an
 * `ipcRenderer.invoke` on its channel. The renderer is sandboxed, so this runs as one script
 * that may only `require('electron')`: `npm run build:electron` bundles it with the
 * dependency-free renderer half of the bridge into dist/electron/preload.cjs, and
 * test/bridge/preload.test.ts runs that bundle to check what it exposes.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createRendererApi } from '../src/bridge/ipc-renderer.js';
import { RENDERER_GLOBAL } from '../src/bridge/methods.js';

contextBridge.exposeInMainWorld(
  RENDERER_GLOBAL,
  createRendererApi((channel, ...args) => ipcRenderer.invoke(channel, ...args)),
);
