/**
 * `hackbridge tasks validate [DIR] [--json]` checks a whole catalog and prints every problem
 * (file, path inside it, reason, line); exit 0 when it is valid, 1 when it is not.
 * `hackbridge tasks check [DIR] [--task ID]` grades every `solutions/*.py` of each task on the
 * real sandbox against the `# expect: <score> <status>` its first line declares; exit 1 on a
 * mismatch or a task without a reference solution scoring 100.
 * `hackbridge tasks list [DIR] [--json]` prints what the catalog holds.
 */
import { usageError } from '../../common/index.js';
import { loadConfig } from '../../config/index.js';
import {
  checkSolution,
  formatProblem,
  loadTasks,
  readSolutions,
  validateCatalog,
} from '../../grading/index.js';
import { parseFlags } from '../args.js';
import type { Command, CommandIo } from '../io.js';
import { tasksDirOf, withGrader } from './submit.js';

const HELP = `Usage: hackbridge tasks validate [DIR] [--json]
       hackbridge tasks check [DIR] [--task ID]
       hackbridge tasks list [DIR] [--json]

DIR defaults to the configured catalog (grading.tasksDir, HACKBRIDGE_TASKS, ./tasks).
`;

function list(dir: string, json: boolean, io: CommandIo): number {
  const catalog = loadTasks(dir).list();
  if (json) {
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
    return 0;
  }
  for (const t of catalog) {
    const cols = [
      t.id.padEnd(20),
      t.mode.padEnd(8),
      t.checker.kind.padEnd(9),
      `${t.tests.length}`.padStart(3),
    ];
    io.stdout(`${cols.join(' ')} tests  ${t.title}\n`);
  }
  return 0;
}

function validate(dir: string, json: boolean, io: CommandIo): number {
  const report = validateCatalog(dir);
  const valid = report.problems.length === 0;
  if (json) {
    const tasks = report.tasks.map((t) => t.id);
    io.stdout(`${JSON.stringify({ valid, tasks, problems: report.problems }, null, 2)}\n`);
    return valid ? 0 : 1;
  }
  for (const p of report.problems) io.stdout(`${formatProblem(p)}\n`);
  io.stdout(
    valid
      ? `${report.tasks.length} tasks valid in ${dir}\n`
      : `${report.problems.length} problem(s); ${report.tasks.length} task(s) valid in ${dir}\n`,
  );
  return valid ? 0 : 1;
}

async function check(dir: string, only: string | undefined, io: CommandIo): Promise<number> {
  const config = loadConfig();
  let failures = 0;
  await withGrader(config, dir, io.cwd, false, async (grader) => {
    const tasks = only === undefined ? grader.tasks.list() : [grader.tasks.require(only)];
    for (const task of tasks) {
      const solutions = readSolutions(task.id, task.dir);
      const reference = solutions.find((s) => s.file === 'solutions/reference.py');
      if (reference?.expected?.score !== 100) {
        failures += 1;
        io.stdout(`FAIL ${task.id}: needs solutions/reference.py declaring '# expect: 100 accepted'\n`);
      }
      for (const s of solutions) {
        const c = await checkSolution(grader, s);
        if (!c.ok) failures += 1;
        const got = `${c.result.score} ${c.result.status}`;
        io.stdout(`${c.ok ? 'ok  ' : 'FAIL'} ${task.id}/${s.file}: ${c.problem ?? got}\n`);
      }
    }
  });
  io.stdout(failures === 0 ? 'every solution scores what it declares\n' : `${failures} problem(s)\n`);
  return failures === 0 ? 0 : 1;
}

export const tasks: Command = async (argv, io) => {
  const parsed = parseFlags(argv, {
    json: { type: 'boolean' },
    task: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const [sub, dirArg, ...extra] = parsed.positionals;
  if (parsed.values.help === true) {
    io.stdout(HELP);
    return 0;
  }
  if ((sub !== 'validate' && sub !== 'list' && sub !== 'check') || extra.length > 0)
    throw usageError(`expected 'validate', 'check' or 'list'\n${HELP}`);
  const dir = tasksDirOf(dirArg, io.cwd);
  const json = parsed.values.json === true;
  if (sub === 'list') return list(dir, json, io);
  if (sub === 'validate') return validate(dir, json, io);
  return check(dir, parsed.values.task, io);
};
