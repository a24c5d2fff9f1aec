/**
 * What authenticating a request costs, to size `server.authCacheMs`: one token lookup through
 * the Store (SQLite file in WAL mode; PostgreSQL over loopback), a cache hit of the service's
 * authenticator, and a whole small request (`GET /api/tasks` via Fastify's inject, no socket)
 * with the cache on (1 s) and off. Sequential calls; prints µs wall (p50, p99, mean) and µs of
 * this process's CPU per call. Fails nothing.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildHttpApp } from '../src/bridge/index.js';
import { loadConfig } from '../src/config/index.js';
import { createEngine } from '../src/engine/index.js';
import { createAuthenticator, createService, hashToken, issueToken } from '../src/service/index.js';
import { createStore } from '../src/store/index.js';
import { createTelemetry } from '../src/telemetry/index.js';

const N = 3000;
const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

interface Figures {
  p50Us: number;
  p99Us: number;
  meanUs: number;
  cpuUs: number;
}

async function measure(fn: (i: number) => Promise<unknown>): Promise<Figures> {
  for (let i = 0; i < 300; i++) await fn(i);
  const times: number[] = [];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const a = performance.now();
    await fn(i);
    times.push(performance.now() - a);
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  times.sort((a, b) => a - b);
  const at = (q: number): number => Math.round((times[Math.floor(q * (N - 1))] ?? 0) * 1000);
  return {
    p50Us: at(0.5),
    p99Us: at(0.99),
    meanUs: Math.round((wallMs / N) * 1000),
    cpuUs: Math.round((cpu.user + cpu.system) / N),
  };
}

const row = (name: string, f: Figures): string =>
  `${name.padEnd(44)} p50 ${String(f.p50Us).padStart(5)} µs  p99 ${String(f.p99Us).padStart(6)} µs  mean ${String(f.meanUs).padStart(5)} µs  cpu ${String(f.cpuUs).padStart(5)} µs`;

async function backend(kind: 'sqlite' | 'postgres', url: string): Promise<void> {
  const store = await createStore(url);
  try {
    const user = await store.createUser({ name: 'bench', role: 'participant' });
    // 200 tokens, used round robin: lookups do not all hit one hot row.
    const tokens: string[] = [];
    for (let i = 0; i < 200; i++) tokens.push(await issueToken(store, user.id));
    const hashes = tokens.map(hashToken);
    console.log(
      row(`${kind}: store.findToken`, await measure((i) => store.findToken(hashes[i % 200] ?? ''))),
    );
    const cached = createAuthenticator(store, { cacheMs: 60_000 });
    console.log(
      row(`${kind}: authenticate, cache hit`, await measure((i) => cached.authenticate(tokens[i % 200]))),
    );
    const uncached = createAuthenticator(store, { cacheMs: 0 });
    console.log(
      row(`${kind}: authenticate, no cache`, await measure((i) => uncached.authenticate(tokens[i % 200]))),
    );
  } finally {
    await store.close();
  }
}

async function request(kind: 'sqlite' | 'postgres', url: string): Promise<void> {
  for (const authCacheMs of [1_000, 0]) {
    const config = loadConfig({
      env: {},
      overrides: {
        store: { url },
        engine: { workers: 1 },
        server: { authCacheMs, runsPerMinute: 0, bootstrapOrganiser: false },
      },
    });
    const telemetry = createTelemetry({ level: 'silent', processMetrics: false });
    const engine = createEngine(config.engine);
    const service = await createService({ config, engine, telemetry });
    const app = await buildHttpApp({ service });
    try {
      // The pool's zygotes start in the background: let them finish before measuring.
      await engine.run('print(1)');
      const { token } = await service.createUser(`bench-${authCacheMs}`, 'participant');
      const headers = { authorization: `Bearer ${token}` };
      const f = await measure(() => app.inject({ method: 'GET', url: '/api/tasks', headers }));
      console.log(row(`${kind}: GET /api/tasks, authCacheMs ${authCacheMs}`, f));
    } finally {
      await app.close();
      await service.close();
      await engine.close();
      await telemetry.close();
    }
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hb-bench-auth-'));
  const schema = `hb_bench_auth_${randomBytes(4).toString('hex')}`;
  try {
    console.log(`${N} sequential calls each`);
    await backend('sqlite', `sqlite:${join(dir, 'a.db')}`);
    await backend('postgres', `${PG_URL}?schema=${schema}`);
    await request('sqlite', `sqlite:${join(dir, 'b.db')}`);
    await request('postgres', `${PG_URL}?schema=${schema}_req`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.query(`drop schema if exists ${schema}_req cascade`);
    } finally {
      await client.end();
    }
  }
}
