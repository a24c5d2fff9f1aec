/**
 * Token authentication: only the hash is stored, unknown tokens are refused, and the lookup
 * cache never outlives its TTL (a revoked token stops working within it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, createUserWithToken } from '../../src/service/index.js';
import { createStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { testDatabase } from '../bridge/harness.js';

const db = testDatabase('sqlite');
let store: Store;
beforeAll(async () => {
  store = await createStore(db.url);
});
afterAll(async () => {
  await store?.close();
  await db.cleanup();
});

const codeOf = async (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'resolved',
    (e: { code: string }) => e.code,
  );

describe('authentication', () => {
  it('resolves a token to its user and refuses missing, malformed and unknown ones', async () => {
    const auth = createAuthenticator(store);
    const { user, token } = await createUserWithToken(store, 'auth-a', 'participant');
    expect(await auth(token)).toEqual(user);
    expect(await codeOf(auth(undefined))).toBe('HB_AUTH_MISSING');
    expect(await codeOf(auth('not-a-token'))).toBe('HB_AUTH_MISSING');
    expect(await codeOf(auth(`${token}x`))).toBe('HB_AUTH_MISSING');
  });

  it('stops accepting a revoked token once the cache entry expires', async () => {
    const auth = createAuthenticator(store, { ttlMs: 50 });
    const { user, token } = await createUserWithToken(store, 'auth-b', 'participant');
    expect((await auth(token)).id).toBe(user.id);
    const [stored] = await store.listTokens(user.id);
    expect(await store.revokeToken(stored?.id ?? '')).toBe(true);
    await new Promise((r) => setTimeout(r, 80));
    expect(await codeOf(auth(token))).toBe('HB_AUTH_MISSING');
  });
});
