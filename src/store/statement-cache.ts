/**
 * A prepared-statement cache in front of better-sqlite3. Kysely's SQLite driver prepares every
 * query afresh, and preparing costs about as much as running a small statement (measured:
 * about half the Store's time per call). Kysely emits the same SQL text for the same query
 * shape, so a small map keyed by SQL serves nearly every call.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct query shapes kept; the Store has a few dozen, `in (…)` lists add a few more. */
const MAX_STATEMENTS = 256;

export function withStatementCache(conn: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    prepare(sql: string): SqliteStatement {
      const hit = cache.get(sql);
      if (hit !== undefined) {
        // Re-insert to keep the map in least-recently-used order.
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = conn.prepare(sql);
      cache.set(sql, stmt);
      if (cache.size > MAX_STATEMENTS) cache.delete(cache.keys().next().value ?? '');
      return stmt;
    },
    close(): void {
      cache.clear();
      conn.close();
    },
  };
}
