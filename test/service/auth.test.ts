/**
 * Token authentication: only the hash is stored, unknown tokens are refused, a token revoked
 * in this process stops working at once, one revoked elsewhere within the cache time, and the
 * user's other tokens keep working.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, createUserWithToken, hashToken, issueToken } from '../../src/service/index.js';
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

const tokenId = async (token: string): Promise<string> =>
  (await store.findToken(hashToken(token)))?.token.id ?? 'missing';

describe('authentication', () => {
  it('resolves a token to its user and refuses missing, malformed and unknown ones', async () => {
    const auth = createAuthenticator(store);
    const { user, token } = await createUserWithToken(store, 'auth-a', 'participant');
    expect(await auth.authenticate(token)).toEqual(user);
    expect(await codeOf(auth.authenticate(undefined))).toBe('HB_AUTH_MISSING');
    expect(await codeOf(auth.authenticate('not-a-token'))).toBe('HB_AUTH_MISSING');
    expect(await codeOf(auth.authenticate(`${token}x`))).toBe('HB_AUTH_MISSING');
  });

  describe('when a token is revoked in this process', () => {
    it('refuses it at once with HB_AUTH_REVOKED and keeps the user’s other tokens working', async () => {
      const auth = createAuthenticator(store, { cacheMs: 60_000 });
      const { user, token } = await createUserWithToken(store, 'auth-b', 'participant');
      const second = await issueToken(store, user.id, 'second');
      expect((await auth.authenticate(token)).id).toBe(user.id);
      expect((await auth.authenticate(second)).id).toBe(user.id);
      const id = await tokenId(token);
      expect(await store.revokeToken(id)).toBe(true);
      auth.forgetTokens([id]);
      await expect(auth.authenticate(token)).rejects.toMatchObject({
        code: 'HB_AUTH_REVOKED',
        statusCode: 401,
      });
      expect((await auth.authenticate(second)).id).toBe(user.id);
    });

    it('refuses every token of the user after revoking them all, and no one else’s', async () => {
      const auth = createAuthenticator(store, { cacheMs: 60_000 });
      const { user, token } = await createUserWithToken(store, 'auth-c', 'participant');
      const second = await issueToken(store, user.id);
      const other = await createUserWithToken(store, 'auth-d', 'participant');
      for (const t of [token, second, other.token]) await auth.authenticate(t);
      expect(await store.revokeUserTokens(user.id)).toBe(2);
      auth.forgetUser(user.id);
      expect(await codeOf(auth.authenticate(token))).toBe('HB_AUTH_REVOKED');
      expect(await codeOf(auth.authenticate(second))).toBe('HB_AUTH_REVOKED');
      expect(await auth.authenticate(other.token)).toEqual(other.user);
    });

    it('does not cache a lookup that was in flight during the revocation', async () => {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((r) => (release = r));
      const slow: Store = {
        ...store,
        findToken: async (hash) => {
          const found = await store.findToken(hash);
          await gate;
          return found;
        },
      };
      const auth = createAuthenticator(slow, { cacheMs: 60_000 });
      const { user, token } = await createUserWithToken(store, 'auth-e', 'participant');
      const inFlight = auth.authenticate(token);
      await store.revokeToken(await tokenId(token));
      auth.forgetTokens([await tokenId(token)]);
      release();
      // It read the token before the revocation: that request may pass, the next may not.
      expect((await inFlight).id).toBe(user.id);
      expect(await codeOf(auth.authenticate(token))).toBe('HB_AUTH_REVOKED');
    });
  });

  describe('when a token is revoked by another process', () => {
    it('keeps working from the cache for at most cacheMs, then is refused', async () => {
      const auth = createAuthenticator(store, { cacheMs: 50 });
      const { user, token } = await createUserWithToken(store, 'auth-f', 'participant');
      expect((await auth.authenticate(token)).id).toBe(user.id);
      // Revoked in the store only: this authenticator is not told.
      expect(await store.revokeToken(await tokenId(token))).toBe(true);
      await new Promise((r) => setTimeout(r, 80));
      expect(await codeOf(auth.authenticate(token))).toBe('HB_AUTH_REVOKED');
    });

    it('is refused on the next request when the cache is off', async () => {
      const auth = createAuthenticator(store, { cacheMs: 0 });
      const { token } = await createUserWithToken(store, 'auth-g', 'participant');
      await auth.authenticate(token);
      await store.revokeToken(await tokenId(token));
      expect(await codeOf(auth.authenticate(token))).toBe('HB_AUTH_REVOKED');
    });
  });

  it('records when a token was last used, with one write per minute at most', async () => {
    let writes = 0;
    const counting: Store = {
      ...store,
      markTokenUsed: (id) => {
        writes += 1;
        return store.markTokenUsed(id);
      },
    };
    const auth = createAuthenticator(counting, { cacheMs: 0 });
    const { user, token } = await createUserWithToken(store, 'auth-h', 'participant');
    for (let i = 0; i < 5; i++) await auth.authenticate(token);
    expect(writes).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    const [stored] = await store.listTokens(user.id);
    expect(stored?.lastUsedAt).not.toBeNull();
  });
});
