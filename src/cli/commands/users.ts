/**
 * `hackbridge users create NAME [--role participant|organiser] [--db URL]` prints the new API
 * token alone on its last line (scripts take `tail -n1`); only its hash is stored.
 * `hackbridge users token NAME` issues another token, `users tokens NAME` lists a user's tokens
 * (ids and state, never secrets), `users revoke NAME --token ID | --all` revokes, and
 * `users list` lists accounts.
 */
import { usageError } from '../../common/index.js';
import { roleSchema, createUserWithToken, issueToken } from '../../service/index.js';
import { createStore } from '../../store/index.js';
import type { Command } from '../io.js';
import { configFromFlags, parseFlags } from './server-options.js';
import { checkRevokeFlags, listUserTokens, revokeUserTokens } from './user-tokens.js';

const HELP = `Usage: hackbridge users create NAME [--role participant|organiser] [--db URL]
       hackbridge users token NAME [--db URL]            issue another API token
       hackbridge users tokens NAME [--db URL] [--json]  list its tokens (never the secrets)
       hackbridge users revoke NAME --token ID [--db URL]  revoke one (id or unambiguous id prefix)
       hackbridge users revoke NAME --all [--db URL]       revoke all of them
       hackbridge users list [--db URL] [--json]
A revoked token is refused at once by the process that revoked it and within
server.authCacheMs (1 s by default) by running servers; open WebSockets close within 2 s.
`;

const ACTIONS = ['create', 'token', 'tokens', 'revoke', 'list'] as const;
type Action = (typeof ACTIONS)[number];
const isAction = (a: string | undefined): a is Action => ACTIONS.includes(a as Action);

export const users: Command = async (argv, io) => {
  const { values, positionals } = parseFlags(argv, {
    db: { type: 'string' },
    config: { type: 'string' },
    role: { type: 'string' },
    token: { type: 'string' },
    all: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const [action, name, ...rest] = positionals;
  if (values.help === true) {
    io.stdout(HELP);
    return 0;
  }
  if (rest.length > 0) throw usageError(`unexpected argument '${rest[0]}'`);
  if (!isAction(action)) {
    io.stderr(HELP);
    return 2;
  }
  if (action !== 'list' && name === undefined) throw usageError(`users ${action} needs a NAME`);
  if (action === 'list' && name !== undefined) throw usageError(`unexpected argument '${name}'`);
  const role = roleSchema.safeParse(values.role ?? 'participant');
  if (!role.success) throw usageError(`--role must be participant or organiser, got '${values.role}'`);
  if (values.role !== undefined && action !== 'create')
    throw usageError('--role applies to users create only');
  if (action === 'revoke') checkRevokeFlags(values);
  else if (values.token !== undefined || values.all !== undefined)
    throw usageError('--token and --all apply to users revoke only');
  // Arguments are checked before the database is opened: a typo creates no file.
  const config = configFromFlags({ db: values.db, config: values.config });
  const store = await createStore(config.store.url);
  try {
    if (action === 'create' && name !== undefined) {
      const { user, token } = await createUserWithToken(store, name, role.data);
      io.stdout(`Created ${user.role} '${user.name}' (${user.id}). API token (shown once):\n${token}\n`);
      return 0;
    }
    if (action === 'token' && name !== undefined) {
      const user = await store.getUserByName(name);
      if (user === undefined) throw usageError(`no user '${name}'`);
      io.stdout(
        `New API token for '${user.name}' (shown once):\n${await issueToken(store, user.id, 'cli')}\n`,
      );
      return 0;
    }
    if (action === 'tokens' && name !== undefined)
      return await listUserTokens(store, name, values.json === true, io);
    if (action === 'revoke' && name !== undefined) return await revokeUserTokens(store, name, values, io);
    const all = await store.listUsers();
    if (values.json === true) io.stdout(`${JSON.stringify(all, null, 2)}\n`);
    else for (const u of all) io.stdout(`${u.id}  ${u.role.padEnd(11)}  ${u.name}\n`);
    return 0;
  } finally {
    await store.close();
  }
};
