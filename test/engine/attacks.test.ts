/**
 * The attack corpus: every file in test/fixtures/attacks is a program with headers
 *   # attack: what it tries          # expect: <status>
 *   # stdout-has: / # stdout-lacks:  # evidence: canary | listener | zygotes | survivors
 *   # sandbox: <mode> (default strict)
 * run through a real engine; the host-side evidence is checked after each run.
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine/index.js';
import { pythonDescendants, settle } from './helpers.js';

const DIR = 'test/fixtures/attacks';

interface Attack {
  readonly file: string;
  readonly title: string;
  readonly expect: string;
  readonly sandbox: 'strict' | 'no-seccomp';
  readonly has: string[];
  readonly lacks: string[];
  readonly evidence: string[];
  readonly source: string;
}

function parse(file: string): Attack {
  const source = readFileSync(join(DIR, file), 'utf8');
  const headers = new Map<string, string[]>();
  for (const m of source.matchAll(/^# ([a-z-]+): (.*)$/gm)) {
    const [, key = '', value = ''] = m;
    headers.set(key, [...(headers.get(key) ?? []), value.trim()]);
  }
  const one = (k: string): string | undefined => headers.get(k)?.[0];
  const expected = one('expect');
  if (expected === undefined || one('attack') === undefined)
    throw new Error(`${file}: missing # attack / # expect`);
  return {
    file,
    title: one('attack') ?? '',
    expect: expected,
    sandbox: one('sandbox') === 'no-seccomp' ? 'no-seccomp' : 'strict',
    has: headers.get('stdout-has') ?? [],
    lacks: headers.get('stdout-lacks') ?? [],
    evidence: (headers.get('evidence') ?? []).flatMap((e) => e.split(/[ ,]+/)),
    source,
  };
}

const attacks = readdirSync(DIR)
  .filter((f) => f.endsWith('.py'))
  .sort()
  .map(parse);

describe('attack corpus', () => {
  const secret = `hb-secret-${randomBytes(8).toString('hex')}`;
  const canaryDir = mkdtempSync(join(tmpdir(), 'hb-canary-'));
  const canary = join(canaryDir, 'canary.txt');
  const canaryText = `canary ${secret}\n`;
  let listener: Server;
  let port = 0;
  let connections = 0;
  const engines = new Map<string, Engine>();
  const engineFor = (mode: 'strict' | 'no-seccomp'): Engine => {
    let engine = engines.get(mode);
    if (engine === undefined) {
      engine = createEngine({
        workers: mode === 'strict' ? 2 : 1,
        sandbox: mode,
        onWarning: () => undefined,
      });
      engines.set(mode, engine);
    }
    return engine;
  };
  /** What a jail holds at rest: zygote, template and the next job's child. */
  const idleProcesses = (): number => [...engines.values()].reduce((n, e) => n + e.stats().size * 3, 0);

  beforeAll(async () => {
    // World-readable on purpose: only the jail's mounts may keep it away.
    chmodSync(canaryDir, 0o755);
    writeFileSync(canary, canaryText, { mode: 0o644 });
    process.env['HB_ATTACK_SECRET'] = secret;
    listener = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const address = listener.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
    engineFor('strict');
  });

  afterAll(async () => {
    delete process.env['HB_ATTACK_SECRET'];
    await Promise.all([...engines.values()].map((e) => e.close()));
    await new Promise<void>((resolve) => listener.close(() => resolve()));
    rmSync(canaryDir, { recursive: true, force: true });
  });

  it('has a corpus to run', () => {
    expect(attacks.length).toBeGreaterThan(20);
  });

  for (const attack of attacks) {
    it(`${attack.file}: ${attack.title} -> ${attack.expect}`, async () => {
      const engine = engineFor(attack.sandbox);
      const code = attack.source
        .replaceAll('{{CANARY}}', canary)
        .replaceAll('{{CANARY_DIR}}', canaryDir)
        .replaceAll('{{PORT}}', String(port))
        .replaceAll('{{SECRET}}', secret);
      const restartsBefore = engine.stats().restarts;
      const result = await engine.run(code, {
        timeLimit: 1,
        wallTimeLimit: 2,
        outputLimit: 16,
        filename: attack.file,
      });

      expect(
        result.status,
        `${attack.file}\nstdout: ${result.stdout.slice(0, 500)}\nstderr: ${result.stderr.slice(-800)}`,
      ).toBe(attack.expect);
      for (const s of attack.has) expect(result.stdout).toContain(s.replaceAll('{{SECRET}}', secret));
      for (const s of attack.lacks) expect(result.stdout).not.toContain(s.replaceAll('{{SECRET}}', secret));
      expect(result.stdout + result.stderr).not.toContain(secret);
      if (attack.expect === 'output_limit') {
        expect(result.truncated).toBe(true);
        expect(result.stdout.length + result.stderr.length).toBeLessThanOrEqual(2 * 16 * 1024);
      }
      if (attack.expect === 'security_violation') expect(result.termination.reason).toBe('blocked_syscall');

      for (const evidence of attack.evidence) {
        if (evidence === 'canary') {
          expect(readFileSync(canary, 'utf8')).toBe(canaryText);
          expect(existsSync(join(canaryDir, 'pwned'))).toBe(false);
        } else if (evidence === 'listener') {
          await new Promise((r) => setTimeout(r, 100));
          expect(connections).toBe(0);
        } else if (evidence === 'zygotes') {
          expect(engine.stats().restarts).toBe(restartsBefore);
        } else if (evidence === 'survivors') {
          // Each zygote and the child it forks ahead of the next job; nothing else.
          const left = await settle(pythonDescendants, (p) => p.length === idleProcesses());
          expect(left.length).toBe(idleProcesses());
        } else {
          throw new Error(`${attack.file}: unknown evidence '${evidence}'`);
        }
      }
      // Whatever the attack did, the engine still serves the next job.
      const next = await engine.run('print("next")');
      expect(next.status).toBe('success');
      expect(next.stdout).toBe('next\n');
    });
  }
});
