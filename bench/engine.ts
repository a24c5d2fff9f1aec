/**
 * Engine overhead: per-run latency (p50/p99) and throughput through Engine.run, side by side
 * in the same run with the baseline every peer pays per job — a fresh bubblewrap jail (the
 * same binds and namespaces as the engine's) around a fresh `python3 -I -S`, with the same
 * limits applied by prlimit. Latency twice: back to back (the next run starts the moment
 * the previous one returns) and arriving at an idle engine (a short pause between runs, the
 * interactive case), each sampled in rounds that alternate engine and baseline. CPU per run and page faults too, which a loaded machine distorts less
 * than wall time: job child (the kernel's figures in its result), jail (zygote and template
 * from /proc, with the job children they reaped), Node; for the baseline, every process it
 * spawns (the Node process's reaped-children times). Plus each jail's memory at rest.
 * Prints ratios; fails nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
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

const IDLE_GAP_MS = 5;
/** Latency is sampled in rounds that alternate engine and baseline, so that a change in the
 * machine's load during the run weighs on both sides alike. */
const ROUNDS = 4;

interface Side {
  fn: () => Promise<void>;
  /** Sequential runs in all (spread over the rounds). */
  n: number;
}
interface Latency {
  p50Ms: number;
  p99Ms: number;
}

/** p50/p99 of sequential runs (with `gapMs` between them) of the engine and of the baseline,
 * taken in ROUNDS rounds that alternate between the two. */
async function latencyRounds(engine: Side, base: Side, gapMs = 0): Promise<[Latency, Latency]> {
  const lat: [number[], number[]] = [[], []];
  for (let round = 0; round < ROUNDS; round++) {
    for (const [side, out] of [
      [engine, lat[0]],
      [base, lat[1]],
    ] as const) {
      for (let k = 0; k < Math.ceil(side.n / ROUNDS); k++) {
        if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
        const t = performance.now();
        await side.fn();
        out.push(performance.now() - t);
      }
    }
  }
  const figures = (l: number[]): Latency => {
    l.sort((x, y) => x - y);
    return { p50Ms: pct(l, 0.5), p99Ms: pct(l, 0.99) };
  };
  return [figures(lat[0]), figures(lat[1])];
}

/** Runs per second of `m` runs, `concurrency` loops at a time. */
async function throughput(fn: () => Promise<void>, m: number, concurrency: number): Promise<number> {
  let left = m;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) await fn();
    }),
  );
  return (m / (performance.now() - t0)) * 1000;
}

/** utime+stime (ms) and minor faults of a process: its own, or with `tree` also those of
 * every descendant it has reaped (for a zygote: everything that ran in its jail). */
function procCpu(pid: number | 'self', tree = false): { cpuMs: number; minflt: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  const tick = 10; // USER_HZ = 100 on Linux
  const at = (i: number): number => f[i] ?? NaN;
  const own = { cpuMs: (at(11) + at(12)) * tick, minflt: at(7) };
  return tree ? { cpuMs: own.cpuMs + (at(13) + at(14)) * tick, minflt: own.minflt + at(8) } : own;
}

/** What the reaped children of `self` cost (the baseline's spawned processes). */
function reapedCpu(): { cpuMs: number; minflt: number } {
  const all = procCpu('self', true);
  const own = procCpu('self');
  return { cpuMs: all.cpuMs - own.cpuMs, minflt: all.minflt - own.minflt };
}

/** One jail at rest: its zygote, the template the zygote forks job children through, and
 * the standby child waiting for a job. */
interface Jail {
  zygote: number;
  /** Long-lived processes whose CPU (with that of every child they reaped) is the jail's. */
  accounted: number[];
  zygoteRssKiB: number;
  /** Proportional set size of all of the jail's processes: what the jail really costs. */
  pssKiB: number;
}

/** A figure (KiB) from a /proc file; 0 if the process is gone (a child just replaced). */
const kib = (file: string, key: string): number => {
  try {
    return Number(new RegExp(`${key}:\\s+(\\d+)`).exec(readFileSync(file, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
};

function jails(): Jail[] {
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
  const childrenOf = (pid: number): number[] => procs.filter((p) => p.ppid === pid).map((p) => p.pid);
  return procs
    .filter((p) => p.comm.startsWith('python') && byPid.get(p.ppid)?.comm === 'bwrap' && isMine(p.pid))
    .map((z) => {
      const templates = childrenOf(z.pid);
      const all = [z.pid, ...templates, ...templates.flatMap(childrenOf)];
      return {
        zygote: z.pid,
        accounted: [z.pid, ...templates],
        zygoteRssKiB: kib(`/proc/${z.pid}/status`, 'VmRSS'),
        pssKiB: all.reduce((sum, pid) => sum + kib(`/proc/${pid}/smaps_rollup`, 'Pss'), 0),
      };
    });
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
  `${name.padEnd(34)} p50 ${f.p50Ms.toFixed(2).padStart(7)} ms   p99 ${f.p99Ms.toFixed(2).padStart(7)} ms` +
  (Number.isNaN(f.runsPerS) ? '' : `   ${f.runsPerS.toFixed(0).padStart(5)} runs/s`);

interface Cost {
  /** Job child (engine, wait4 rusage) or every spawned process (baseline), per run. */
  childCpuMs: number;
  childFaults: number;
  /** Engine: everything in the jails (zygotes and whatever they forked), job child included. */
  jailCpuMs: number;
  jailFaults: number;
  nodeCpuMs: number;
}

/** CPU and minor faults per run over `n` sequential runs. */
async function cost(
  n: number,
  fn: () => Promise<{ cpuS: number; faults: number } | undefined>,
  zygotePids: number[],
): Promise<Cost> {
  const z0 = zygotePids.map((p) => procCpu(p, true));
  const c0 = reapedCpu();
  const n0 = process.cpuUsage();
  let childCpuS = 0;
  let childFaults = 0;
  for (let i = 0; i < n; i++) {
    const r = await fn();
    childCpuS += r?.cpuS ?? 0;
    childFaults += r?.faults ?? 0;
  }
  const n1 = process.cpuUsage(n0);
  const c1 = reapedCpu();
  const z1 = zygotePids.map((p) => procCpu(p, true));
  const zSum = (k: 'cpuMs' | 'minflt'): number => z1.reduce((a, z, i) => a + z[k] - (z0[i]?.[k] ?? 0), 0);
  const reaped = zygotePids.length === 0;
  return {
    childCpuMs: reaped ? (c1.cpuMs - c0.cpuMs) / n : (childCpuS * 1000) / n,
    childFaults: reaped ? (c1.minflt - c0.minflt) / n : childFaults / n,
    jailCpuMs: zSum('cpuMs') / n,
    jailFaults: zSum('minflt') / n,
    nodeCpuMs: (n1.user + n1.system) / 1000 / n,
  };
}

export async function run(): Promise<void> {
  const engine = createEngine({ workers: WORKERS });
  const baseline = freshJailRunner();
  try {
    const check = async (code: string): Promise<{ cpuS: number; faults: number }> => {
      const r = await engine.run(code);
      if (r.status !== 'success') throw new Error(`engine run failed: ${r.status} ${r.stderr}`);
      return { cpuS: r.cpuTime, faults: r.syscalls.minorPageFaults };
    };
    for (let i = 0; i < 50; i++) await check(PRINT_ONE); // warm up both zygotes
    await new Promise((r) => setTimeout(r, 100)); // let the last job's child be reaped and replaced
    const zs = jails();
    console.log(
      `load average at start: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (2 cores shared with other work)`,
    );
    for (const [label, code] of [
      ['print(1)', PRINT_ONE],
      ['10 asserts', TEN_ASSERTS],
    ] as const) {
      const [engLat, baseLat] = await latencyRounds(
        { fn: () => check(code).then(() => undefined), n: 400 },
        { fn: () => baseline.run(code), n: 60 },
      );
      const eng = {
        ...engLat,
        runsPerS: await throughput(() => check(code).then(() => undefined), 600, WORKERS * 2),
      };
      const base = { ...baseLat, runsPerS: await throughput(() => baseline.run(code), 60, WORKERS) };
      console.log(row(`engine.run  ${label}`, eng));
      console.log(row(`fresh bwrap+python  ${label}`, base));
      console.log(
        `  -> engine is ${(base.p50Ms / eng.p50Ms).toFixed(1)}x faster at p50, ${(eng.runsPerS / base.runsPerS).toFixed(1)}x the throughput (${WORKERS} workers)`,
      );
    }
    const [idleLat, idleBaseLat] = await latencyRounds(
      { fn: () => check(PRINT_ONE).then(() => undefined), n: 200 },
      { fn: () => baseline.run(PRINT_ONE), n: 40 },
      IDLE_GAP_MS,
    );
    const idle = { ...idleLat, runsPerS: NaN };
    const idleBase = { ...idleBaseLat, runsPerS: NaN };
    console.log(row(`engine.run  print(1), idle engine`, idle));
    console.log(row(`fresh bwrap+python  print(1), idle`, idleBase));
    console.log(
      `  -> engine is ${(idleBase.p50Ms / idle.p50Ms).toFixed(1)}x faster at p50 (${IDLE_GAP_MS} ms between runs)`,
    );
    const eCost = await cost(
      300,
      () => check(PRINT_ONE),
      zs.flatMap((z) => z.accounted),
    );
    const bCost = await cost(40, () => baseline.run(PRINT_ONE).then(() => undefined), []);
    const eTotal = eCost.jailCpuMs + eCost.nodeCpuMs;
    const bTotal = bCost.childCpuMs + bCost.nodeCpuMs;
    console.log(
      `CPU per print(1) run: engine ${eTotal.toFixed(2)} ms (jail ${eCost.jailCpuMs.toFixed(2)}, of which job child ${eCost.childCpuMs.toFixed(2)}; Node ${eCost.nodeCpuMs.toFixed(2)}); ` +
        `baseline ${bTotal.toFixed(2)} ms (spawned processes ${bCost.childCpuMs.toFixed(2)}, Node ${bCost.nodeCpuMs.toFixed(2)}) -> ${(bTotal / eTotal).toFixed(1)}x less CPU`,
    );
    console.log(
      `minor page faults per print(1) run: engine jail ${eCost.jailFaults.toFixed(0)} (job child ${eCost.childFaults.toFixed(0)}); baseline ${bCost.childFaults.toFixed(0)}`,
    );
    console.log(
      `  -> CPU-bound ceiling with ${WORKERS} idle cores: ~${((WORKERS * 1000) / eTotal).toFixed(0)} runs/s (engine), ~${((WORKERS * 1000) / bTotal).toFixed(0)} runs/s (baseline)`,
    );
    console.log(
      `idle memory per jail (zygote + template + standby child): PSS ${zs.map((z) => `${(z.pssKiB / 1024).toFixed(1)} MiB`).join(', ')}; zygote RSS ${zs.map((z) => `${(z.zygoteRssKiB / 1024).toFixed(1)} MiB`).join(', ')}`,
    );
    const s = engine.stats();
    console.log(`stats: completed ${s.completed}, failed ${s.failed}, restarts ${s.restarts}`);
  } finally {
    await engine.close();
    baseline.close();
  }
}
