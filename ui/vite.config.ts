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
    // The task page chunk (CodeMirror, Markdown) is ~180 KB gzipped and loads on demand.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      onwarn(warning, warn) {
        // web-tree-sitter's loader evals EM_ASM/EM_JS bodies of side modules; the Python
        // grammar has none, so the CSP (no 'unsafe-eval') never meets it.
        if (warning.code === 'EVAL' && String(warning.id ?? '').includes('web-tree-sitter')) return;
        warn(warning);
      },
    },
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
