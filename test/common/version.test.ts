import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { version } from '../../src/common/index.js';

describe('version', () => {
  it('matches package.json', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(version).toBe(pkg.version);
  });

  it('keeps common/ free of node: imports (the analyser runs in browsers too)', () => {
    for (const file of ['errors.ts', 'units.ts', 'version.ts', 'index.ts']) {
      expect(readFileSync(`src/common/${file}`, 'utf8')).not.toMatch(/from 'node:/);
    }
  });
});
