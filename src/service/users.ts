/**
 * Accounts and API tokens. A token is 32 random bytes shown once at creation; the store keeps
 * only its SHA-256, so a leaked database yields no usable credentials. SHA-256 (not a slow
 * password hash) is right here: the secret has 256 bits of entropy, nothing to brute-force.
 */
import { createHash, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Store, User } from '../store/index.js';
import { authMissing } from './errors.js';
import type { Actor, Role } from './schemas.js';

const TOKEN_PREFIX = 'hb_';

export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function toActor(user: User): Actor {
  return { id: user.id, name: user.name, role: user.role };
}

/** The actor a bearer token belongs to; HB_AUTH_MISSING (401) when it is absent or unknown. */
export async function authenticate(store: Store, token: string | undefined): Promise<Actor> {
  if (token === undefined || token === '') throw authMissing('Missing API token (Authorization: Bearer …)');
  // Shape check first: a malformed token costs no database round trip.
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) throw authMissing('Unknown API token');
  const user = await store.findUserByTokenHash(hashToken(token));
  if (user === undefined) throw authMissing('Unknown API token');
  return toActor(user);
}

/**
 * `authenticate` with a short-lived cache of successful lookups, keyed by the token's hash:
 * every API request authenticates, and the database round trip was the largest fixed cost of
 * a request. Unknown tokens are never cached. A revoked token stays valid for at most `ttlMs`.
 */
export function createAuthenticator(
  store: Store,
  options: { ttlMs?: number; maxEntries?: number } = {},
): (token: string | undefined) => Promise<Actor> {
  const cache = new LRUCache<string, Actor>({
    max: options.maxEntries ?? 10_000,
    ttl: options.ttlMs ?? 5_000,
  });
  return async (token) => {
    const key = token === undefined ? undefined : hashToken(token);
    const hit = key === undefined ? undefined : cache.get(key);
    if (hit !== undefined) return hit;
    const actor = await authenticate(store, token);
    if (key !== undefined) cache.set(key, actor);
    return actor;
  };
}

/** Creates a user with one fresh token; the token is returned once and never stored. */
export async function createUserWithToken(
  store: Store,
  name: string,
  role: Role,
): Promise<{ user: Actor; token: string }> {
  const user = await store.createUser({ name, role });
  const token = newToken();
  await store.addToken(user.id, hashToken(token), 'created with the user');
  return { user: toActor(user), token };
}

/** Issues another token for an existing user. */
export async function issueToken(store: Store, userId: string, label?: string): Promise<string> {
  const token = newToken();
  await store.addToken(userId, hashToken(token), label);
  return token;
}
