/**
 * Accounts and API tokens. A token is 32 random bytes shown once at creation; the store keeps
 * only its SHA-256, so a leaked database yields no usable credentials. SHA-256 (not a slow
 * password hash) is right here: the secret has 256 bits of entropy, nothing to brute-force.
 * Authentication itself lives in authenticator.ts.
 */
import { randomBytes } from 'node:crypto';
import type { ApiToken, Store } from '../store/index.js';
import { hashToken, toActor, TOKEN_PREFIX } from './authenticator.js';
import type { Actor, Role } from './schemas.js';

export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
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

/** What an id or id prefix names among a user's tokens. */
export type TokenChoice =
  | { readonly kind: 'one'; readonly token: ApiToken }
  | { readonly kind: 'none' }
  | { readonly kind: 'many'; readonly ids: readonly string[] };

/**
 * Picks a token by its full id or an unambiguous prefix of it (`tok_01jd8x` is enough to
 * type); an exact id wins over being a prefix of others.
 */
export function chooseToken(tokens: readonly ApiToken[], idOrPrefix: string): TokenChoice {
  const exact = tokens.find((t) => t.id === idOrPrefix);
  if (exact !== undefined) return { kind: 'one', token: exact };
  const matches = idOrPrefix === '' ? [] : tokens.filter((t) => t.id.startsWith(idOrPrefix));
  if (matches.length === 0) return { kind: 'none' };
  const [only] = matches;
  if (matches.length === 1 && only !== undefined) return { kind: 'one', token: only };
  return { kind: 'many', ids: matches.map((t) => t.id) };
}
