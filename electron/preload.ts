/**
 * Electron preload: exposes exactly the contract's methods as `window.hackbridge`, each one an
 * `ipcRenderer.invoke` on its channel. It imports only the dependency-free renderer half of
 * the bridge; test/bridge/preload.test.ts checks what it exposes.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createRendererApi } from '../src/bridge/ipc-renderer.js';
import { RENDERER_GLOBAL } from '../src/bridge/methods.js';

contextBridge.exposeInMainWorld(
  RENDERER_GLOBAL,
  createRendererApi((channel, ...args) => ipcRenderer.invoke(channel, ...args)),
);
