/**
 * Opens a Kysely instance over either backend and brings its schema up to date.
 * SQLite: one better-sqlite3 connection in WAL mode (readers never block the writer; other
 * processes may share the file). PostgreSQL: a pg pool whose search_path is the chosen schema.
 */
import { resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { HackBridgeError } from '../common/index.js';
import { isUnavailable, unavailable } from './errors.js';
import { migrationProvider } from './migrations.js';
import { withStatementCache } from './statement-cache.js';
import type { Database } from './schema.js';
import type { StoreTarget } from './url.js';
import { checkSchemaName } from './url.js';

export interface OpenedDatabase {
  readonly kind: 'sqlite' | 'postgres';
  readonly db: Kysely<Database>;
  /** PostgreSQL schema in use; undefined for SQLite. */
  readonly schema?: string;
  /** Gives the connection back; the last holder closes it. */
  release(): Promise<void>;
}

/**
 * One SQLite connection per file per process, shared by every Store opened on it. Two
 * connections in one thread would deadlock: better-sqlite3's busy wait blocks the event loop
 * that the other connection's open transaction needs in order to commit. Kysely serialises
 * the users of one connection instead. Other processes may still open the file (WAL).
 */
const sharedSqlite = new Map<string, { opened: OpenedDatabase; refs: number }>();

function openSharedSqlite(file: string): OpenedDatabase {
  if (file === ':memory:') return openSqlite(file, () => undefined);
  const key = resolve(file);
  const existing = sharedSqlite.get(key);
  if (existing !== undefined) {
    existing.refs += 1;
    return { ...existing.opened, release: once(() => releaseShared(key)) };
  }
  const opened = openSqlite(file, () => sharedSqlite.delete(key));
  sharedSqlite.set(key, { opened, refs: 1 });
  return { ...opened, release: once(() => releaseShared(key)) };
}

async function releaseShared(key: string): Promise<void> {
  const entry = sharedSqlite.get(key);
  if (entry === undefined) return;
  entry.refs -= 1;
  if (entry.refs === 0) await entry.opened.release();
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

function openSqlite(file: string, onClose: () => void): OpenedDatabase {
  let conn: BetterSqlite3.Database;
  try {
    conn = new BetterSqlite3(file === ':memory:' ? ':memory:' : file);
    conn.pragma('journal_mode = WAL');
    // Another process holding the write lock makes us wait up to 5 s instead of failing.
    conn.pragma('busy_timeout = 5000');
    conn.pragma('foreign_keys = ON');
    // With WAL, NORMAL loses at most the last transactions on power loss, never integrity.
    conn.pragma('synchronous = NORMAL');
  } catch (cause) {
    throw unavailable('sqlite', 'open', cause);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(conn) }) });
  return {
    kind: 'sqlite',
    db,
    release: once(async () => {
      onClose();
      await db.destroy();
    }),
  };
}

function openPostgres(connectionString: string, schema: string): OpenedDatabase {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    connectionTimeoutMillis: 5000,
    // Every connection of the pool works in our schema; the migrations land there too.
    options: `-c search_path=${schema}`,
    // Names our sessions in pg_stat_activity (PostgreSQL keeps the first 63 bytes).
    application_name: `hackbridge:${schema}`,
  });
  // An idle client losing its server emits 'error' on the pool; unhandled, it would crash the
  // process. The next query reports the fault as HB_STORE_UNAVAILABLE instead.
  pool.on('error', () => undefined);
  // A client that is checked out (between the queries of a transaction, say) when its session
  // is ended emits 'error' on itself, where the pool listens no more: seen here as an uncaught
  // ECONNRESET. Its pending or next query still rejects, and is mapped to HB_STORE_UNAVAILABLE.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { kind: 'postgres', schema, db, release: once(() => db.destroy()) };
}

async function migrate(opened: OpenedDatabase): Promise<void> {
  const migrator = new Migrator({
    db: opened.db,
    provider: migrationProvider,
    ...(opened.schema === undefined ? {} : { migrationTableSchema: opened.schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined) return;
  if (isUnavailable(error)) throw unavailable(opened.kind, 'migrate', error);
  const failed = results?.find((r) => r.status === 'Error')?.migrationName;
  throw new HackBridgeError('HB_STORE_MIGRATION_FAILED', `Store migration ${failed ?? ''} failed`.trim(), {
    statusCode: 500,
    details: { backend: opened.kind, migration: failed },
    cause: error,
  });
}

async function ensureSchema(opened: OpenedDatabase): Promise<void> {
  if (opened.schema === undefined || opened.schema === 'public') return;
  try {
    await sql`create schema if not exists ${sql.id(opened.schema)}`.execute(opened.db);
  } catch (err) {
    // Two processes creating the same schema at once: the loser sees a duplicate; fine.
    const code = (err as { code?: unknown }).code;
    if (code !== '23505' && code !== '42P06') throw err;
  }
}

/** Opens, checks the connection, creates the schema if needed and migrates. */
export async function openDatabase(target: StoreTarget, schemaOption?: string): Promise<OpenedDatabase> {
  const opened =
    target.kind === 'sqlite'
      ? openSharedSqlite(target.file)
      : openPostgres(target.connectionString, checkSchemaName(schemaOption ?? target.schema ?? 'public'));
  try {
    try {
      await ensureSchema(opened);
      await sql`select 1`.execute(opened.db);
    } catch (cause) {
      throw unavailable(opened.kind, 'connect', cause);
    }
    await migrate(opened);
    return opened;
  } catch (err) {
    await opened.release().catch(() => undefined);
    throw err;
  }
}
