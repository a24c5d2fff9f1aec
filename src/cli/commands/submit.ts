/**
 * `hackbridge submit TASK_ID FILE.py [--tasks DIR] [--json] [--junit FILE]`: grades one
 * submission and prints the feedback (or the result as JSON); `--junit` also writes JUnit XML
 * so a CI system can show the tests.
 *
 * Exit codes: 0 accepted, 3 graded but not accepted (partial, rejected, error), 1 and 2 as
 * for every command.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { usageError } from '../../common/index.js';
import { loadConfig } from '../../config/index.js';
import type { Config } from '../../config/index.js';
import { createEngine } from '../../engine/index.js';
import { createGrader, loadTasks, packagedTasksDir, toJUnitXml } from '../../grading/index.js';
import type { Grader, GradingResult } from '../../grading/index.js';
import { parseFlags } from '../args.js';
import type { Command } from '../io.js';

const HELP = `Usage: hackbridge submit TASK_ID FILE.py [--tasks DIR] [--json] [--junit FILE] [--no-analysis]

Grades FILE.py against task TASK_ID. Exit 0 when accepted, 3 when not.
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

/** Exit code of a graded submission that is not accepted. */
export const NOT_ACCEPTED = 3;

/** Runs `use` with a grader on a fresh engine, and always stops the engine. */
export async function withGrader<T>(
  config: Readonly<Config>,
  tasksFlag: string | undefined,
  cwd: string,
  analyze: boolean,
  use: (grader: Grader) => Promise<T>,
): Promise<T> {
  const tasks = loadTasks(tasksDirOf(tasksFlag, cwd, config));
  const engine = createEngine(config.engine);
  try {
    const grader = createGrader({
      engine,
      tasks,
      analyze: analyze && config.grading.analyze,
      ...(config.grading.testConcurrency > 0 ? { concurrency: config.grading.testConcurrency } : {}),
    });
    return await use(grader);
  } finally {
    await engine.close();
  }
}

export function readSubmission(file: string, cwd: string): string {
  try {
    return readFileSync(resolve(cwd, file), 'utf8');
  } catch {
    throw usageError(`Cannot read submission ${file}`, { file });
  }
}

const mark: Record<GradingResult['tests'][number]['status'], string> = {
  passed: 'PASS',
  failed: 'FAIL',
  error: 'ERR ',
  timeout: 'TIME',
  memory_limit: 'MEM ',
  output_limit: 'OUT ',
};

/** The feedback a participant reads in a terminal. */
export function formatResult(r: GradingResult): string {
  const width = Math.max(...r.tests.map((t) => t.name.length), 4);
  const lines = r.tests.map((t) => {
    const label = `${t.name}${t.hidden ? ' (hidden)' : ''}`.padEnd(width + 9);
    const head = `  ${mark[t.status]}  ${label} ${t.time.toFixed(3)} s`;
    return t.status === 'passed' ? head : `${head}  ${t.message}`;
  });
  if (r.error)
    lines.unshift(
      `  ${r.error.type}: ${r.error.message}${r.error.line === null ? '' : ` (line ${r.error.line})`}`,
    );
  const passed = `${r.passed}/${r.total} tests passed`;
  lines.push(`Score ${r.score}/100 (${r.status}) — ${passed} in ${r.executionTime.toFixed(3)} s`);
  const analysis = r.analysis as { safe?: unknown; riskScore?: unknown; issues?: unknown[] } | undefined;
  if (analysis !== undefined && Array.isArray(analysis.issues))
    lines.push(
      `Static analysis: ${analysis.safe === true ? 'safe' : 'unsafe'}, risk ${String(analysis.riskScore)}, ${analysis.issues.length} issue(s)`,
    );
  return `${r.taskId}\n${lines.join('\n')}\n`;
}

export const submit: Command = async (argv, io) => {
  const parsed = parseFlags(argv, {
    tasks: { type: 'string' },
    json: { type: 'boolean' },
    junit: { type: 'string' },
    'no-analysis': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (parsed.values.help === true) {
    io.stdout(HELP);
    return 0;
  }
  const [taskId, file, ...extra] = parsed.positionals;
  if (taskId === undefined || file === undefined || extra.length > 0)
    throw usageError(`expected TASK_ID and FILE.py\n${HELP}`);
  const code = readSubmission(file, io.cwd);
  const config = loadConfig();
  const result = await withGrader(
    config,
    parsed.values.tasks,
    io.cwd,
    parsed.values['no-analysis'] !== true,
    (g) => g.submit(taskId, code),
  );
  if (parsed.values.junit !== undefined)
    writeFileSync(resolve(io.cwd, parsed.values.junit), toJUnitXml([{ result, name: file }]));
  io.stdout(parsed.values.json === true ? `${JSON.stringify(result, null, 2)}\n` : formatResult(result));
  return result.status === 'accepted' ? 0 : NOT_ACCEPTED;
};
