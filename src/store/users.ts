/** Users and API tokens. */
import type { Kysely } from 'kysely';
import { HackBridgeError, isHackBridgeError } from '../common/index.js';
import { notFound } from './errors.js';
import { newId, nowIso } from './ids.js';
import { parseInput } from './input.js';
import { toToken, toUser } from './rows.js';
import type { Database } from './schema.js';
import type { ApiToken, NewUser, TokenMatch, User } from './types.js';
import { LOCAL_USER_NAME, newUserSchema } from './types.js';
import { z } from 'zod';

const tokenHashSchema = z.string().min(16).max(512);
const labelSchema = z.string().max(200).optional();

export function usersRepository(db: Kysely<Database>) {
  const getUserByName = async (name: string): Promise<User | undefined> => {
    const row = await db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
    return row === undefined ? undefined : toUser(row);
  };

  const createUser = async (input: NewUser): Promise<User> => {
    const { name, role } = parseInput(newUserSchema, input, 'createUser');
    const user: User = { id: newId('usr'), name, role, createdAt: nowIso() };
    await db
      .insertInto('users')
      .values({ id: user.id, name, role, created_at: user.createdAt })
      .execute()
      .catch((err: unknown) => {
        throw renameConflict(err, name);
      });
    return user;
  };

  return {
    createUser,
    getUserByName,

    async getUser(id: string): Promise<User | undefined> {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toUser(row);
    },

    async listUsers(): Promise<User[]> {
      const rows = await db.selectFrom('users').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(toUser);
    },

    async addToken(userId: string, tokenHash: string, label?: string): Promise<ApiToken> {
      const hash = parseInput(tokenHashSchema, tokenHash, 'addToken');
      const lbl = parseInput(labelSchema, label, 'addToken') ?? null;
      const user = await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
      if (user === undefined) throw notFound('user', userId);
      const token: ApiToken = {
        id: newId('tok'),
        userId,
        label: lbl,
        createdAt: nowIso(),
        lastUsedAt: null,
        revokedAt: null,
      };
      await db
        .insertInto('api_tokens')
        .values({ id: token.id, user_id: userId, token_hash: hash, label: lbl, created_at: token.createdAt })
        .execute();
      return token;
    },

    async listTokens(userId: string): Promise<ApiToken[]> {
      const rows = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toToken);
    },

    async revokeToken(tokenId: string): Promise<boolean> {
      const res = await db
        .updateTable('api_tokens')
        .set({ revoked_at: nowIso() })
        .where('id', '=', tokenId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async revokeUserTokens(userId: string): Promise<number> {
      const user = await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
      if (user === undefined) throw notFound('user', userId);
      const res = await db
        .updateTable('api_tokens')
        .set({ revoked_at: nowIso() })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows);
    },

    async findUserByTokenHash(tokenHash: string): Promise<User | undefined> {
      const row = await db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .selectAll('users')
        .where('api_tokens.token_hash', '=', tokenHash)
        .where('api_tokens.revoked_at', 'is', null)
        .executeTakeFirst();
      return row === undefined ? undefined : toUser(row);
    },

    async findToken(tokenHash: string): Promise<TokenMatch | undefined> {
      // One indexed join (token_hash is unique): the whole cost of an authentication.
      const row = await db
        .selectFrom('api_tokens as t')
        .innerJoin('users as u', 'u.id', 't.user_id')
        .select([
          't.id',
          't.user_id',
          't.token_hash',
          't.label',
          't.created_at',
          't.last_used_at',
          't.revoked_at',
          'u.name as user_name',
          'u.role as user_role',
          'u.created_at as user_created_at',
        ])
        .where('t.token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        token: toToken(row),
        user: toUser({
          id: row.user_id,
          name: row.user_name,
          role: row.user_role,
          created_at: row.user_created_at,
        }),
      };
    },

    async markTokenUsed(tokenId: string): Promise<void> {
      await db.updateTable('api_tokens').set({ last_used_at: nowIso() }).where('id', '=', tokenId).execute();
    },

    async ensureLocalUser(): Promise<User> {
      const existing = await getUserByName(LOCAL_USER_NAME);
      if (existing !== undefined) return existing;
      try {
        return await createUser({ name: LOCAL_USER_NAME, role: 'organiser' });
      } catch (err) {
        // Another process created it between our read and our insert.
        const raced = await getUserByName(LOCAL_USER_NAME);
        if (raced !== undefined) return raced;
        throw err;
      }
    },
  };
}

/** A unique violation on users.name says which name is taken. */
function renameConflict(err: unknown, name: string): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (isHackBridgeError(err) || (code !== '23505' && code !== 'SQLITE_CONSTRAINT_UNIQUE')) return err;
  return new HackBridgeError('HB_STORE_CONFLICT', `A user named '${name}' already exists`, {
    statusCode: 409,
    details: { what: 'user', name },
    cause: err,
  });
}
