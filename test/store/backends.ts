/**
 * Test databases: a temp SQLite file, or a fresh PostgreSQL schema on the local server
 * (127.0.0.1:5432, trust auth). Each call gets its own, so test files run in parallel; the
 * cleanup removes it. A missing PostgreSQL server fails these tests — by design, never a skip.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  /** A store URL for createStore(). */
  readonly url: string;
  /** Removes the database (schema or file). */
  cleanup(): Promise<void>;
}

export function sqliteTestDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'hb-store-'));
  return {
    url: `sqlite:${join(dir, 'test.db')}`,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

/** A unique schema name; createStore creates it on open. */
export function postgresTestDatabase(): TestDatabase {
  const schema = `hb_test_${randomBytes(6).toString('hex')}`;
  return {
    url: `${PG_URL}?schema=${schema}`,
    async cleanup() {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
