/**
 * The Telemetry contract: JSON event logs in the platform's shape and Prometheus metrics,
 * plus a JSON snapshot of the same figures for the UI (`getMetrics()`).
 *
 * Telemetry takes plain numbers and strings, never engine or grading types, so it stays at
 * the bottom of the layering.
 */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { z } from 'zod';

/** A sandboxed run finished (one `runCode`, or one test of a submission). */
export interface RunEvent {
  /**
   * `run` (default): a `runCode` run, `status` is the engine's (`success`, `timeout`, …).
   * `test`: one graded test of a submission, `status` is the test verdict (`passed`,
   * `failed`, …). The snapshot counts the two apart so a chart never mixes them.
   */
  readonly kind?: 'run' | 'test' | undefined;
  readonly status: string;
  readonly executionTimeS: number;
  readonly memoryKiB: number;
  readonly userId?: string | undefined;
  readonly runId?: string | undefined;
  readonly submissionId?: string | undefined;
  readonly taskId?: string | undefined;
}

/** A static analysis finished. `status` is `safe` or `unsafe`. */
export interface AnalysisEvent {
  readonly executionTimeS: number;
  readonly safe: boolean;
  readonly riskScore: number;
  readonly issues: number;
  readonly userId?: string | undefined;
  readonly analysisId?: string | undefined;
  readonly cached?: boolean | undefined;
}

/** A submission reached its final state. */
export interface SubmissionEvent {
  readonly submissionId: string;
  readonly taskId: string;
  /** The grading verdict (`accepted`, `wrong_answer`, …) or `failed`. */
  readonly status: string;
  readonly score: number;
  /** Total wall time of the submission's runs. */
  readonly executionTimeS: number;
  /** Peak memory over the submission's runs. */
  readonly memoryKiB: number;
  readonly userId?: string | undefined;
}

/** A fault of HackBridge itself. `type` is the HackBridgeError code (e.g. `HB_INTERNAL`). */
export interface ErrorEvent {
  readonly type: string;
  readonly message: string;
  readonly userId?: string | undefined;
  readonly details?: Record<string, unknown> | undefined;
}

export interface PoolStats {
  readonly size: number;
  readonly busy: number;
  /** Cumulative zygote restarts since start. */
  readonly restarts: number;
}

export interface QueueDepthStats {
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly failed: number;
}

/**
 * Log lines carry the platform's fields — `timestamp` (ISO), `event_type`, `user_id`,
 * `execution_time` (s), `memory_usage` (KiB), `status` — plus ids. Each `events.*` call writes
 * one line AND records the matching metrics, so callers call only one of them.
 */
export interface TelemetryEvents {
  run(e: RunEvent): void;
  analysis(e: AnalysisEvent): void;
  submission(e: SubmissionEvent): void;
  error(e: ErrorEvent): void;
}

/** Metrics only (no log line). */
export interface TelemetryMetrics {
  /** Per-instance registry: never the prom-client global one. */
  readonly registry: Registry;
  observeRun(e: Pick<RunEvent, 'kind' | 'status' | 'executionTimeS' | 'memoryKiB'>): void;
  observeAnalysis(e: Pick<AnalysisEvent, 'executionTimeS' | 'safe'>): void;
  observeSubmission(e: Pick<SubmissionEvent, 'status'>): void;
  observeError(type: string): void;
  setPool(stats: PoolStats): void;
  setQueueDepth(depth: QueueDepthStats): void;
  /** Prometheus text exposition format. */
  text(): Promise<string>;
  /** The Content-Type to serve `text()` with. */
  readonly contentType: string;
}

const quantiles = z.object({
  count: z.number().int(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  max: z.number().nullable(),
});

/** `getMetrics()`: the same figures as /metrics, as JSON for the UI. */
export const metricsSnapshotSchema = z.object({
  generatedAt: z.string(),
  uptimeS: z.number(),
  runs: z.object({
    /** Every sandboxed run: `runCode` runs and graded tests (as the timeline and quantiles). */
    total: z.number().int(),
    /** `runCode` runs by engine status (`success`, `timeout`, …); graded tests are in `tests`. */
    byStatus: z.record(z.string(), z.number().int()),
    executionTimeS: quantiles,
    memoryKiB: quantiles,
  }),
  /** Graded tests of submissions by verdict (`passed`, `failed`, `timeout`, …). */
  tests: z.object({ total: z.number().int(), byStatus: z.record(z.string(), z.number().int()) }),
  analyses: z.object({ total: z.number().int(), unsafe: z.number().int() }),
  submissions: z.object({ total: z.number().int(), byStatus: z.record(z.string(), z.number().int()) }),
  /** Runs per minute over the last hour, oldest first; `start` is the bucket's ISO minute. */
  timeline: z.array(z.object({ start: z.string(), runs: z.number().int(), errors: z.number().int() })),
  /** null until the engine reports. */
  pool: z
    .object({
      size: z.number().int(),
      busy: z.number().int(),
      restarts: z.number().int(),
      healthy: z.boolean(),
    })
    .nullable(),
  /** null until the queue reports. */
  queue: z
    .object({
      waiting: z.number().int(),
      active: z.number().int(),
      delayed: z.number().int(),
      failed: z.number().int(),
    })
    .nullable(),
  errors: z.object({ total: z.number().int(), byType: z.record(z.string(), z.number().int()) }),
  process: z.object({ rssBytes: z.number(), heapUsedBytes: z.number(), cpuTimeS: z.number() }),
});
export type MetricsSnapshot = z.infer<typeof metricsSnapshotSchema>;

export interface Telemetry {
  readonly logger: Logger;
  readonly events: TelemetryEvents;
  readonly metrics: TelemetryMetrics;
  snapshot(): MetricsSnapshot;
  /** Flushes and closes the log file, if any. Idempotent. */
  close(): Promise<void>;
}

/** Options for `createTelemetry(options)`; the `telemetry` config section supplies them. */
export interface TelemetryOptions {
  readonly level?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** NODE_ENV=production: JSON-only logs. */
  readonly production?: boolean;
  /** Also write logs to this file, rotated daily and at `logFileMaxBytes`. */
  readonly logFile?: string | undefined;
  readonly logFileMaxBytes?: number;
  /** Rotated files kept. */
  readonly logFileCount?: number;
  /** Where log lines go; default stdout. Tests pass a stream to capture them. */
  readonly destination?: NodeJS.WritableStream;
  /** Collect prom-client's default process metrics. Default true. */
  readonly processMetrics?: boolean;
  /** Extra fields on every log line (e.g. `{ service: 'hackbridge' }`). */
  readonly base?: Record<string, unknown>;
  /** Clock, for the timeline; default Date.now. */
  readonly now?: () => number;
}
