/**
 * `createTelemetry(options)`: the logger, the metrics and the snapshot, kept in step — every
 * observation goes to both the Prometheus registry and the snapshot's figures, so /metrics and
 * getMetrics() never disagree.
 */
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { RecentStats } from './recent.js';
import type {
  AnalysisEvent,
  ErrorEvent,
  RunEvent,
  SubmissionEvent,
  Telemetry,
  TelemetryEvents,
  TelemetryMetrics,
  TelemetryOptions,
} from './types.js';

/**
 * Creates a logger and a per-instance metrics registry.
 *
 * @throws HB_TELEMETRY_LOG_FILE when `logFile` cannot be opened.
 */
export function createTelemetry(options: TelemetryOptions = {}): Telemetry {
  const { logger, close } = createLogger(options);
  const raw = createMetrics(
    options.processMetrics === undefined ? {} : { processMetrics: options.processMetrics },
  );
  const recent = new RecentStats(options.now ?? Date.now);

  const metrics: TelemetryMetrics = {
    ...raw,
    observeRun(e) {
      raw.observeRun(e);
      recent.run(e.kind ?? 'run', e.status, e.executionTimeS, e.memoryKiB);
    },
    observeAnalysis(e) {
      raw.observeAnalysis(e);
      recent.analysis(e.safe);
    },
    observeSubmission(e) {
      raw.observeSubmission(e);
      recent.submission(e.status);
    },
    observeError(type) {
      raw.observeError(type);
      recent.error(type);
    },
    setPool(stats) {
      raw.setPool(stats);
      recent.setPool(stats);
    },
    setQueueDepth(depth) {
      raw.setQueueDepth(depth);
      recent.setQueue(depth);
    },
  };

  // The platform's log shape: these six fields on every event line (null where they do not
  // apply), then the ids and details.
  const events: TelemetryEvents = {
    run(e: RunEvent) {
      metrics.observeRun(e);
      logger.info(
        {
          event_type: 'run',
          user_id: e.userId ?? null,
          execution_time: e.executionTimeS,
          memory_usage: e.memoryKiB,
          status: e.status,
          run_id: e.runId,
          submission_id: e.submissionId,
          task_id: e.taskId,
        },
        'run',
      );
    },
    analysis(e: AnalysisEvent) {
      metrics.observeAnalysis(e);
      logger.info(
        {
          event_type: 'analysis',
          user_id: e.userId ?? null,
          execution_time: e.executionTimeS,
          memory_usage: null,
          status: e.safe ? 'safe' : 'unsafe',
          analysis_id: e.analysisId,
          risk_score: e.riskScore,
          issues: e.issues,
          cached: e.cached,
        },
        'analysis',
      );
    },
    submission(e: SubmissionEvent) {
      metrics.observeSubmission(e);
      logger.info(
        {
          event_type: 'submission',
          user_id: e.userId ?? null,
          execution_time: e.executionTimeS,
          memory_usage: e.memoryKiB,
          status: e.status,
          submission_id: e.submissionId,
          task_id: e.taskId,
          score: e.score,
        },
        'submission',
      );
    },
    error(e: ErrorEvent) {
      metrics.observeError(e.type);
      logger.error(
        {
          event_type: 'error',
          user_id: e.userId ?? null,
          execution_time: null,
          memory_usage: null,
          status: 'error',
          error_type: e.type,
          details: e.details,
        },
        e.message,
      );
    },
  };

  let closed: Promise<void> | undefined;
  return {
    logger,
    events,
    metrics,
    snapshot: () => recent.snapshot(),
    close(): Promise<void> {
      closed ??= (async () => {
        logger.flush();
        await close();
        raw.registry.clear();
      })();
      return closed;
    },
  };
}
