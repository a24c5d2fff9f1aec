/**
 * Telemetry: pino JSON event logs in the platform's shape and prom-client metrics.
 */
export { createTelemetry } from './create.js';
export { metricsSnapshotSchema } from './types.js';
export type {
  AnalysisEvent,
  ErrorEvent,
  MetricsSnapshot,
  PoolStats,
  QueueDepthStats,
  RunEvent,
  SubmissionEvent,
  Telemetry,
  TelemetryEvents,
  TelemetryMetrics,
  TelemetryOptions,
} from './types.js';
