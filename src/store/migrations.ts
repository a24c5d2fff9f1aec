/**
 * Migrations in code, run on open by Kysely's Migrator. Names sort in the order they run;
 * a released migration is never edited — add a new one.
 *
 * Only portable column types are used (text, integer, double precision) so the same
 * migration builds the SQLite and the PostgreSQL schema.
 */
import type { Migration, MigrationProvider } from 'kysely';

const initial: Migration = {
  async up(db) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('label', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

    await db.schema
      .createTable('tasks_seen')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('first_seen_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('submissions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('task_id', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('score', 'double precision')
      .addColumn('status', 'text')
      .addColumn('result', 'text')
      .addColumn('error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .execute();
    // Listing is newest first per user or per task; recovery scans unfinished states.
    await db.schema
      .createIndex('submissions_user_created')
      .on('submissions')
      .columns(['user_id', 'created_at', 'id'])
      .execute();
    await db.schema
      .createIndex('submissions_task_created')
      .on('submissions')
      .columns(['task_id', 'created_at', 'id'])
      .execute();
    await db.schema
      .createIndex('submissions_created')
      .on('submissions')
      .columns(['created_at', 'id'])
      .execute();
    await db.schema.createIndex('submissions_state').on('submissions').column('state').execute();

    await db.schema
      .createTable('test_results')
      .addColumn('submission_id', 'text', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
      .addColumn('idx', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('passed', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('weight', 'double precision', (c) => c.notNull())
      .addColumn('hidden', 'integer', (c) => c.notNull())
      .addColumn('execution_time_s', 'double precision')
      .addColumn('memory_kib', 'double precision')
      .addPrimaryKeyConstraint('test_results_pk', ['submission_id', 'idx'])
      .execute();

    await db.schema
      .createTable('events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('events_created').on('events').columns(['created_at', 'id']).execute();
    await db.schema.createIndex('events_type_created').on('events').columns(['type', 'created_at']).execute();
  },
};

/**
 * Token lifecycle: a revoked token keeps its row (so `users tokens` can show it, and an HTTP
 * client can be told its token was revoked rather than unknown); `last_used_at` is written at
 * most once a minute per token and process, so it never becomes a write per request.
 */
const tokenLifecycle: Migration = {
  async up(db) {
    // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
    await db.schema.alterTable('api_tokens').addColumn('revoked_at', 'text').execute();
    await db.schema.alterTable('api_tokens').addColumn('last_used_at', 'text').execute();
  },
};

const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_token_lifecycle': tokenLifecycle,
};

/** The in-code provider Kysely's Migrator reads. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
