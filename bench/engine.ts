/**
 * Engine overhead: per-run latency (p50/p99) and throughput through Engine.run, side by side
 * in the same run with the baseline every peer pays per job — a fresh bubblewrap jail (the
 * same binds and namespaces as the engine's) around a fresh `python3 -I -S`, with the same
 * limits applied by prlimit. Plus idle RSS per zygote. Prints ratios; fails nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../src/engine/index.js';
import { engineConfigSchema } from '../src/engine/config.js';
import { installHarness, removeHarness } from '../src/engine/harness.js';
import { jailCommand } from '../src/engine/jail.js';
import { hostIds, probeSandbox } from '../src/engine/probe.js';

const WORKERS = 2;
const PRINT_ONE = 'print(1)\n';
const TEN_ASSERTS = [
  'def solve(xs):',
  '    best = cur = xs[0]',
  '    for x in xs[1:]:',
  '        cur = max(x, cur + x)',
  '        best = max(best, cur)',
  '    return best',
  ...[
    ['[1]', 1],
    ['[-1, -2]', -1],
    ['[1, 2, 3]', 6],
    ['[2, -1, 2]', 3],
    ['[-2, 1, -3, 4, -1, 2, 1, -5, 4]', 6],
    ['[5, -9, 6]', 6],
    ['[0, 0, 0]', 0],
    ['[3, -2, 5, -1]', 6],
    ['list(range(10))', 45],
    ['[-5] * 4 + [7]', 7],
  ].map(([xs, want]) => `assert solve(${String(xs)}) == ${String(want)}`),
  'print("ok")',
].join('\n');

const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

interface Figures {
  p50Ms: number;
  p99Ms: number;
  runsPerS: number;
}

/** Sequential latency over `n` runs, then throughput with `concurrency` loops over `m` runs. */
async function measure(fn: () => Promise<void>, n: number, m: number, concurrency: number): Promise<Figures> {
  const lat: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    lat.push(performance.now() - t);
  }
  lat.sort((a, b) => a - b);
  let left = m;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) await fn();
    }),
  );
  const runsPerS = (m / (performance.now() - t0)) * 1000;
  return { p50Ms: pct(lat, 0.5), p99Ms: pct(lat, 0.99), runsPerS };
}

function zygoteRssKiB(): number[] {
  const procs = readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .flatMap((n) => {
      try {
        const stat = readFileSync(`/proc/${n}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        return [
          {
            pid: Number(n),
            comm: stat.slice(stat.indexOf('(') + 1, close),
            ppid: Number(stat.slice(close + 2).split(' ')[1]),
          },
        ];
      } catch {
        return [];
      }
    });
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const isMine = (pid: number): boolean => {
    for (let p = byPid.get(pid); p !== undefined; p = byPid.get(p.ppid))
      if (p.ppid === process.pid) return true;
    return false;
  };
  return procs
    .filter((p) => p.comm.startsWith('python') && byPid.get(p.ppid)?.comm === 'bwrap' && isMine(p.pid))
    .map((p) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'))?.[1] ?? NaN));
}

/** The baseline: one fresh jail + interpreter per run, limits by prlimit. */
function freshJailRunner(): { run: (code: string) => Promise<void>; close: () => void } {
  const config = engineConfigSchema.parse({});
  const harness = installHarness();
  const root = mkdtempSync(join(tmpdir(), 'hb-bench-'));
  const probe = probeSandbox(config, harness, root);
  const jail = jailCommand({
    mode: 'strict',
    bwrapPath: config.bwrapPath,
    pythonPath: probe.pythonPath,
    harnessDir: harness,
    binds: probe.binds,
    symlinks: probe.symlinks,
    workdirBytes: config.workdirMiB * 1024 * 1024,
    hostRoot: root,
  });
  const bwrapArgs = jail.args.slice(0, jail.args.lastIndexOf(probe.pythonPath));
  const memBytes = config.defaultMemoryMiB * 1024 * 1024 + 64 * 1024 * 1024; // + interpreter, as the engine does
  const prlimit = [
    `--as=${memBytes}`,
    `--cpu=${Math.ceil(config.defaultCpuTimeMs / 1000)}`,
    `--fsize=${config.workdirMiB * 1024 * 1024}`,
    `--nofile=${config.maxOpenFiles}`,
    '--core=0',
  ];
  const run = (code: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const child = spawn(
        '/usr/bin/prlimit',
        [...prlimit, '--', jail.file, ...bwrapArgs, probe.pythonPath, '-I', '-S', '-c', code],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: {},
          ...hostIds(),
        },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('error', reject);
      child.on('close', (status) =>
        status === 0 && out !== ''
          ? resolve()
          : reject(new Error(`baseline exit ${status}: ${err.slice(-300)}`)),
      );
    });
  return {
    run,
    close: () => {
      removeHarness(harness);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

const row = (name: string, f: Figures): string =>
  `${name.padEnd(34)} p50 ${f.p50Ms.toFixed(2).padStart(7)} ms   p99 ${f.p99Ms.toFixed(2).padStart(7)} ms   ${f.runsPerS.toFixed(0).padStart(5)} runs/s`;

export async function run(): Promise<void> {
  const engine = createEngine({ workers: WORKERS });
  const baseline = freshJailRunner();
  try {
    const check = async (code: string): Promise<void> => {
      const r = await engine.run(code);
      if (r.status !== 'success') throw new Error(`engine run failed: ${r.status} ${r.stderr}`);
    };
    for (let i = 0; i < 50; i++) await check(PRINT_ONE); // warm up both zygotes
    const rss = zygoteRssKiB();
    for (const [label, code] of [
      ['print(1)', PRINT_ONE],
      ['10 asserts', TEN_ASSERTS],
    ] as const) {
      const eng = await measure(() => check(code), 300, 600, WORKERS * 2);
      const base = await measure(() => baseline.run(code), 40, 60, WORKERS);
      console.log(row(`engine.run  ${label}`, eng));
      console.log(row(`fresh bwrap+python  ${label}`, base));
      console.log(
        `  -> engine is ${(base.p50Ms / eng.p50Ms).toFixed(1)}x faster at p50, ${(eng.runsPerS / base.runsPerS).toFixed(1)}x the throughput (${WORKERS} workers)`,
      );
    }
    console.log(`idle RSS per zygote: ${rss.map((k) => `${(k / 1024).toFixed(1)} MiB`).join(', ')}`);
    const s = engine.stats();
    console.log(`stats: completed ${s.completed}, failed ${s.failed}, restarts ${s.restarts}`);
  } finally {
    await engine.close();
    baseline.close();
  }
}
