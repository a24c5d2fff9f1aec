import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/index.js';
import { newId } from '../../src/store/ids.js';
import { sqliteTestDatabase } from './backends.js';

describe('createStore', () => {
  describe('when the URL is malformed', () => {
    it.each(['mysql://localhost/db', 'sqlite:', 'postgres://', 'hackbridge.db', ''])(
      'rejects %j with HB_STORE_URL_INVALID',
      async (url) => {
        await expect(createStore(url)).rejects.toMatchObject({
          code: 'HB_STORE_URL_INVALID',
          statusCode: 400,
        });
      },
    );

    it('never echoes a password from the URL', async () => {
      const err = await createStore('mysql://u:s3cret@host/db').catch((e: unknown) => e);
      expect(JSON.stringify(err)).not.toContain('s3cret');
      expect((err as Error).message).not.toContain('s3cret');
    });

    it('rejects a schema name that is not a plain identifier', async () => {
      await expect(createStore('postgres://postgres@127.0.0.1/test?schema=a;drop')).rejects.toMatchObject({
        code: 'HB_STORE_URL_INVALID',
      });
    });
  });

  describe('when the database cannot be reached', () => {
    it('reports HB_STORE_UNAVAILABLE with the driver error as cause (PostgreSQL)', async () => {
      // Port 1 on loopback: nothing listens, the connection is refused at once.
      const err = await createStore('postgres://postgres@127.0.0.1:1/test').catch((e: unknown) => e);
      expect(err).toMatchObject({
        code: 'HB_STORE_UNAVAILABLE',
        statusCode: 503,
        details: { backend: 'postgres' },
      });
      expect((err as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
    });

    it('reports HB_STORE_UNAVAILABLE when the SQLite file cannot be created', async () => {
      const err = await createStore('sqlite:/nonexistent-dir/hb/test.db').catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'HB_STORE_UNAVAILABLE', details: { backend: 'sqlite' } });
      expect((err as Error).cause).toBeInstanceOf(Error);
    });
  });

  describe('with a SQLite file', () => {
    it('puts the database in WAL mode so readers never block the writer', async () => {
      const db = sqliteTestDatabase();
      try {
        const store = await createStore(db.url);
        await store.ensureLocalUser();
        await store.close();
        const raw = new BetterSqlite3(db.url.slice('sqlite:'.length), { readonly: true });
        expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
        raw.close();
      } finally {
        await db.cleanup();
      }
    });
  });

  describe('with sqlite::memory:', () => {
    it('works without a file and forgets on close', async () => {
      const store = await createStore('sqlite::memory:');
      const user = await store.ensureLocalUser();
      expect(await store.getUser(user.id)).toEqual(user);
      await store.close();
      const fresh = await createStore('sqlite::memory:');
      expect(await fresh.listUsers()).toEqual([]);
      await fresh.close();
    });
  });
});

describe('ids', () => {
  it('sort in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 500 }, () => newId('sub'));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
