/**
 * `submitTask(taskId, code, options?)`: the bridge call from the platform's design document,
 * as a one-liner for library users. It lazily creates one shared engine (a warm zygote pool
 * is worth keeping) and caches loaded catalogs by directory. Services that own an engine use
 * `createGrader` instead and pass theirs in.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, type Engine } from '../engine/index.js';
import { createGrader, type SubmitOptions } from './grader.js';
import { loadTasks, type TaskCatalog } from './load.js';
import type { GradingResult } from './result-schema.js';
import type { Runner } from './runner.js';

export interface SubmitTaskOptions extends SubmitOptions {
  /** Task catalog; default `./tasks` when it exists, else the sample catalog shipped with the package. */
  readonly tasksDir?: string;
  /** An engine to run on (e.g. a service's long-lived one); default: a shared one created on first use. */
  readonly engine?: Runner;
  /** Attach the static analysis report (default true); its failure never fails grading. */
  readonly analyze?: boolean;
}

let sharedEngine: Engine | undefined;
const catalogs = new Map<string, TaskCatalog>();

/** The sample catalog shipped with the package. */
export function packagedTasksDir(): string {
  // src/grading/ and dist/grading/ both sit two levels below the package root.
  return fileURLToPath(new URL('../../tasks', import.meta.url));
}

/** `./tasks` of the working directory, else the package's own sample catalog. */
export function defaultTasksDir(): string {
  const local = resolve('tasks');
  return existsSync(local) ? local : packagedTasksDir();
}

function catalogAt(dir: string): TaskCatalog {
  const key = resolve(dir);
  let catalog = catalogs.get(key);
  if (catalog === undefined) {
    catalog = loadTasks(key);
    catalogs.set(key, catalog);
  }
  return catalog;
}

/**
 * Grades `code` against task `taskId`: a score from 0 to 100 with feedback per test.
 * Throws only HackBridge's own faults (`HB_TASK_NOT_FOUND`, `HB_TASK_INVALID`, engine
 * startup failures); whatever the submitted code does is in the result.
 */
export async function submitTask(
  taskId: string,
  code: string,
  options: SubmitTaskOptions = {},
): Promise<GradingResult> {
  const tasks = catalogAt(options.tasksDir ?? defaultTasksDir());
  const engine = options.engine ?? (sharedEngine ??= createEngine());
  const grader = createGrader({
    engine,
    tasks,
    analyze: options.analyze !== false,
  });
  return grader.submit(
    taskId,
    code,
    options.onProgress === undefined ? {} : { onProgress: options.onProgress },
  );
}

/** Stops the shared engine `submitTask` created (so a script can exit) and forgets cached catalogs. */
export async function closeSharedGrader(): Promise<void> {
  const engine = sharedEngine;
  sharedEngine = undefined;
  catalogs.clear();
  await engine?.close();
}
