// Copies non-TypeScript assets that the compiled code loads at run time (the in-sandbox
// Python harness) next to the compiled JavaScript, so dist/ is self-contained.
import { cpSync, existsSync } from 'node:fs';

const assets = [['src/engine/python', 'dist/engine/python']];
for (const [from, to] of assets) {
  if (existsSync(from)) cpSync(from, to, { recursive: true, filter: (p) => !p.includes('__pycache__') });
}
