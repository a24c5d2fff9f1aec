/**
 * A real service for bridge tests: real engine (small pool), real store (a temp SQLite file or
 * a fresh PostgreSQL schema), in-process queue, telemetry into a sink. One per test file.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/index.js';
import type { Config, DeepPartial } from '../../src/config/index.js';
import { createEngine } from '../../src/engine/index.js';
import type { Engine } from '../../src/engine/index.js';
import { createService } from '../../src/service/index.js';
import type { Actor, Service } from '../../src/service/index.js';
import { createTelemetry } from '../../src/telemetry/index.js';
import { PG_URL, postgresTestDatabase, sqliteTestDatabase } from '../store/backends.js';
import type { TestDatabase } from '../store/backends.js';

export { PG_URL };
export const FIXTURE_TASKS = 'test/bridge/fixtures/tasks';
export type Backend = 'sqlite' | 'postgres';

/** A fresh database URL and its cleanup: the store tests' own helpers, one per backend. */
export function testDatabase(backend: Backend): TestDatabase {
  return backend === 'sqlite' ? sqliteTestDatabase() : postgresTestDatabase();
}

export interface TestUser {
  readonly actor: Actor;
  readonly token: string;
}

export interface Harness {
  readonly service: Service;
  readonly config: Readonly<Config>;
  /** Log lines the telemetry wrote (JSON objects). */
  readonly logLines: Record<string, unknown>[];
  user(name: string, role?: Actor['role']): Promise<TestUser>;
  close(): Promise<void>;
}

let sharedEngine: Engine | undefined;
/** One small pool per test file, shared by its services (the engine is borrowed, not owned). */
export function testEngine(config: Readonly<Config>): Engine {
  sharedEngine ??= createEngine(config.engine);
  return sharedEngine;
}
export async function closeTestEngine(): Promise<void> {
  await sharedEngine?.close();
  sharedEngine = undefined;
}

export function testConfig(url: string, overrides: DeepPartial<Config> = {}): Readonly<Config> {
  return loadConfig({
    env: {},
    overrides: {
      ...overrides,
      engine: { workers: 2, ...overrides.engine },
      store: { url },
      grading: { tasksDir: FIXTURE_TASKS, ...overrides.grading },
      telemetry: { level: 'info', ...overrides.telemetry },
      server: { ...overrides.server },
    },
  });
}

export async function startHarness(backend: Backend, overrides: DeepPartial<Config> = {}): Promise<Harness> {
  const db = testDatabase(backend);
  const config = testConfig(db.url, overrides);
  const logLines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim() !== '') logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const telemetry = createTelemetry({
    level: 'info',
    production: true,
    destination: sink,
    processMetrics: false,
  });
  const service = await createService({ config, engine: testEngine(config), telemetry });
  await service.start({ consume: true, concurrency: 4 });
  let n = 0;
  return {
    service,
    config,
    logLines,
    async user(name, role = 'participant') {
      const { user, token } = await service.createUser(
        `${name}-${n++}-${randomBytes(3).toString('hex')}`,
        role,
      );
      return { actor: user, token };
    },
    async close() {
      await service.close();
      await telemetry.close();
      await db.cleanup();
    },
  };
}

/** Polls until `check` returns a value (submissions finish asynchronously). */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  attempts = 400,
): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
