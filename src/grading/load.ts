/**
 * Loads a task catalog: every `<dir>/<id>/task.yaml` (+ `checker.py`, + data files). Every
 * problem names the file, the path inside it (`tests[2].weight`), the reason and, where the
 * YAML has it, the line — so an author can fix a catalog from one `tasks validate` run.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { LineCounter, isNode, parseDocument, type Document } from 'yaml';
import { HackBridgeError } from '../common/index.js';
import { containsBigInt, narrowBigInts, parseJsonExact, toWire } from './values.js';
import { parseChecker, rawTaskSchema, type RawTask, type Task, type TaskTest } from './task-schema.js';

/** One thing wrong in a catalog. */
export interface TaskProblem {
  readonly file: string;
  /** Path inside the file, e.g. `tests[2].weight`; '' for the whole file. */
  readonly path: string;
  readonly reason: string;
  readonly line?: number | undefined;
}

export interface CatalogReport {
  readonly tasks: readonly Task[];
  readonly problems: readonly TaskProblem[];
}

type PathKey = string | number;

export function formatPath(path: readonly PathKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? key : `${out}.${key}`),
    '',
  );
}

export function formatProblem(p: TaskProblem): string {
  const where = p.path === '' ? p.file : `${p.file}: ${p.path}`;
  return `${where}: ${p.reason}${p.line === undefined ? '' : ` (line ${p.line})`}`;
}

/** The line of the deepest node on `path` that exists (a missing key points at its parent). */
function lineOf(doc: Document, counter: LineCounter, path: readonly PathKey[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

/**
 * Expected values holding integers past 2^53, kept exact for the checkers. The task object
 * itself carries JSON-safe values (bigints as decimal strings) so any consumer can send it
 * with `JSON.stringify`.
 */
const exactExpected = new WeakMap<TaskTest, unknown>();

/** The value the checkers compare against: exact, bigints included. */
export function expectedOf(test: TaskTest): unknown {
  return exactExpected.has(test) ? exactExpected.get(test) : test.expected;
}

function readData(taskDir: string, rel: string, json: boolean): unknown {
  const text = readFileSync(join(taskDir, rel), 'utf8');
  return json ? parseJsonExact(text) : text;
}

function resolveTests(raw: RawTask, taskDir: string, file: string, problems: TaskProblem[]): TaskTest[] {
  return raw.tests.map((t, i) => {
    const load = (key: string, rel: string | undefined, json: boolean): unknown => {
      if (rel === undefined) return undefined;
      try {
        return readData(taskDir, rel, json);
      } catch (cause) {
        const reason = existsSync(join(taskDir, rel))
          ? `cannot read ${rel}: ${(cause as Error).message}`
          : `file not found: ${rel}`;
        problems.push({ file, path: formatPath(['tests', i, key]), reason });
        return undefined;
      }
    };
    const argsFromFile = load('args_file', t.args_file, true);
    if (t.args_file !== undefined && argsFromFile !== undefined && !Array.isArray(argsFromFile))
      problems.push({ file, path: formatPath(['tests', i, 'args_file']), reason: 'must hold a JSON list' });
    const args = t.args ?? (Array.isArray(argsFromFile) ? argsFromFile : undefined);
    if (args !== undefined && containsBigInt(args))
      problems.push({
        file,
        path: formatPath(['tests', i, t.args === undefined ? 'args_file' : 'args']),
        reason: 'an integer argument beyond ±2^53 cannot travel exactly; pass it as a string',
      });
    const stdin = t.stdin ?? (load('stdin_file', t.stdin_file, false) as string | undefined);
    const expected =
      raw.mode === 'function'
        ? (t.expected ?? load('expected_file', t.expected_file, true) ?? null)
        : (t.stdout ?? load('stdout_file', t.stdout_file, false) ?? null);
    const test: TaskTest = {
      name: t.name,
      ...(raw.mode === 'function' ? { args: args ?? [] } : { stdin: stdin ?? '' }),
      expected: toWire(expected),
      weight: t.weight,
      hidden: t.hidden,
    };
    if (containsBigInt(expected)) exactExpected.set(test, expected);
    return test;
  });
}

/** Loads one task folder; returns the task or the problems found (never both empty). */
export function inspectTask(taskDir: string): { task?: Task; problems: TaskProblem[] } {
  const file = join(taskDir, 'task.yaml');
  const problems: TaskProblem[] = [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { problems: [{ file, path: '', reason: 'task.yaml not found or unreadable' }] };
  }
  const counter = new LineCounter();
  // intAsBigInt: an expected Python int past 2^53 must compare exactly (values.ts)
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, intAsBigInt: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    return {
      problems: [{ file, path: '', reason: `YAML: ${e.message.split('\n')[0]}`, line: e.linePos?.[0].line }],
    };
  }
  const parsed = rawTaskSchema.safeParse(narrowBigInts(doc.toJS()));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((k): k is PathKey => typeof k !== 'symbol');
      problems.push({
        file,
        path: formatPath(path),
        reason: issue.message,
        line: lineOf(doc, counter, path),
      });
    }
    return { problems };
  }
  const raw = parsed.data;
  const at = (path: PathKey[]): number | undefined => lineOf(doc, counter, path);
  if (raw.id !== basename(resolve(taskDir)))
    problems.push({
      file,
      path: 'id',
      reason: `id '${raw.id}' must equal the folder name`,
      line: at(['id']),
    });
  const checker = parseChecker(raw.checker);
  let checkerSource: string | undefined;
  if (typeof checker !== 'string' && checker.kind === 'custom') {
    try {
      checkerSource = readFileSync(join(taskDir, 'checker.py'), 'utf8');
    } catch {
      problems.push({
        file,
        path: 'checker',
        reason: 'a custom checker needs checker.py beside task.yaml',
        line: at(['checker']),
      });
    }
  }
  const tests = resolveTests(raw, taskDir, file, problems);
  if (problems.length > 0 || typeof checker === 'string') return { problems };
  const task: Task = {
    id: raw.id,
    title: raw.title,
    statement: raw.statement,
    mode: raw.mode,
    ...(raw.entry === undefined ? {} : { entry: raw.entry }),
    limits: raw.limits,
    checker,
    ...(checkerSource === undefined ? {} : { checkerSource }),
    tags: raw.tags,
    ...(raw.difficulty === undefined ? {} : { difficulty: raw.difficulty }),
    tests,
    dir: resolve(taskDir),
  };
  return { task, problems };
}

function invalid(problems: readonly TaskProblem[]): HackBridgeError {
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new HackBridgeError('HB_TASK_INVALID', `Invalid task: ${formatProblem(first)}${more}`, {
    statusCode: 400,
    details: { ...first, problems },
  });
}

/** Loads one task folder or throws `HB_TASK_INVALID` naming file, path and reason. */
export function loadTask(taskDir: string): Task {
  const { task, problems } = inspectTask(taskDir);
  if (task === undefined || problems.length > 0) throw invalid(problems);
  return task;
}

/** Checks a whole catalog and reports every problem instead of stopping at the first. */
export function validateCatalog(dir: string): CatalogReport {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    names = readdirSync(dir).sort();
  } catch (cause) {
    throw new HackBridgeError(
      'HB_TASK_CATALOG_NOT_FOUND',
      `Task catalog ${dir} is not a readable directory`,
      {
        statusCode: 404,
        details: { dir },
        cause,
      },
    );
  }
  const tasks: Task[] = [];
  const problems: TaskProblem[] = [];
  for (const name of names) {
    const taskDir = join(dir, name);
    if (name.startsWith('.') || !statSync(taskDir).isDirectory()) continue;
    const result = inspectTask(taskDir);
    problems.push(...result.problems);
    if (result.task !== undefined && result.problems.length === 0) tasks.push(result.task);
  }
  return { tasks, problems };
}

/** A loaded catalog, read-only. */
export interface TaskCatalog {
  readonly dir: string;
  list(): readonly Task[];
  get(id: string): Task | undefined;
  /** The task or `HB_TASK_NOT_FOUND` (404). */
  require(id: string): Task;
}

export function catalogOf(dir: string, tasks: readonly Task[]): TaskCatalog {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  return {
    dir: resolve(dir),
    list: () => [...byId.values()],
    get: (id) => byId.get(id),
    require(id) {
      const task = byId.get(id);
      if (task === undefined)
        throw new HackBridgeError('HB_TASK_NOT_FOUND', `No task '${id}' in ${dir}`, {
          statusCode: 404,
          details: { taskId: id },
        });
      return task;
    },
  };
}

/**
 * Loads every task under `dir`. Fails closed: one invalid task makes the whole load fail
 * with `HB_TASK_INVALID` (details: the first problem plus the full list), so a server never
 * serves half a catalog silently.
 */
export function loadTasks(dir: string): TaskCatalog {
  const { tasks, problems } = validateCatalog(dir);
  if (problems.length > 0) throw invalid(problems);
  return catalogOf(dir, tasks);
}
