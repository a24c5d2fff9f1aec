/**
 * The Electron main process from its TypeScript source, against a fake `electron` (no binary
 * can be installed here) and the real service; and the bundle `npm run build:electron` makes
 * imports only packages, node: builtins and the compiled service in dist/.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { buildElectron } from '../../electron/build.js';
import { mainProcessSuite } from './main-suite.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electron);

mainProcessSuite(
  'electron main from source (fake electron, real service)',
  () => import('../../electron/main.js'),
);

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
