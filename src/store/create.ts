/**
 * `createStore(url)`: parses the URL, opens the backend, migrates, and returns the Store with
 * every method guarded so that driver errors leave as HB_STORE_* errors.
 */
import { mapStoreError, unavailable } from './errors.js';
import { openDatabase } from './open.js';
import { recordsRepository } from './records.js';
import { submissionsRepository } from './submissions.js';
import type { Store, StoreOptions } from './types.js';
import { parseStoreUrl } from './url.js';
import { usersRepository } from './users.js';

type Methods = Omit<Store, 'kind' | 'close'>;
type AnyMethod = (...args: never[]) => Promise<unknown>;

/**
 * Wraps each method: refuses work once closed (a shared SQLite connection may outlive this
 * store) and maps whatever the driver threw.
 */
function guarded<M extends Record<string, AnyMethod>>(kind: string, methods: M, isClosed: () => boolean): M {
  const out: Record<string, AnyMethod> = {};
  for (const [name, fn] of Object.entries(methods)) {
    out[name] = async (...args) => {
      if (isClosed()) throw unavailable(kind, name, new Error('the store is closed'));
      try {
        return await fn(...args);
      } catch (err) {
        throw mapStoreError(kind, name, err);
      }
    };
  }
  return out as M;
}

/**
 * Opens a store and runs its migrations.
 *
 * @param url `sqlite:./file.db`, `sqlite::memory:`, or `postgres://user@host:5432/db[?schema=name]`.
 * @throws HB_STORE_URL_INVALID for a malformed URL, HB_STORE_UNAVAILABLE when the database
 *   cannot be reached or opened (the driver error is the `cause`), HB_STORE_MIGRATION_FAILED.
 */
export async function createStore(url: string, options: StoreOptions = {}): Promise<Store> {
  const target = parseStoreUrl(url);
  const { kind, db, release } = await openDatabase(target, options.schema);
  const methods: Methods = {
    ...usersRepository(db),
    ...submissionsRepository(db),
    ...recordsRepository(db),
  };
  let closed = false;
  return {
    kind,
    ...guarded(kind, methods, () => closed),
    close(): Promise<void> {
      closed = true;
      return release();
    },
  };
}
