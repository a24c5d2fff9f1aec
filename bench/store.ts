/**
 * Store cost per submission lifecycle (create → claim → finish with 10 per-test rows), through
 * the Store on SQLite (file, WAL) and PostgreSQL, against a baseline of the same statements
 * written by hand on the raw driver (better-sqlite3 prepared statements; pg with a single
 * client) in the same run. Prints lifecycles/s, CPU µs per lifecycle, and the Store's
 * overhead ratios. Fails nothing.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { createStore } from '../src/store/index.js';
import type { Store } from '../src/store/index.js';

const N = 300;
const ROUNDS = 2;
const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const tests = Array.from({ length: 10 }, (_, i) => ({
  name: `t${i}`,
  passed: i % 3 !== 0,
  status: 'success',
  weight: 1,
  hidden: i > 6,
  executionTimeS: 0.01,
  memoryKiB: 9000,
}));

interface Figures {
  /** Lifecycles per second of wall time. */
  perS: number;
  /** CPU time of this process per lifecycle: steadier than wall time on a shared machine. */
  cpuUs: number;
}

function meter(): { done: () => Figures } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  return {
    done: () => {
      const cpu = process.cpuUsage(c0);
      return { perS: N / ((performance.now() - t0) / 1000), cpuUs: (cpu.user + cpu.system) / N };
    },
  };
}

async function throughStore(store: Store): Promise<Figures> {
  const user = await store.createUser({
    name: `bench-${randomBytes(4).toString('hex')}`,
    role: 'participant',
  });
  const m = meter();
  for (let i = 0; i < N; i++) {
    const s = await store.createSubmission({ userId: user.id, taskId: 'sum', code: 'print(1)' });
    await store.claimSubmission(s.id);
    await store.finishSubmission(s.id, {
      state: 'done',
      score: 70,
      status: 'partial',
      result: { tests },
      tests,
    });
  }
  return m.done();
}

const DDL = [
  'create table s (id text primary key, user_id text, task_id text, code text, state text, attempts integer, score double precision, status text, result text, created_at text, started_at text, finished_at text)',
  'create table r (submission_id text, idx integer, name text, passed integer, status text, weight double precision, hidden integer, t double precision, m double precision, primary key (submission_id, idx))',
];

function rawSqlite(file: string): Figures {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  for (const d of DDL) db.exec(d);
  const ins = db.prepare(
    "insert into s (id, user_id, task_id, code, state, attempts, created_at) values (?, 'u', 'sum', 'print(1)', 'queued', 0, ?)",
  );
  const claim = db.prepare(
    "update s set state = 'running', attempts = attempts + 1, started_at = ? where id = ? and state in ('queued', 'running')",
  );
  const fin = db.prepare(
    "update s set state = 'done', score = 70, status = 'partial', result = ?, finished_at = ? where id = ? and state in ('queued', 'running')",
  );
  const row = db.prepare('insert into r values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const finish = db.transaction((id: string) => {
    fin.run(JSON.stringify({ tests }), new Date().toISOString(), id);
    tests.forEach((t, i) =>
      row.run(
        id,
        i,
        t.name,
        t.passed ? 1 : 0,
        t.status,
        t.weight,
        t.hidden ? 1 : 0,
        t.executionTimeS,
        t.memoryKiB,
      ),
    );
  });
  const m = meter();
  for (let i = 0; i < N; i++) {
    const id = `sub_${i}`;
    ins.run(id, new Date().toISOString());
    claim.run(new Date().toISOString(), id);
    finish(id);
  }
  const rate = m.done();
  db.close();
  return rate;
}

async function rawPostgres(schema: string): Promise<Figures> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`create schema ${schema}`);
  await c.query(`set search_path = ${schema}`);
  for (const d of DDL) await c.query(d);
  const m = meter();
  for (let i = 0; i < N; i++) {
    const id = `sub_${i}`;
    await c.query(
      "insert into s (id, user_id, task_id, code, state, attempts, created_at) values ($1, 'u', 'sum', 'print(1)', 'queued', 0, $2)",
      [id, new Date().toISOString()],
    );
    await c.query(
      "update s set state = 'running', attempts = attempts + 1, started_at = $1 where id = $2 and state in ('queued', 'running')",
      [new Date().toISOString(), id],
    );
    await c.query('begin');
    await c.query(
      "update s set state = 'done', score = 70, status = 'partial', result = $1, finished_at = $2 where id = $3 and state in ('queued', 'running')",
      [JSON.stringify({ tests }), new Date().toISOString(), id],
    );
    const values = tests.map(
      (_, j) =>
        `($1, ${j}, $${2 + j * 7}, $${3 + j * 7}, $${4 + j * 7}, $${5 + j * 7}, $${6 + j * 7}, $${7 + j * 7}, $${8 + j * 7})`,
    );
    const params = tests.flatMap((t) => [
      t.name,
      t.passed ? 1 : 0,
      t.status,
      t.weight,
      t.hidden ? 1 : 0,
      t.executionTimeS,
      t.memoryKiB,
    ]);
    await c.query(`insert into r values ${values.join(', ')}`, [id, ...params]);
    await c.query('commit');
  }
  const rate = m.done();
  await c.query(`drop schema ${schema} cascade`);
  await c.end();
  return rate;
}

const line = (name: string, store: Figures, raw: Figures): void =>
  console.log(
    `${name.padEnd(10)} store ${store.perS.toFixed(0).padStart(5)}/s ${store.cpuUs.toFixed(0).padStart(5)} µs CPU   ` +
      `raw driver ${raw.perS.toFixed(0).padStart(5)}/s ${raw.cpuUs.toFixed(0).padStart(5)} µs CPU   ` +
      `store costs ×${(raw.perS / store.perS).toFixed(2)} wall, ×${(store.cpuUs / raw.cpuUs).toFixed(2)} CPU`,
  );

const better = (a: Figures | undefined, b: Figures): Figures =>
  a === undefined ? b : { perS: Math.max(a.perS, b.perS), cpuUs: Math.min(a.cpuUs, b.cpuUs) };

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hb-bench-store-'));
  const schema = `hb_bench_${randomBytes(4).toString('hex')}`;
  // Interleaved rounds, best of each: the machine is shared and noisy.
  const best: Partial<Record<'sqlite' | 'sqliteRaw' | 'postgres' | 'postgresRaw', Figures>> = {};
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const sqlite = await createStore(`sqlite:${join(dir, `store-${round}.db`)}`);
      best.sqlite = better(best.sqlite, await throughStore(sqlite));
      await sqlite.close();
      best.sqliteRaw = better(best.sqliteRaw, rawSqlite(join(dir, `raw-${round}.db`)));

      const postgres = await createStore(`${PG_URL}?schema=${schema}`);
      best.postgres = better(best.postgres, await throughStore(postgres));
      await postgres.close();
      best.postgresRaw = better(best.postgresRaw, await rawPostgres(`${schema}_raw${round}`));
    }
    if (best.sqlite && best.sqliteRaw) line('sqlite', best.sqlite, best.sqliteRaw);
    if (best.postgres && best.postgresRaw) line('postgres', best.postgres, best.postgresRaw);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  }
}
