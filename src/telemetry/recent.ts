/**
 * The figures behind `snapshot()`: counts since start, quantiles over the most recent runs
 * (a ring buffer, so memory stays bounded and p95 reflects now rather than last week), and
 * runs and errors per minute over the last hour.
 */
import type { MetricsSnapshot, PoolStats, QueueDepthStats } from './types.js';

const RESERVOIR_SIZE = 10_000;
const MINUTE_MS = 60_000;
const TIMELINE_MINUTES = 60;

class Ring {
  private readonly values: number[] = [];
  private next = 0;
  constructor(private readonly size: number) {}

  push(v: number): void {
    if (this.values.length < this.size) this.values.push(v);
    else this.values[this.next] = v;
    this.next = (this.next + 1) % this.size;
  }

  /** Nearest-rank quantiles: exact values that occurred, no interpolation. */
  summary(): { count: number; p50: number | null; p95: number | null; max: number | null } {
    const sorted = [...this.values].sort((a, b) => a - b);
    const n = sorted.length;
    const rank = (q: number): number | null =>
      n === 0 ? null : (sorted[Math.max(0, Math.ceil(q * n) - 1)] ?? null);
    return { count: n, p50: rank(0.5), p95: rank(0.95), max: n === 0 ? null : (sorted[n - 1] ?? null) };
  }
}

const bump = (m: Record<string, number>, key: string): void => {
  m[key] = (m[key] ?? 0) + 1;
};

export class RecentStats {
  private readonly startedMs: number;
  /** `runCode` runs by engine status; graded tests by verdict, apart (different vocabularies). */
  private readonly runsByStatus: Record<string, number> = {};
  private readonly testsByStatus: Record<string, number> = {};
  private readonly submissionsByStatus: Record<string, number> = {};
  private readonly errorsByType: Record<string, number> = {};
  private analyses = 0;
  private unsafe = 0;
  private readonly execTimes = new Ring(RESERVOIR_SIZE);
  private readonly memories = new Ring(RESERVOIR_SIZE);
  /** Minute index (ms / 60 000) → counts; pruned to the last hour on write. */
  private readonly minutes = new Map<number, { runs: number; errors: number }>();
  private pool: PoolStats | undefined;
  private queue: QueueDepthStats | undefined;

  constructor(private readonly now: () => number) {
    this.startedMs = now();
  }

  private minute(): { runs: number; errors: number } {
    const m = Math.floor(this.now() / MINUTE_MS);
    let bucket = this.minutes.get(m);
    if (bucket === undefined) {
      bucket = { runs: 0, errors: 0 };
      this.minutes.set(m, bucket);
      for (const k of this.minutes.keys()) if (k <= m - TIMELINE_MINUTES) this.minutes.delete(k);
    }
    return bucket;
  }

  run(kind: 'run' | 'test', status: string, executionTimeS: number, memoryKiB: number): void {
    bump(kind === 'test' ? this.testsByStatus : this.runsByStatus, status);
    this.execTimes.push(executionTimeS);
    this.memories.push(memoryKiB);
    this.minute().runs += 1;
  }

  analysis(safe: boolean): void {
    this.analyses += 1;
    if (!safe) this.unsafe += 1;
  }

  submission(status: string): void {
    bump(this.submissionsByStatus, status);
  }

  error(type: string): void {
    bump(this.errorsByType, type);
    this.minute().errors += 1;
  }

  setPool({ size, busy, restarts }: PoolStats): void {
    this.pool = { size, busy, restarts };
  }

  setQueue({ waiting, active, delayed, failed }: QueueDepthStats): void {
    this.queue = { waiting, active, delayed, failed };
  }

  snapshot(): MetricsSnapshot {
    const nowMs = this.now();
    const current = Math.floor(nowMs / MINUTE_MS);
    const timeline = Array.from({ length: TIMELINE_MINUTES }, (_, i) => {
      const m = current - TIMELINE_MINUTES + 1 + i;
      const b = this.minutes.get(m);
      return { start: new Date(m * MINUTE_MS).toISOString(), runs: b?.runs ?? 0, errors: b?.errors ?? 0 };
    });
    const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);
    const mem = process.memoryUsage();
    const cpu = process.cpuUsage();
    return {
      generatedAt: new Date(nowMs).toISOString(),
      uptimeS: (nowMs - this.startedMs) / 1000,
      runs: {
        total: sum(this.runsByStatus) + sum(this.testsByStatus),
        byStatus: { ...this.runsByStatus },
        executionTimeS: this.execTimes.summary(),
        memoryKiB: this.memories.summary(),
      },
      tests: { total: sum(this.testsByStatus), byStatus: { ...this.testsByStatus } },
      analyses: { total: this.analyses, unsafe: this.unsafe },
      submissions: { total: sum(this.submissionsByStatus), byStatus: { ...this.submissionsByStatus } },
      timeline,
      pool:
        this.pool === undefined
          ? null
          : { ...this.pool, healthy: this.pool.size > 0 && this.pool.busy <= this.pool.size },
      queue: this.queue === undefined ? null : { ...this.queue },
      errors: { total: sum(this.errorsByType), byType: { ...this.errorsByType } },
      process: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed, cpuTimeS: (cpu.user + cpu.system) / 1e6 },
    };
  }
}
