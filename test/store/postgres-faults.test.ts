/**
 * PostgreSQL faults after open: the server ends our sessions (as on a restart or failover).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, isHackBridgeError } from '../../src/index.js';
import type { Store } from '../../src/store/index.js';
import { PG_URL, postgresTestDatabase } from './backends.js';
import type { TestDatabase } from './backends.js';

async function terminateSessions(schema: string): Promise<number> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    const r = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1',
      [`hackbridge:${schema}`],
    );
    return r.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

describe('store (postgres)', () => {
  describe('when the server ends every session', () => {
    let db: TestDatabase;
    let store: Store;
    beforeAll(async () => {
      db = postgresTestDatabase();
      store = await createStore(db.url);
    });
    afterAll(async () => {
      await store?.close();
      await db?.cleanup();
    });

    it('reports at most HB_STORE_UNAVAILABLE, then works again on fresh connections', async () => {
      const user = await store.createUser({ name: 'survivor', role: 'participant' });
      const schema = new URL(db.url).searchParams.get('schema') ?? '';
      expect(await terminateSessions(schema)).toBeGreaterThan(0);

      const outcomes: string[] = [];
      for (let i = 0; i < 3; i++) {
        try {
          await store.getUser(user.id);
          outcomes.push('ok');
        } catch (err) {
          outcomes.push(isHackBridgeError(err) ? err.code : String(err));
        }
      }
      expect(outcomes.every((o) => o === 'ok' || o === 'HB_STORE_UNAVAILABLE')).toBe(true);
      expect(outcomes.at(-1)).toBe('ok');
      expect(await store.getUser(user.id)).toEqual(user);
    });
  });
});
