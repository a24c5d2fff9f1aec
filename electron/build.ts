/**
 * `npm run build:electron`: bundles the Electron shell into dist/electron/ after `npm run build`
 * has compiled the service into dist/.
 * - main.js (ESM): electron/*.ts bundled; its `../src/<module>` imports point at the compiled
 *   `../<module>` in dist/ instead of being inlined, so the engine still finds its Python
 *   harness and the analyser its .wasm next to their own files. Packages stay external.
 * - preload.cjs (CommonJS, one file): a sandboxed preload cannot load modules, so the
 *   dependency-free renderer half of the bridge is inlined and only `electron` is required.
 * esbuild comes with tsx and Vite's toolchain; no extra dependency.
 */
import { build } from 'esbuild';
import type { BuildOptions, OutputFile, Plugin } from 'esbuild';

const OUT = 'dist/electron';

/** `../src/x/index.js` from electron/ → `../x/index.js` from dist/electron/, left external. */
const compiledService: Plugin = {
  name: 'compiled-service',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/src\// }, (args) => ({
      path: args.path.replace(/^\.\.\/src\//, '../'),
      external: true,
    }));
  },
};

export const mainBuild: BuildOptions = {
  entryPoints: ['electron/main.ts'],
  outfile: `${OUT}/main.js`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  external: ['electron'],
  plugins: [compiledService],
  logLevel: 'warning',
};

export const preloadBuild: BuildOptions = {
  entryPoints: ['electron/preload.ts'],
  outfile: `${OUT}/preload.cjs`,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'chrome120',
  external: ['electron'],
  logLevel: 'warning',
};

/** Builds both bundles; with `write: false` returns them instead (the tests read them). */
export async function buildElectron(write = true): Promise<{ main: string; preload: string }> {
  const text = (files: OutputFile[] | undefined): string => files?.[0]?.text ?? '';
  const [main, preload] = await Promise.all([
    build({ ...mainBuild, write }),
    build({ ...preloadBuild, write }),
  ]);
  return { main: text(main.outputFiles), preload: text(preload.outputFiles) };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  await buildElectron();
  console.log(`electron: wrote ${OUT}/main.js and ${OUT}/preload.cjs`);
}
