/**
 * `hackbridge tasks validate [DIR] [--json]` checks a whole catalog and prints every problem
 * (file, path inside it, reason, line); exit 0 when it is valid, 1 when it is not.
 * `hackbridge tasks list [DIR] [--json]` prints what the catalog holds.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { usageError } from '../../common/index.js';
import { loadConfig } from '../../config/index.js';
import type { Config } from '../../config/index.js';
import { packagedTasksDir, formatProblem, loadTasks, validateCatalog } from '../../grading/index.js';
import type { Command } from '../io.js';

const HELP = `Usage: hackbridge tasks validate [DIR] [--json]
       hackbridge tasks list [DIR] [--json]

DIR defaults to the configured catalog (grading.tasksDir, HACKBRIDGE_TASKS, ./tasks).
`;

/**
 * The catalog a grading command uses: the flag, else the configured directory; when that is
 * the default `tasks` and the working directory has none, the sample catalog in the package.
 */
export function tasksDirOf(
  flag: string | undefined,
  cwd: string,
  config: Readonly<Config> = loadConfig(),
): string {
  if (flag !== undefined) return resolve(cwd, flag);
  const configured = resolve(cwd, config.grading.tasksDir);
  return config.grading.tasksDir === 'tasks' && !existsSync(configured) ? packagedTasksDir() : configured;
}

export const tasks: Command = async (argv, io) => {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (cause) {
    throw usageError((cause as Error).message);
  }
  const [sub, dirArg, ...extra] = parsed.positionals;
  if (parsed.values.help === true) {
    io.stdout(HELP);
    return 0;
  }
  if ((sub !== 'validate' && sub !== 'list') || extra.length > 0)
    throw usageError(`expected 'validate' or 'list'\n${HELP}`);
  const dir = tasksDirOf(dirArg, io.cwd);
  if (sub === 'list') {
    const catalog = loadTasks(dir).list();
    if (parsed.values.json === true) {
      const rows = catalog.map((t) => ({
        id: t.id,
        title: t.title,
        mode: t.mode,
        checker: t.checker.kind,
        tests: t.tests.length,
        hidden: t.tests.filter((x) => x.hidden).length,
        difficulty: t.difficulty ?? null,
        tags: t.tags,
      }));
      io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    } else {
      for (const t of catalog)
        io.stdout(
          `${t.id.padEnd(20)} ${t.mode.padEnd(8)} ${t.checker.kind.padEnd(9)} ${String(t.tests.length).padStart(3)} tests  ${t.title}\n`,
        );
    }
    return 0;
  }
  const report = validateCatalog(dir);
  if (parsed.values.json === true) {
    io.stdout(
      `${JSON.stringify({ valid: report.problems.length === 0, tasks: report.tasks.map((t) => t.id), problems: report.problems }, null, 2)}\n`,
    );
  } else {
    for (const p of report.problems) io.stdout(`${formatProblem(p)}\n`);
    const summary =
      report.problems.length === 0
        ? `${report.tasks.length} tasks valid in ${dir}`
        : `${report.problems.length} problem(s); ${report.tasks.length} task(s) valid in ${dir}`;
    io.stdout(`${summary}\n`);
  }
  return report.problems.length === 0 ? 0 : 1;
};
