import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

const codeInSource = /['"`](HB_[A-Z0-9_]+)['"`]/g;

describe('error catalogue', () => {
  const documented = new Set(
    [...readFileSync('docs/errors.md', 'utf8').matchAll(/^\| `(HB_[A-Z0-9_]+)`/gm)].map((m) => m[1]),
  );
  const used = new Set(
    sourceFiles('src').flatMap((f) => [...readFileSync(f, 'utf8').matchAll(codeInSource)].map((m) => m[1])),
  );

  it('documents every code the source uses', () => {
    const missing = [...used].filter((c) => !documented.has(c));
    expect(missing).toEqual([]);
  });

  it('lists no code the source no longer uses', () => {
    const stale = [...documented].filter((c) => !used.has(c));
    expect(stale).toEqual([]);
  });
});
