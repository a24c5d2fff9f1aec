/**
 * `hackbridge grade TASK_ID DIR_OR_GLOB [--tasks DIR] [--out report.json|report.csv]`:
 * grades many submissions of one task. A progress bar on a terminal, one plain line per
 * submission otherwise (logs, CI); then a summary table (score distribution, statuses,
 * slowest). Exit 0 once everything is graded, whatever the scores.
 */
import { writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { usageError } from '../../common/index.js';
import { loadConfig } from '../../config/index.js';
import {
  expandSubmissions,
  formatSummary,
  gradeBatch,
  summarise,
  toCsv,
  toJsonReport,
} from '../../grading/index.js';
import type { BatchEntry } from '../../grading/index.js';
import { parseFlags } from '../args.js';
import type { Command, CommandIo } from '../io.js';
import { withGrader } from './submit.js';

const HELP = `Usage: hackbridge grade TASK_ID DIR_OR_GLOB [--tasks DIR] [--out report.json|report.csv]

DIR_OR_GLOB: a directory (every .py file below it) or a glob such as 'class/*/solution.py'.
`;

const BAR_CELLS = 30;

/** Progress: a redrawn bar on a terminal, a plain line per submission elsewhere. */
function progressWriter(io: CommandIo): (entry: BatchEntry, done: number, total: number) => void {
  if (!io.isTTY) {
    return (e, done, total) =>
      io.stdout(`[${done}/${total}] ${e.file}: ${e.result.score} ${e.result.status}\n`);
  }
  return (e, done, total) => {
    const filled = Math.round((BAR_CELLS * done) / total);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(BAR_CELLS - filled)}`;
    const tail = e.file.length > 40 ? `…${e.file.slice(-39)}` : e.file;
    io.stdout(`\r\x1b[2K[${bar}] ${done}/${total} ${tail}${done === total ? '\n' : ''}`);
  };
}

export const grade: Command = async (argv, io) => {
  const parsed = parseFlags(argv, {
    tasks: { type: 'string' },
    out: { type: 'string' },
    'no-analysis': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (parsed.values.help === true) {
    io.stdout(HELP);
    return 0;
  }
  const [taskId, pattern, ...extra] = parsed.positionals;
  if (taskId === undefined || pattern === undefined || extra.length > 0)
    throw usageError(`expected TASK_ID and DIR_OR_GLOB\n${HELP}`);
  const out = parsed.values.out;
  const format = out === undefined ? undefined : extname(out).toLowerCase();
  if (format !== undefined && format !== '.json' && format !== '.csv')
    throw usageError(`--out must end in .json or .csv, got '${out}'`, { out });
  const files = expandSubmissions(pattern, io.cwd);
  if (files.length === 0) throw usageError(`No submissions match ${pattern}`, { pattern });
  const config = loadConfig();
  const entries = await withGrader(
    config,
    parsed.values.tasks,
    io.cwd,
    parsed.values['no-analysis'] !== true,
    (g) => gradeBatch(g, taskId, files, { cwd: io.cwd, onResult: progressWriter(io) }),
  );
  io.stdout(formatSummary(summarise(entries)));
  if (out !== undefined) {
    writeFileSync(resolve(io.cwd, out), format === '.csv' ? toCsv(entries) : toJsonReport(entries));
    io.stdout(`Report written to ${out}\n`);
  }
  return 0;
};
