/**
 * Grading latency and throughput, side by side with the obvious baseline: every test as a
 * fresh bubblewrap process (what a judge without a warm pool does per test).
 *
 * - latency: one 10-test function-mode submission at a time, p50/p99 of submit() (target: p50 ≤ 30 ms)
 * - throughput: 200 submissions of the same task, graded two at a time, submissions/s
 *   (the baseline's rate from 50, as it is several times slower)
 * The baseline runs the same tests with the same parallelism (one process per test, as many
 * in flight as the engine has workers) and compares the same JSON return values.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEngine } from '../src/engine/index.js';
import { createGrader, loadTasks } from '../src/grading/index.js';
import type { Grader, Runner, Task } from '../src/grading/index.js';

const TESTS = 10;
const LATENCY_RUNS = 100;
const BASELINE_LATENCY_RUNS = 30;
const BATCH = 200;
/** The baseline is ~5x slower; its rate is steady after a few dozen submissions. */
const BASELINE_BATCH = 50;
const SOLUTION = 'def solution(a, b):\n    return a + b\n';

function makeCatalog(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hb-bench-grading-'));
  mkdirSync(join(dir, 'sum10'));
  const tests = Array.from(
    { length: TESTS },
    (_, i) =>
      `  - { name: t${i}, args: [${i}, ${i * 7}], expected: ${i * 8}${i >= 7 ? ', hidden: true' : ''} }`,
  );
  writeFileSync(
    join(dir, 'sum10', 'task.yaml'),
    `id: sum10\ntitle: Sum\nmode: function\nentry: solution\nlimits: { time: 1, memory: 64, output: 64 }\ntests:\n${tests.join('\n')}\n`,
  );
  return dir;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function timed(n: number, once: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await once();
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

/** One test as a fresh jail: bwrap + python, the function called, its JSON on stdout. */
function freshBwrapTest(args: readonly unknown[]): Promise<string> {
  const program = `${SOLUTION}\nimport json, sys\nsys.stdout.write(json.dumps(solution(*${JSON.stringify(args)})))`;
  const argv = [
    '--unshare-all',
    '--unshare-user',
    '--uid',
    '65534',
    '--gid',
    '65534',
    '--die-with-parent',
    '--new-session',
    '--ro-bind',
    '/usr',
    '/usr',
    '--symlink',
    'usr/lib',
    '/lib',
    '--symlink',
    'usr/lib64',
    '/lib64',
    '--symlink',
    'usr/bin',
    '/bin',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--tmpfs',
    '/tmp',
    '--chdir',
    '/tmp',
    '--clearenv',
    '/usr/bin/python3',
    '-I',
    '-S',
    '-c',
    program,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/bwrap', argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`bwrap exited ${code}`))));
  });
}

/** The baseline grader: same tests, same parallelism, a fresh jail per test. */
async function baselineSubmit(task: Task, parallel: number): Promise<number> {
  let next = 0;
  let passed = 0;
  const worker = async (): Promise<void> => {
    while (next < task.tests.length) {
      const test = task.tests[next++]!;
      const out = await freshBwrapTest(test.args ?? []);
      if (out === JSON.stringify(test.expected)) passed += 1;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return passed;
}

/** A runner that returns `a + b` at once: measures the grader without the sandbox. */
function instantRunner(): Runner {
  return {
    run: async (_code, options) => {
      const [a, b] = (options?.call?.args ?? []) as number[];
      return {
        status: 'success',
        stdout: '',
        stderr: '',
        executionTime: 0,
        cpuTime: 0,
        memoryUsage: 0,
        returnValue: { kind: 'json', json: JSON.stringify((a ?? 0) + (b ?? 0)) },
      };
    },
  };
}

async function batch(n: number, concurrency: number, once: () => Promise<unknown>): Promise<number> {
  let left = n;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) await once();
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

const ms = (v: number): string => `${v.toFixed(1)} ms`;

export async function run(): Promise<void> {
  const tasks = loadTasks(makeCatalog());
  const task = tasks.require('sum10');
  const engine = createEngine();
  const workers = engine.stats().size || availableParallelism();
  const grader: Grader = createGrader({ engine, tasks });
  try {
    for (let i = 0; i < 20; i++) await grader.submit('sum10', SOLUTION); // warm the zygotes
    const check = await grader.submit('sum10', SOLUTION);
    if (check.score !== 100) throw new Error(`bench task graded ${check.score}, expected 100`);
    const hb = await timed(LATENCY_RUNS, () => grader.submit('sum10', SOLUTION));
    if ((await baselineSubmit(task, workers)) !== TESTS)
      throw new Error('baseline did not pass its own tests');
    const base = await timed(BASELINE_LATENCY_RUNS, () => baselineSubmit(task, workers));
    const hbRate = await batch(BATCH, 2, () => grader.submit('sum10', SOLUTION));
    // What grading itself costs, with a runner that answers at once: dispatch, checks, scoring
    // and the result's schema check. The rest of the latency is the sandbox's.
    const instant = createGrader({ engine: instantRunner(), tasks });
    const own = await timed(LATENCY_RUNS, () => instant.submit('sum10', SOLUTION));
    // One sandboxed job alone: the floor each round of `workers` tests pays.
    const job = await timed(LATENCY_RUNS, () =>
      engine.run(SOLUTION, { call: { entry: 'solution', args: [1, 2] } }),
    );
    const baseRate = await batch(BASELINE_BATCH, 2, () => baselineSubmit(task, workers));

    const p50 = percentile(hb, 50);
    console.log(`${TESTS}-test task, ${workers} workers, tests of one submission in parallel`);
    console.log(
      `                         p50        p99     submissions/s (batch of ${BATCH}; baseline ${BASELINE_BATCH})`,
    );
    console.log(
      `  hackbridge grader   ${ms(p50).padStart(9)}  ${ms(percentile(hb, 99)).padStart(9)}     ${hbRate.toFixed(1)}`,
    );
    console.log(
      `  fresh bwrap / test  ${ms(percentile(base, 50)).padStart(9)}  ${ms(percentile(base, 99)).padStart(9)}     ${baseRate.toFixed(1)}`,
    );
    console.log(
      `  ratio               ${(percentile(base, 50) / p50).toFixed(1)}x faster p50, ${(hbRate / baseRate).toFixed(1)}x the throughput`,
    );
    console.log(
      `  grading's own cost  ${ms(percentile(own, 50)).padStart(9)}  ${ms(percentile(own, 99)).padStart(9)}     (no sandbox)`,
    );
    console.log(
      `  one engine job      ${ms(percentile(job, 50)).padStart(9)}  ${ms(percentile(job, 99)).padStart(9)}     (a ${TESTS}-test task needs ${Math.ceil(TESTS / workers)} rounds of these)`,
    );
    console.log(`  target p50 ≤ 30 ms: ${p50 <= 30 ? 'met' : 'NOT met'} (${ms(p50)})`);
  } finally {
    await engine.close();
  }
}
