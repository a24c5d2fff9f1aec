/**
 * `hackbridge users create NAME [--role participant|organiser] [--db URL]` prints the new API
 * token alone on its last line (scripts take `tail -n1`); only its hash is stored.
 * `hackbridge users token NAME` issues another token; `hackbridge users list` lists accounts.
 */
import { usageError } from '../../common/index.js';
import { roleSchema, createUserWithToken, issueToken } from '../../service/index.js';
import { createStore } from '../../store/index.js';
import type { Command } from '../io.js';
import { configFromFlags, parseFlags } from './server-options.js';

const HELP = `Usage: hackbridge users create NAME [--role participant|organiser] [--db URL]
       hackbridge users token NAME [--db URL]
       hackbridge users list [--db URL] [--json]
`;

export const users: Command = async (argv, io) => {
  const { values, positionals } = parseFlags(argv, {
    db: { type: 'string' },
    config: { type: 'string' },
    role: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const [action, name, ...rest] = positionals;
  if (values.help === true) {
    io.stdout(HELP);
    return 0;
  }
  if (rest.length > 0) throw usageError(`unexpected argument '${rest[0]}'`);
  if (action !== 'create' && action !== 'token' && action !== 'list') {
    io.stderr(HELP);
    return 2;
  }
  if (action !== 'list' && name === undefined) throw usageError(`users ${action} needs a NAME`);
  const role = roleSchema.safeParse(values.role ?? 'participant');
  if (!role.success) throw usageError(`--role must be participant or organiser, got '${values.role}'`);
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
    const all = await store.listUsers();
    if (values.json === true) io.stdout(`${JSON.stringify(all, null, 2)}\n`);
    else for (const u of all) io.stdout(`${u.id}  ${u.role.padEnd(11)}  ${u.name}\n`);
    return 0;
  } finally {
    await store.close();
  }
};
