import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unpackedPath } from '../../src/engine/harness.js';

describe('harness location', () => {
  describe('inside a packaged Electron app', () => {
    it('uses the unpacked copy next to app.asar when it exists', () => {
      const root = mkdtempSync(join(tmpdir(), 'hb-asar-'));
      mkdirSync(join(root, 'app.asar.unpacked', 'dist', 'engine', 'python'), { recursive: true });
      const inside = join(root, 'app.asar', 'dist', 'engine', 'python');
      expect(unpackedPath(inside)).toBe(join(root, 'app.asar.unpacked', 'dist', 'engine', 'python'));
    });

    it('keeps the archive path when nothing was unpacked', () => {
      const inside = join(tmpdir(), 'no-such-app', 'app.asar', 'dist', 'engine', 'python');
      expect(unpackedPath(inside)).toBe(inside);
    });
  });

  it('leaves ordinary paths alone, including names that merely contain app.asar', () => {
    expect(unpackedPath('/opt/hb/dist/engine/python/')).toBe('/opt/hb/dist/engine/python/');
    expect(unpackedPath('/opt/my-app.asar.d/python/')).toBe('/opt/my-app.asar.d/python/');
  });
});
