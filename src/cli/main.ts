/**
 * `hackbridge` entry: dispatch only. Each command lives in its own file under commands/ and
 * is loaded lazily so `hackbridge run` does not pay for the HTTP server's imports.
 *
 * Exit codes: 0 the command did its job, 1 an internal failure, 2 bad usage; commands may
 * return others they document (e.g. `analyze` returns 3 for unsafe code).
 */
import { isHackBridgeError, toHackBridgeError, version } from '../common/index.js';
import type { CommandIo, Command } from './io.js';
import { processIo } from './io.js';

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  // Each command adds one line here: name, one-line summary, lazy loader.
  analyze: {
    summary: 'Static security review of a Python file (exit 0 safe, 3 unsafe; --json, --format sarif)',
    load: async () => (await import('./commands/analyze.js')).analyze,
  },
  run: {
    summary: 'Run one Python file in the sandbox (--json for the RunResult)',
    load: async () => (await import('./commands/run.js')).run,
  },
  serve: {
    summary: 'HTTP API + WebSocket with an embedded grader',
    load: async () => (await import('./commands/serve.js')).serve,
  },
  users: {
    summary: 'Create users; issue, list and revoke their API tokens',
    load: async () => (await import('./commands/users.js')).users,
  },
  worker: {
    summary: 'Queue consumer only (BullMQ), for scaling out',
    load: async () => (await import('./commands/worker.js')).worker,
  },
  tasks: {
    summary: 'Validate, check (grade its solutions) or list a task catalog',
    load: async () => (await import('./commands/tasks.js')).tasks,
  },
  submit: {
    summary: "Grade one submission against a task's tests (--json, --junit)",
    load: async () => (await import('./commands/submit.js')).submit,
  },
  grade: {
    summary: 'Grade many submissions of a task, with a summary and CSV/JSON report',
    load: async () => (await import('./commands/grade.js')).grade,
  },
};

function usage(): string {
  const rows = Object.entries(commands)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, c]) => `  ${name.padEnd(16)} ${c.summary}`);
  return [
    `hackbridge ${version}`,
    '',
    'Usage: hackbridge <command> [options]',
    '',
    'Commands:',
    ...rows,
    '',
  ].join('\n');
}

export async function main(argv: readonly string[], io: CommandIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`${version}\n`);
    return 0;
  }
  const entry = commands[name];
  if (entry === undefined) {
    io.stderr(`hackbridge: unknown command '${name}' [HB_USAGE]\n${usage()}`);
    return 2;
  }
  try {
    const command = await entry.load();
    return await command(rest, io);
  } catch (thrown) {
    const err = toHackBridgeError(thrown);
    io.stderr(`hackbridge: ${err.message} [${err.code}]\n`);
    if (!isHackBridgeError(thrown) || err.code === 'HB_INTERNAL')
      io.stderr(`${String((thrown as Error)?.stack ?? thrown)}\n`);
    return err.code === 'HB_USAGE' || err.statusCode === 400 || err.statusCode === 413 ? 2 : 1;
  }
}
