/**
 * Exactly-once final state across processes: worker processes, each with its own
 * connection, race to finish the same submissions in one database (SQLite file, PostgreSQL).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { postgresTestDatabase, sqliteTestDatabase } from './backends.js';
import type { TestDatabase } from './backends.js';

const fixture = fileURLToPath(new URL('./fixtures/finisher.ts', import.meta.url));
const RACERS = 2;
const SUBMISSIONS = 25;

type Wins = Record<string, string[]>;

function racer(
  label: string,
  targets: string[],
): { ready: Promise<void>; go(): void; result: Promise<Wins> } {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, label, ...targets], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (onReady = r));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('ready\n')) onReady();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const result = new Promise<Wins>((resolve, reject) => {
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`racer ${label} exited ${code}: ${err}`));
      resolve(JSON.parse(out.split('\n').filter(Boolean).at(-1) ?? '{}') as Wins);
    });
  });
  return { ready, go: () => child.stdin.end('go\n'), result };
}

describe('store', () => {
  describe('when worker processes race to finish the same submissions', () => {
    const backends: Array<{ name: string; db: TestDatabase; store?: Store; ids: string[] }> = [
      { name: 'sqlite', db: sqliteTestDatabase(), ids: [] },
      { name: 'postgres', db: postgresTestDatabase(), ids: [] },
    ];
    let wins: Wins[] = [];

    beforeAll(async () => {
      for (const b of backends) {
        b.store = await createStore(b.db.url);
        const user = await b.store.createUser({ name: 'racer', role: 'participant' });
        for (let i = 0; i < SUBMISSIONS; i++) {
          b.ids.push((await b.store.createSubmission({ userId: user.id, taskId: 'race', code: '' })).id);
        }
      }
      const targets = backends.map((b) => `${b.db.url}=${b.ids.join(',')}`);
      const racers = Array.from({ length: RACERS }, (_, i) => racer(`p${i}`, targets));
      await Promise.all(racers.map((r) => r.ready));
      for (const r of racers) r.go();
      wins = await Promise.all(racers.map((r) => r.result));
      // Generous: cold `node --import tsx` starts take seconds on a loaded 2-core machine.
    }, 120_000);
    afterAll(async () => {
      for (const b of backends) {
        await b.store?.close();
        await b.db.cleanup();
      }
    });

    it.each(backends.map((b) => [b.name, b] as const))(
      'records each final state exactly once, with only the winner’s tests (%s)',
      async (_name, b) => {
        const store = b.store as Store;
        const perRacer = wins.map((w) => w[b.db.url] ?? []);
        expect(perRacer.flat().sort()).toEqual([...b.ids].sort());
        for (const [i, won] of perRacer.entries()) {
          for (const id of won) {
            expect(await store.getSubmission(id)).toMatchObject({ state: 'done', status: `p${i}` });
            expect((await store.listTestResults(id)).map((t) => t.name)).toEqual([`by-p${i}`]);
          }
        }
      },
    );
  });
});
