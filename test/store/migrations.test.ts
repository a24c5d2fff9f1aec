/**
 * Upgrading a database made before token revocation existed (only `0001_initial` applied, with
 * a user and a token in it): opening it runs `0002_token_lifecycle`, and the old token stays
 * active and can then be revoked — on SQLite and PostgreSQL.
 */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Migration } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/index.js';
import { migrationProvider } from '../../src/store/migrations.js';
import { postgresTestDatabase, sqliteTestDatabase } from './backends.js';
import type { TestDatabase } from './backends.js';

const HASH = 'f'.repeat(64);

/** Applies only the first migration and writes one user with one token, as a 0001 server did. */
async function seedAtFirstMigration(backend: 'sqlite' | 'postgres', url: string): Promise<void> {
  let db: Kysely<unknown>;
  let schema: string | undefined;
  if (backend === 'sqlite') {
    db = new Kysely({
      dialect: new SqliteDialect({ database: new BetterSqlite3(url.slice('sqlite:'.length)) }),
    });
  } else {
    const parsed = new URL(url);
    schema = parsed.searchParams.get('schema') ?? 'public';
    parsed.search = '';
    const pool = new pg.Pool({ connectionString: parsed.toString(), options: `-c search_path=${schema}` });
    db = new Kysely({ dialect: new PostgresDialect({ pool }) });
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  }
  try {
    const all = await migrationProvider.getMigrations();
    const first = all['0001_initial'] as Migration;
    const migrator = new Migrator({
      db,
      provider: { getMigrations: () => Promise.resolve({ '0001_initial': first }) },
      ...(schema === undefined ? {} : { migrationTableSchema: schema }),
    });
    const { error } = await migrator.migrateToLatest();
    expect(error).toBeUndefined();
    const now = new Date().toISOString();
    await sql`insert into users (id, name, role, created_at) values ('usr_old', 'old', 'participant', ${now})`.execute(
      db,
    );
    await sql`insert into api_tokens (id, user_id, token_hash, label, created_at)
      values ('tok_old', 'usr_old', ${HASH}, 'from 0001', ${now})`.execute(db);
  } finally {
    await db.destroy();
  }
}

describe.each([
  ['sqlite', sqliteTestDatabase],
  ['postgres', postgresTestDatabase],
] as const)('migration 0002_token_lifecycle on %s', (backend, database: () => TestDatabase) => {
  it('keeps tokens made before it active, and revocable', async () => {
    const db = database();
    try {
      await seedAtFirstMigration(backend, db.url);
      const store = await createStore(db.url);
      try {
        const user = await store.getUser('usr_old');
        expect(await store.findUserByTokenHash(HASH)).toEqual(user);
        expect(await store.listTokens('usr_old')).toEqual([
          expect.objectContaining({ id: 'tok_old', label: 'from 0001', lastUsedAt: null, revokedAt: null }),
        ]);
        expect(await store.revokeToken('tok_old')).toBe(true);
        expect(await store.findUserByTokenHash(HASH)).toBeUndefined();
      } finally {
        await store.close();
      }
    } finally {
      await db.cleanup();
    }
  });
});
