/**
 * Static analysis: on the labelled corpus (test/fixtures/analysis/{benign,hostile}),
 * precision, recall and F1 of HackBridge and of Bandit side by side, and time per file —
 * the warm analyser (parser loaded, cache off) against one Bandit process over the whole
 * corpus. A file counts as flagged by HackBridge when the report is unsafe, by Bandit when
 * any result has MEDIUM or HIGH severity. Prints; fails nothing.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAnalyzer } from '../src/analysis/index.js';

const CORPUS = resolve('test/fixtures/analysis');
const BANDIT = '/usr/bin/bandit';
const ROUNDS = 20;

interface Sample {
  readonly path: string;
  readonly hostile: boolean;
  readonly code: string;
  readonly lines: number;
}

interface Scores {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

function load(): Sample[] {
  return (['benign', 'hostile'] as const).flatMap((label) =>
    readdirSync(join(CORPUS, label))
      .filter((f) => f.endsWith('.py'))
      .sort()
      .map((f) => {
        const path = join(CORPUS, label, f);
        const code = readFileSync(path, 'utf8');
        return { path, hostile: label === 'hostile', code, lines: code.split('\n').length };
      }),
  );
}

function score(samples: readonly Sample[], flagged: (s: Sample) => boolean): Scores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const s of samples) {
    const f = flagged(s);
    if (f && s.hostile) tp++;
    else if (f && !s.hostile) fp++;
    else if (!f && s.hostile) fn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, tp, fp, fn };
}

interface BanditRun {
  /** Files with a MEDIUM or HIGH result. */
  readonly flagged: Set<string>;
  /** The same without B322 (Bandit 1.6's Python 2 `input()` check, HIGH on every input() call under Python 3). */
  readonly flaggedWithoutB322: Set<string>;
  readonly msPerFile: number;
}

function runBandit(): BanditRun | undefined {
  const start = performance.now();
  const out = spawnSync(BANDIT, ['-f', 'json', '-q', '-r', CORPUS], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = performance.now() - start;
  if (out.error !== undefined || out.stdout === '') return undefined;
  const parsed = JSON.parse(out.stdout) as {
    results: { filename: string; issue_severity: string; test_id: string }[];
    metrics: Record<string, unknown>;
  };
  const serious = parsed.results.filter((r) => r.issue_severity === 'MEDIUM' || r.issue_severity === 'HIGH');
  const flagged = new Set(serious.map((r) => resolve(r.filename)));
  const flaggedWithoutB322 = new Set(
    serious.filter((r) => r.test_id !== 'B322').map((r) => resolve(r.filename)),
  );
  const files = Object.keys(parsed.metrics).filter((k) => k !== '_totals').length;
  return { flagged, flaggedWithoutB322, msPerFile: wallMs / Math.max(files, 1) };
}

const fmt = (n: number): string => n.toFixed(3);

export async function run(): Promise<void> {
  const samples = load();
  const totalLines = samples.reduce((n, s) => n + s.lines, 0);
  console.log(
    `corpus: ${samples.filter((s) => !s.hostile).length} benign + ${samples.filter((s) => s.hostile).length} hostile files, ${totalLines} lines`,
  );

  const analyzer = createAnalyzer({ cacheEntries: 0 });
  const verdicts = new Map<string, boolean>();
  for (const s of samples) verdicts.set(s.path, !(await analyzer.analyze(s.code)).safe); // warm-up + verdicts
  const cpuMs = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const start = performance.now();
  const cpuStart = cpuMs();
  for (let round = 0; round < ROUNDS; round++) for (const s of samples) await analyzer.analyze(s.code);
  const hbMs = (performance.now() - start) / ROUNDS;
  const hbCpuMs = (cpuMs() - cpuStart) / ROUNDS;
  const hb = score(samples, (s) => verdicts.get(s.path) === true);

  const bandit = runBandit();
  const bd = bandit === undefined ? undefined : score(samples, (s) => bandit.flagged.has(s.path));
  const bdNoB322 =
    bandit === undefined ? undefined : score(samples, (s) => bandit.flaggedWithoutB322.has(s.path));

  const row = (name: string, s: Scores | undefined): string =>
    s === undefined
      ? `${name.padEnd(12)} (bandit not available at ${BANDIT})`
      : `${name.padEnd(12)} ${fmt(s.precision).padStart(9)} ${fmt(s.recall).padStart(7)} ${fmt(s.f1).padStart(6)}   tp ${s.tp} fp ${s.fp} fn ${s.fn}`;
  console.log(`${''.padEnd(12)} ${'precision'.padStart(9)} ${'recall'.padStart(7)} ${'F1'.padStart(6)}`);
  console.log(row('HackBridge', hb));
  console.log(row('Bandit', bd));
  console.log(row('Bandit-B322', bdNoB322));
  console.log(
    '(Bandit-B322: the same run ignoring B322, whose Python 2 input() check flags every input() call)',
  );

  const perFile = hbMs / samples.length;
  const per100Lines = (hbMs / totalLines) * 100;
  const loadAverage = loadavg()[0] ?? 0;
  console.log(
    `machine: ${cpus().length} CPUs, load average ${loadAverage.toFixed(1)} (wall times inflate under load; CPU time less so)`,
  );
  console.log(
    `time per file: HackBridge ${perFile.toFixed(3)} ms warm wall, ${(hbCpuMs / samples.length).toFixed(3)} ms CPU; ` +
      `scaled to 100 lines ${per100Lines.toFixed(3)} ms wall, ${((hbCpuMs / totalLines) * 100).toFixed(3)} ms CPU (target <= 2)` +
      (bandit === undefined
        ? ''
        : `; Bandit ${bandit.msPerFile.toFixed(2)} ms (one process over the corpus, wall)`),
  );
  if (bandit !== undefined)
    console.log(`ratio: Bandit / HackBridge per file = ${(bandit.msPerFile / perFile).toFixed(1)}x`);
  const missed = samples.filter((s) => s.hostile && verdicts.get(s.path) !== true).map((s) => s.path);
  const falseAlarms = samples.filter((s) => !s.hostile && verdicts.get(s.path) === true).map((s) => s.path);
  if (missed.length > 0) console.log(`HackBridge missed: ${missed.join(', ')}`);
  if (falseAlarms.length > 0) console.log(`HackBridge false alarms: ${falseAlarms.join(', ')}`);
}
