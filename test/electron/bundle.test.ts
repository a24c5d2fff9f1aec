/**
 * The Electron main process as shipped: the bundle `npm run build:electron` writes to
 * dist/electron/main.js, loaded with the fake `electron` against the compiled service in dist/
 * (so its rewritten `../<module>/index.js` imports must resolve there). Needs `npm run build`;
 * skipped with a message otherwise.
 */
import { existsSync } from 'node:fs';
import { describe, it, vi } from 'vitest';
import { buildElectron } from '../../electron/build.js';
import { mainProcessSuite } from './main-suite.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electron);

const built = existsSync('dist/bridge/index.js') && existsSync('dist/service/index.js');
if (built) {
  mainProcessSuite(
    'electron main from the build:electron bundle (fake electron, compiled service)',
    async () => {
      await buildElectron();
      // A path computed at run time, so the bundler of the tests leaves it alone.
      const bundle = ['..', '..', 'dist', 'electron', 'main.js'].join('/');
      return import(/* @vite-ignore */ bundle);
    },
  );
} else {
  describe('electron main from the build:electron bundle', () => {
    it.skip('needs `npm run build` (dist/) first', () => undefined);
  });
}
