import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelemetry, metricsSnapshotSchema } from '../../src/telemetry/index.js';
import type { Telemetry, TelemetryOptions } from '../../src/telemetry/index.js';

/** A pino destination that keeps every line. */
function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const PLATFORM_FIELDS = ['timestamp', 'event_type', 'user_id', 'execution_time', 'memory_usage', 'status'];

describe('telemetry', () => {
  const made: Telemetry[] = [];
  const open = (options: TelemetryOptions = {}): Telemetry => {
    const t = createTelemetry({ processMetrics: false, ...options });
    made.push(t);
    return t;
  };
  afterEach(async () => {
    for (const t of made.splice(0)) await t.close();
  });

  describe('event logs', () => {
    it('write one JSON line per event in the platform’s shape, with ids', () => {
      const out = capture();
      const t = open({ destination: out.stream });
      t.events.run({
        status: 'success',
        executionTimeS: 0.012,
        memoryKiB: 9216,
        userId: 'usr_1',
        runId: 'run_1',
      });
      t.events.analysis({ executionTimeS: 0.002, safe: false, riskScore: 80, issues: 3, analysisId: 'an_1' });
      t.events.submission({
        submissionId: 'sub_1',
        taskId: 'sum',
        status: 'accepted',
        score: 100,
        executionTimeS: 0.3,
        memoryKiB: 10_000,
        userId: 'usr_1',
      });
      const lines = out.lines();
      expect(lines).toHaveLength(3);
      for (const line of lines) {
        for (const field of PLATFORM_FIELDS) expect(line).toHaveProperty(field);
        expect(line['timestamp']).toMatch(ISO);
        expect(line['level']).toBe('info');
      }
      expect(lines[0]).toMatchObject({
        event_type: 'run',
        user_id: 'usr_1',
        execution_time: 0.012,
        memory_usage: 9216,
        status: 'success',
        run_id: 'run_1',
      });
      expect(lines[1]).toMatchObject({
        event_type: 'analysis',
        user_id: null,
        status: 'unsafe',
        risk_score: 80,
      });
      expect(lines[2]).toMatchObject({
        event_type: 'submission',
        submission_id: 'sub_1',
        task_id: 'sum',
        status: 'accepted',
        score: 100,
      });
    });

    it('logs faults at error level with their type and counts them', () => {
      const out = capture();
      const t = open({ destination: out.stream });
      t.events.error({ type: 'HB_STORE_UNAVAILABLE', message: 'db down', details: { backend: 'postgres' } });
      expect(out.lines()[0]).toMatchObject({
        level: 'error',
        event_type: 'error',
        status: 'error',
        error_type: 'HB_STORE_UNAVAILABLE',
        msg: 'db down',
        details: { backend: 'postgres' },
      });
      expect(t.snapshot().errors).toEqual({ total: 1, byType: { HB_STORE_UNAVAILABLE: 1 } });
    });

    it('redacts submitted code and tokens from log lines', () => {
      const out = capture();
      const t = open({ destination: out.stream });
      t.logger.info({ code: 'import os', req: { token: 'hb_secret' } }, 'debugging');
      const text = JSON.stringify(out.lines());
      expect(text).not.toContain('import os');
      expect(text).not.toContain('hb_secret');
    });

    it('still counts events its level filters out of the log', () => {
      const out = capture();
      const t = open({ destination: out.stream, level: 'warn' });
      t.events.run({ status: 'timeout', executionTimeS: 5, memoryKiB: 100 });
      expect(out.lines()).toEqual([]);
      expect(t.snapshot().runs.byStatus).toEqual({ timeout: 1 });
    });

    it('also writes to a rotated log file when asked', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hb-log-'));
      try {
        const t = createTelemetry({
          destination: capture().stream,
          logFile: join(dir, 'hackbridge.log'),
          processMetrics: false,
        });
        t.events.run({ status: 'success', executionTimeS: 0.01, memoryKiB: 1 });
        await t.close();
        const files = readdirSync(dir);
        expect(files.length).toBeGreaterThan(0);
        const text = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('');
        expect(JSON.parse(text.trim().split('\n')[0] ?? '{}')).toMatchObject({
          event_type: 'run',
          status: 'success',
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('metrics', () => {
    it('keep graded tests (verdicts) apart from runs (engine statuses)', async () => {
      const t = open({ destination: capture().stream });
      t.events.run({ status: 'success', executionTimeS: 0.008, memoryKiB: 9216 });
      t.events.run({ kind: 'test', status: 'passed', executionTimeS: 0.004, memoryKiB: 9216 });
      const text = await t.metrics.text();
      expect(text).toContain('hackbridge_runs_total{kind="run",status="success"} 1');
      expect(text).toContain('hackbridge_runs_total{kind="test",status="passed"} 1');
      expect(text).not.toContain('kind="run",status="passed"');
      await t.close();
    });

    it('expose runs, submissions, pool and queue series in Prometheus text', async () => {
      const t = open({ destination: capture().stream });
      t.events.run({ status: 'success', executionTimeS: 0.008, memoryKiB: 9216 });
      t.events.run({ status: 'success', executionTimeS: 0.02, memoryKiB: 9216 });
      t.events.run({ status: 'timeout', executionTimeS: 5.1, memoryKiB: 20_000 });
      t.events.submission({
        submissionId: 's',
        taskId: 't',
        status: 'accepted',
        score: 100,
        executionTimeS: 1,
        memoryKiB: 1,
      });
      t.events.error({ type: 'HB_INTERNAL', message: 'x' });
      t.metrics.setPool({ size: 4, busy: 1, restarts: 1 });
      t.metrics.setPool({ size: 4, busy: 2, restarts: 3 });
      t.metrics.setQueueDepth({ waiting: 3, active: 1, delayed: 0, failed: 2 });
      const text = await t.metrics.text();
      expect(text).toContain('hackbridge_runs_total{kind="run",status="success"} 2');
      expect(text).toContain(
        'hackbridge_run_duration_seconds_bucket{le="0.01",kind="run",status="success"} 1',
      );
      expect(text).toContain('hackbridge_run_duration_seconds_count{kind="run",status="timeout"} 1');
      expect(text).toContain(
        `hackbridge_run_memory_bytes_sum{kind="run",status="success"} ${2 * 9216 * 1024}`,
      );
      expect(text).toContain('hackbridge_submissions_total{status="accepted"} 1');
      expect(text).toContain('hackbridge_errors_total{type="HB_INTERNAL"} 1');
      expect(text).toContain('hackbridge_pool_size 4');
      expect(text).toContain('hackbridge_pool_busy 2');
      expect(text).toContain('hackbridge_pool_restarts_total 3');
      expect(text).toContain('hackbridge_queue_jobs{state="waiting"} 3');
      expect(text).toContain('hackbridge_queue_jobs{state="failed"} 2');
      expect(t.metrics.contentType).toMatch(/^text\/plain/);
    });

    it('include the default process metrics', async () => {
      const t = open({ destination: capture().stream, processMetrics: true });
      const text = await t.metrics.text();
      expect(text).toContain('process_cpu_user_seconds_total');
      expect(text).toContain('process_resident_memory_bytes');
    });

    it('keep each instance’s figures apart', async () => {
      const a = open({ destination: capture().stream, processMetrics: true });
      const b = open({ destination: capture().stream, processMetrics: true });
      a.events.run({ status: 'success', executionTimeS: 0.01, memoryKiB: 1 });
      expect(await a.metrics.text()).toContain('hackbridge_runs_total{kind="run",status="success"} 1');
      expect(await b.metrics.text()).not.toContain('hackbridge_runs_total{kind="run",status="success"}');
    });
  });

  describe('snapshot', () => {
    it('reports counts, quantiles, timeline, pool, queue and errors as schema-valid JSON', () => {
      let nowMs = Date.parse('2026-01-01T12:00:30.000Z');
      const t = open({ destination: capture().stream, now: () => nowMs });
      for (let i = 1; i <= 100; i++) {
        t.events.run({
          status: i <= 90 ? 'success' : 'runtime_error',
          executionTimeS: i / 1000,
          memoryKiB: i * 100,
        });
      }
      nowMs += 2 * 60_000;
      t.events.run({ status: 'success', executionTimeS: 0.2, memoryKiB: 50 });
      t.events.error({ type: 'HB_QUEUE_UNAVAILABLE', message: 'redis' });
      t.events.analysis({ executionTimeS: 0.001, safe: false, riskScore: 50, issues: 1 });
      t.metrics.setPool({ size: 2, busy: 1, restarts: 0 });
      t.metrics.setQueueDepth({ waiting: 1, active: 0, delayed: 0, failed: 0 });

      const s = metricsSnapshotSchema.parse(t.snapshot());
      expect(s.runs.total).toBe(101);
      expect(s.runs.byStatus).toEqual({ success: 91, runtime_error: 10 });
      expect(s.runs.executionTimeS).toMatchObject({ count: 101, p50: 0.051, max: 0.2 });
      expect(s.runs.executionTimeS.p95).toBe(0.096);
      expect(s.analyses).toEqual({ total: 1, unsafe: 1 });
      expect(s.pool).toEqual({ size: 2, busy: 1, restarts: 0, healthy: true });
      expect(s.queue).toEqual({ waiting: 1, active: 0, delayed: 0, failed: 0 });
      expect(s.timeline).toHaveLength(60);
      expect(s.timeline.at(-1)).toEqual({ start: '2026-01-01T12:02:00.000Z', runs: 1, errors: 1 });
      expect(s.timeline.at(-3)).toEqual({ start: '2026-01-01T12:00:00.000Z', runs: 100, errors: 0 });
      expect(s.uptimeS).toBe(120);

      // An hour later the old minutes have left the timeline; totals stay.
      nowMs += 60 * 60_000;
      const later = t.snapshot();
      expect(later.timeline.every((b) => b.runs === 0)).toBe(true);
      expect(later.runs.total).toBe(101);
    });

    it('counts graded tests by verdict apart from runs by engine status', () => {
      const t = open({ destination: capture().stream });
      t.events.run({ status: 'success', executionTimeS: 0.01, memoryKiB: 10 });
      t.events.run({ kind: 'run', status: 'timeout', executionTimeS: 5, memoryKiB: 10 });
      t.events.run({ kind: 'test', status: 'passed', executionTimeS: 0.02, memoryKiB: 20 });
      t.events.run({ kind: 'test', status: 'passed', executionTimeS: 0.03, memoryKiB: 30 });
      t.events.run({ kind: 'test', status: 'timeout', executionTimeS: 5, memoryKiB: 40 });
      const s = metricsSnapshotSchema.parse(t.snapshot());
      expect(s.runs.byStatus).toEqual({ success: 1, timeout: 1 });
      expect(s.tests).toEqual({ total: 3, byStatus: { passed: 2, timeout: 1 } });
      // Every sandboxed run counts in the total, the quantiles and the timeline.
      expect(s.runs.total).toBe(5);
      expect(s.runs.memoryKiB.count).toBe(5);
      expect(s.timeline.at(-1)?.runs).toBe(5);
    });

    it('reports an empty pool as unhealthy and nothing measured as null', () => {
      const t = open({ destination: capture().stream });
      const empty = t.snapshot();
      expect(empty.pool).toBeNull();
      expect(empty.queue).toBeNull();
      expect(empty.runs.executionTimeS).toEqual({ count: 0, p50: null, p95: null, max: null });
      t.metrics.setPool({ size: 0, busy: 0, restarts: 5 });
      expect(t.snapshot().pool?.healthy).toBe(false);
    });
  });
});

describe('telemetry with an unusable log file', () => {
  it('fails at creation with HB_TELEMETRY_LOG_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hb-log-'));
    try {
      // A regular file where the log directory should be.
      writeFileSync(join(dir, 'not-a-dir'), '');
      const logFile = join(dir, 'not-a-dir', 'logs', 'hb.log');
      expect(() => createTelemetry({ logFile, processMetrics: false })).toThrow(
        expect.objectContaining({ code: 'HB_TELEMETRY_LOG_FILE' }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
