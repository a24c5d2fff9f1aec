/**
 * `hackbridge users tokens NAME` and `hackbridge users revoke NAME (--token ID | --all)`: a
 * user's API tokens by id, never their secrets (the store holds only hashes anyway). A token
 * is named by its id or an unambiguous prefix of it, among that user's tokens only, so a typo
 * can never revoke someone else's.
 */
import { usageError } from '../../common/index.js';
import { chooseToken } from '../../service/index.js';
import type { Store, User } from '../../store/index.js';
import type { CommandIo } from '../io.js';

export interface RevokeChoice {
  readonly token?: string | undefined;
  readonly all?: boolean | undefined;
}

/** Checked before the database is opened: a bad command line touches nothing. */
export function checkRevokeFlags(choice: RevokeChoice): void {
  if (choice.token !== undefined && choice.all === true)
    throw usageError('users revoke takes --token ID or --all, not both');
  if (choice.token === undefined && choice.all !== true)
    throw usageError('users revoke needs --token ID (see `hackbridge users tokens NAME`) or --all');
  if (choice.token === '') throw usageError('--token needs a token id or id prefix');
}

async function findUser(store: Store, name: string): Promise<User> {
  const user = await store.getUserByName(name);
  if (user === undefined) throw usageError(`no user '${name}'`);
  return user;
}

export async function listUserTokens(
  store: Store,
  name: string,
  json: boolean,
  io: CommandIo,
): Promise<number> {
  const user = await findUser(store, name);
  const tokens = await store.listTokens(user.id);
  if (json) {
    io.stdout(`${JSON.stringify(tokens, null, 2)}\n`);
    return 0;
  }
  if (tokens.length === 0) {
    io.stdout(`'${user.name}' has no API tokens.\n`);
    return 0;
  }
  const width = Math.max(...tokens.map((t) => t.id.length));
  const row = (cells: readonly string[]): string =>
    `${cells
      .map((c, i) => c.padEnd([width, 7, 24, 24, 24][i] ?? 0))
      .join('  ')
      .trimEnd()}\n`;
  io.stdout(row(['ID', 'STATE', 'CREATED', 'LAST USED', 'REVOKED', 'LABEL']));
  for (const t of tokens)
    io.stdout(
      row([
        t.id,
        t.revokedAt === null ? 'active' : 'revoked',
        t.createdAt,
        t.lastUsedAt ?? 'never',
        t.revokedAt ?? '-',
        t.label ?? '',
      ]),
    );
  return 0;
}

export async function revokeUserTokens(
  store: Store,
  name: string,
  choice: RevokeChoice,
  io: CommandIo,
): Promise<number> {
  const user = await findUser(store, name);
  const note = 'Running servers refuse it within their server.authCacheMs (1 s by default).';
  if (choice.all === true) {
    const count = await store.revokeUserTokens(user.id);
    io.stdout(
      count === 0
        ? `'${user.name}' had no active API tokens.\n`
        : `Revoked ${count} API token${count === 1 ? '' : 's'} of '${user.name}'. ${note.replace('it', 'them')}\n`,
    );
    return 0;
  }
  const wanted = choice.token ?? '';
  const chosen = chooseToken(await store.listTokens(user.id), wanted);
  if (chosen.kind === 'none')
    throw usageError(
      `'${user.name}' has no API token '${wanted}' (see \`hackbridge users tokens ${user.name}\`)`,
    );
  if (chosen.kind === 'many')
    throw usageError(
      `'${wanted}' names ${chosen.ids.length} tokens of '${user.name}': ${chosen.ids.join(', ')}`,
      {
        ids: chosen.ids,
      },
    );
  const { token } = chosen;
  // Already revoked is not an error: running the same revoke twice leaves the same state.
  if (!(await store.revokeToken(token.id))) {
    const again = (await store.listTokens(user.id)).find((t) => t.id === token.id);
    io.stdout(
      `API token ${token.id} of '${user.name}' was already revoked (${again?.revokedAt ?? 'earlier'}).\n`,
    );
    return 0;
  }
  io.stdout(`Revoked API token ${token.id} of '${user.name}'. ${note}\n`);
  return 0;
}
