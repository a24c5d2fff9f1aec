/**
 * Builds the React UI into dist/ui with relative asset paths, so the same files work served
 * by `hackbridge serve` at `/` and loaded by Electron from `file://`. In development
 * (`npx vite --config ui/vite.config.ts`) /api and the progress WebSocket are proxied to a
 * running `hackbridge serve` (port from VITE_API, default 8080).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const apiPort = process.env['VITE_API'] ?? '8080';

export const config = defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/ui', import.meta.url)),
    emptyOutDir: true,
    // The grammar's .wasm stays a separate, lazily fetched file.
    assetsInlineLimit: 0,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api/ws': { target: `ws://127.0.0.1:${apiPort}`, ws: true },
      '/api': { target: `http://127.0.0.1:${apiPort}` },
    },
  },
});
// eslint-disable-next-line no-restricted-syntax -- Vite reads the default export
export default config;
