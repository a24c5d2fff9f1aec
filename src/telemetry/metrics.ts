/**
 * Prometheus metrics on a per-instance registry (never prom-client's global one, so tests and
 * several servers in one process do not collide). Base units as Prometheus expects: seconds
 * and bytes in the metric names, converted here from the KiB the engine reports.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PoolStats, QueueDepthStats, TelemetryMetrics } from './types.js';

const KIB = 1024;
const MIB = 1024 * KIB;

/** Per-run wall time, 5 ms to 30 s: the pool's floor is a few ms, the CPU limit 5 s by default. */
const DURATION_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Peak memory, 4 MiB to 1 GiB: the default limit is 64 MiB, the operator maximum 1 GiB. */
const MEMORY_BUCKETS_BYTES = [4, 8, 16, 32, 64, 128, 256, 512, 1024].map((m) => m * MIB);
const ANALYSIS_BUCKETS_S = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

export function createMetrics(options: { processMetrics?: boolean } = {}): TelemetryMetrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });

  const runDuration = new Histogram({
    name: 'hackbridge_run_duration_seconds',
    help: 'Wall-clock time of sandboxed runs, by kind (run, test) and status.',
    labelNames: ['kind', 'status'],
    buckets: DURATION_BUCKETS_S,
    registers: [registry],
  });
  const runMemory = new Histogram({
    name: 'hackbridge_run_memory_bytes',
    help: 'Peak memory of sandboxed runs, by kind (run, test) and status.',
    labelNames: ['kind', 'status'],
    buckets: MEMORY_BUCKETS_BYTES,
    registers: [registry],
  });
  const runs = new Counter({
    name: 'hackbridge_runs_total',
    // kind 'run': code run on its own (status: the engine's); kind 'test': one graded test
    // (status: its verdict). Apart, so a dashboard never adds 'passed' to 'success'.
    help: 'Sandboxed runs, by kind (run: engine status; test: graded verdict) and status.',
    labelNames: ['kind', 'status'],
    registers: [registry],
  });
  const submissions = new Counter({
    name: 'hackbridge_submissions_total',
    help: 'Submissions that reached a final state, by status.',
    labelNames: ['status'],
    registers: [registry],
  });
  const analyses = new Counter({
    name: 'hackbridge_analyses_total',
    help: 'Static analyses, by result (safe or unsafe).',
    labelNames: ['result'],
    registers: [registry],
  });
  const analysisDuration = new Histogram({
    name: 'hackbridge_analysis_duration_seconds',
    help: 'Time of static analyses.',
    buckets: ANALYSIS_BUCKETS_S,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'hackbridge_errors_total',
    help: 'Faults of HackBridge itself, by error code.',
    labelNames: ['type'],
    registers: [registry],
  });
  const poolSize = new Gauge({
    name: 'hackbridge_pool_size',
    help: 'Zygote workers alive.',
    registers: [registry],
  });
  const poolBusy = new Gauge({
    name: 'hackbridge_pool_busy',
    help: 'Zygote workers running a job.',
    registers: [registry],
  });
  const poolRestarts = new Counter({
    name: 'hackbridge_pool_restarts_total',
    help: 'Zygote workers restarted since start.',
    registers: [registry],
  });
  const queueJobs = new Gauge({
    name: 'hackbridge_queue_jobs',
    help: 'Jobs in the submission queue, by state.',
    labelNames: ['state'],
    registers: [registry],
  });

  let lastRestarts = 0;

  return {
    registry,
    contentType: registry.contentType,
    observeRun({ kind = 'run', status, executionTimeS, memoryKiB }) {
      runs.inc({ kind, status });
      runDuration.observe({ kind, status }, Math.max(0, executionTimeS));
      runMemory.observe({ kind, status }, Math.max(0, memoryKiB) * KIB);
    },
    observeAnalysis({ executionTimeS, safe }) {
      analyses.inc({ result: safe ? 'safe' : 'unsafe' });
      analysisDuration.observe(Math.max(0, executionTimeS));
    },
    observeSubmission({ status }) {
      submissions.inc({ status });
    },
    observeError(type) {
      errors.inc({ type });
    },
    setPool(stats: PoolStats) {
      poolSize.set(stats.size);
      poolBusy.set(stats.busy);
      // The engine reports a running total; a counter takes increments. A smaller total means
      // the engine itself was replaced: count its restarts from zero again.
      const delta = stats.restarts >= lastRestarts ? stats.restarts - lastRestarts : stats.restarts;
      if (delta > 0) poolRestarts.inc(delta);
      lastRestarts = stats.restarts;
    },
    setQueueDepth(depth: QueueDepthStats) {
      for (const state of ['waiting', 'active', 'delayed', 'failed'] as const)
        queueJobs.set({ state }, depth[state]);
    },
    text: () => registry.metrics(),
  };
}
