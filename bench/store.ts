/**
 * Store cost per submission lifecycle (create → claim → finish with 10 per-test rows), through
 * the Store on SQLite (file, WAL) and PostgreSQL, against a baseline of the same statements
 * written by hand on the raw driver (better-sqlite3 prepared statements; pg with a single
 * client) in the same run. Prints lifecycles/s and the Store's overhead ratio. Fails nothing.
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

async function throughStore(store: Store): Promise<number> {
  const user = await store.createUser({
    name: `bench-${randomBytes(4).toString('hex')}`,
    role: 'participant',
  });
  const t0 = performance.now();
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
  return N / ((performance.now() - t0) / 1000);
}

const DDL = [
  'create table s (id text primary key, user_id text, task_id text, code text, state text, attempts integer, score double precision, status text, result text, created_at text, started_at text, finished_at text)',
  'create table r (submission_id text, idx integer, name text, passed integer, status text, weight double precision, hidden integer, t double precision, m double precision, primary key (submission_id, idx))',
];

function rawSqlite(file: string): number {
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
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const id = `sub_${i}`;
    ins.run(id, new Date().toISOString());
    claim.run(new Date().toISOString(), id);
    finish(id);
  }
  const rate = N / ((performance.now() - t0) / 1000);
  db.close();
  return rate;
}

async function rawPostgres(schema: string): Promise<number> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`create schema ${schema}`);
  await c.query(`set search_path = ${schema}`);
  for (const d of DDL) await c.query(d);
  const t0 = performance.now();
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
  const rate = N / ((performance.now() - t0) / 1000);
  await c.query(`drop schema ${schema} cascade`);
  await c.end();
  return rate;
}

const line = (name: string, store: number, raw: number): void =>
  console.log(
    `${name.padEnd(10)} store ${store.toFixed(0).padStart(6)} lifecycles/s   raw driver ${raw.toFixed(0).padStart(6)} /s   store costs ×${(raw / store).toFixed(2)}`,
  );

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hb-bench-store-'));
  const schema = `hb_bench_${randomBytes(4).toString('hex')}`;
  try {
    const sqlite = await createStore(`sqlite:${join(dir, 'store.db')}`);
    const sqliteRate = await throughStore(sqlite);
    await sqlite.close();
    line('sqlite', sqliteRate, rawSqlite(join(dir, 'raw.db')));

    const postgres = await createStore(`${PG_URL}?schema=${schema}`);
    const pgRate = await throughStore(postgres);
    await postgres.close();
    line('postgres', pgRate, await rawPostgres(`${schema}_raw`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  }
}
