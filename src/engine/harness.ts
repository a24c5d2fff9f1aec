/**
 * The in-jail harness (python/): located next to this file in src/ and in dist/ (copied by
 * scripts/copy-assets.mjs). Each engine copies it into a private, world-readable temporary
 * directory, because the jail's uid (65534 when HackBridge runs as root) must be able to read
 * it wherever HackBridge itself is installed (a 0700 home directory, say).
 */
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HackBridgeError } from '../common/index.js';

export const harnessSourceDir = (): string =>
  unpackedPath(fileURLToPath(new URL('./python/', import.meta.url)));

/**
 * Inside a packaged Electron app this file lives in `resources/app.asar`, an archive only
 * Electron's patched `fs` can read; electron-builder.yml unpacks the harness next to it
 * (`app.asar.unpacked`), where plain file operations (cpSync here) work. Elsewhere: as is.
 */
export function unpackedPath(path: string): string {
  const unpacked = path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  return unpacked !== path && existsSync(unpacked) ? unpacked : path;
}

function makeReadable(path: string): void {
  if (statSync(path).isDirectory()) {
    chmodSync(path, 0o755);
    for (const name of readdirSync(path)) makeReadable(join(path, name));
  } else {
    chmodSync(path, 0o644);
  }
}

/** Copies the harness; returns its directory (remove it with `removeHarness`). */
export function installHarness(): string {
  const source = harnessSourceDir();
  try {
    statSync(join(source, 'zygote.py'));
  } catch (cause) {
    throw new HackBridgeError('HB_ENGINE_HARNESS_MISSING', `The sandbox harness is missing at ${source}`, {
      statusCode: 500,
      details: { path: source },
      cause,
    });
  }
  const dir = mkdtempSync(join(tmpdir(), 'hackbridge-harness-'));
  cpSync(source, dir, { recursive: true, filter: (p) => !p.includes('__pycache__') });
  makeReadable(dir);
  return dir;
}

export function removeHarness(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
