/**
 * Static analysis off the main event loop (red-team H1: one 1 MB analysis blocked every
 * request for 4 s, eight at once for 8 s). A few worker threads, a bounded queue in front of
 * them, and a time budget per analysis: a worker that overruns it is terminated and replaced,
 * and its caller gets HB_ANALYSIS_TIMEOUT. The report cache stays here, on the main thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createAnalyzer, defaultPolicy, ReportCache } from '../analysis/index.js';
import type { AnalysisCacheStats, AnalysisReport } from '../analysis/index.js';
import { HackBridgeError } from '../common/index.js';
import type { AnalysisWorkerData, FromWorker } from './analysis-frames.js';
import { fromWorkerSchema } from './analysis-frames.js';

export interface AnalysisPoolOptions {
  /** Worker threads; 0 analyses on the calling thread (library and test use only). */
  readonly workers: number;
  /** Budget per analysis once a worker has it, ms. */
  readonly timeoutMs: number;
  /** Analyses waiting for a worker; one more is refused with HB_ANALYSIS_BUSY. */
  readonly queueLimit: number;
  readonly maxSourceBytes: number;
  readonly maxIssues: number;
  readonly maxImports: number;
  /** LRU entries; 0 disables the cache. */
  readonly cacheEntries: number;
  /** Called when a worker is replaced (overrun or crash), for the log. */
  readonly onRestart?: (reason: string) => void;
}

export interface AnalysisPool {
  /** The (capped) report, or HB_ANALYSIS_TIMEOUT / HB_ANALYSIS_BUSY / the analyser's input errors. */
  analyze(code: string): Promise<AnalysisReport>;
  stats(): { workers: number; busy: number; queued: number; restarts: number; cache: AnalysisCacheStats };
  close(): Promise<void>;
}

interface Job {
  readonly id: number;
  readonly code: string;
  readonly resolve: (report: AnalysisReport) => void;
  readonly reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Failures in a row before the worker got ready: a broken install, not a bad input. */
  startFailures: number;
  dead: boolean;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
}

export function analysisTimeout(timeoutMs: number): HackBridgeError {
  return new HackBridgeError(
    'HB_ANALYSIS_TIMEOUT',
    `Static analysis took longer than ${timeoutMs} ms (analysis.timeoutMs) and was stopped`,
    { statusCode: 422, details: { timeoutMs } },
  );
}

const MAX_START_FAILURES = 3;

function analysisBusy(queueLimit: number): HackBridgeError {
  return new HackBridgeError(
    'HB_ANALYSIS_BUSY',
    `Too many analyses are waiting (analysis.queueLimit ${queueLimit}); retry shortly`,
    { statusCode: 503, details: { queueLimit } },
  );
}

function workerFailed(reason: string): HackBridgeError {
  return new HackBridgeError('HB_ANALYSIS_WORKER_FAILED', 'The analysis worker failed', {
    statusCode: 500,
    details: { reason },
  });
}

/**
 * The compiled worker next to this file; under tsx/vitest only the .ts source exists, which a
 * worker loads after registering tsx's hooks in its own thread (`--import` is a per-process
 * flag that a Worker's execArgv refuses).
 */
function workerScript(): { script: string | URL; eval: boolean } | undefined {
  const js = new URL('./analysis-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return { script: js, eval: false };
  const ts = new URL('./analysis-worker.ts', import.meta.url);
  if (!existsSync(fileURLToPath(ts))) return undefined;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(ts.href)}); })`;
  return { script: boot, eval: true };
}

export function createAnalysisPool(options: AnalysisPoolOptions): AnalysisPool {
  const cache = new ReportCache(options.cacheEntries);
  const script = options.workers > 0 ? workerScript() : undefined;
  if (script === undefined) return inlinePool(options, cache);

  const workerData: AnalysisWorkerData = {
    maxSourceBytes: options.maxSourceBytes,
    maxIssues: options.maxIssues,
    maxImports: options.maxImports,
  };
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 0;
  let restarts = 0;
  let closed = false;

  const finish = (slot: Slot): Job | undefined => {
    const job = slot.job;
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.timer = undefined;
    return job;
  };

  const replace = (slot: Slot, reason: string): void => {
    restarts++;
    options.onRestart?.(reason);
    const old = slot.worker;
    old.removeAllListeners();
    old.on('error', () => undefined); // a late error from a terminated worker is expected
    void old.terminate();
    slot.startFailures = slot.ready ? 0 : slot.startFailures + 1;
    // A worker that cannot even start would be respawned forever: give up on the slot, and
    // once every slot is gone, fail what waits rather than let it wait for ever.
    if (slot.startFailures >= MAX_START_FAILURES) slot.dead = true;
    if (slots.every((s) => s.dead))
      for (const job of queue.splice(0)) job.reject(workerFailed(`no worker could start: ${reason}`));
    if (!closed && !slot.dead) attach(slot, spawn());
  };

  const dispatch = (): void => {
    for (const slot of slots) {
      if (!slot.ready || slot.job !== undefined) continue;
      const job = queue.shift();
      if (job === undefined) return;
      slot.job = job;
      slot.timer = setTimeout(() => {
        finish(slot)?.reject(analysisTimeout(options.timeoutMs));
        replace(slot, 'timeout');
        dispatch();
      }, options.timeoutMs);
      slot.worker.postMessage({ type: 'analyze', id: job.id, code: job.code });
    }
  };

  const onFrame = (slot: Slot, raw: unknown): void => {
    const frame: FromWorker = fromWorkerSchema.parse(raw);
    if (frame.type === 'ready') slot.ready = true;
    else if (slot.job?.id === frame.id) {
      const job = finish(slot);
      if (frame.type === 'report') job?.resolve(frame.report);
      else
        job?.reject(
          new HackBridgeError(frame.code, frame.message, {
            statusCode: frame.statusCode,
            details: frame.details,
          }),
        );
    }
    dispatch();
  };

  const spawn = (): Worker =>
    new Worker(script.script, {
      workerData,
      eval: script.eval,
      // A 128 KiB source needs a few MiB; the cap turns a pathological tree into a worker
      // exit (HB_ANALYSIS_WORKER_FAILED) rather than a host-wide OOM.
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });

  const attach = (slot: Slot, worker: Worker): void => {
    slot.worker = worker;
    slot.ready = false;
    worker.on('message', (raw: unknown) => {
      try {
        onFrame(slot, raw);
      } catch (thrown) {
        finish(slot)?.reject(workerFailed(`bad frame: ${String(thrown)}`));
        replace(slot, 'bad frame');
      }
    });
    const fail = (reason: string): void => {
      finish(slot)?.reject(workerFailed(reason));
      replace(slot, reason);
      dispatch();
    };
    worker.on('error', (err) => fail(err.message));
    worker.on('exit', (code) => fail(`exited with code ${code}`));
  };

  for (let i = 0; i < options.workers; i++) {
    const slot: Slot = {
      worker: spawn(),
      ready: false,
      startFailures: 0,
      dead: false,
      job: undefined,
      timer: undefined,
    };
    attach(slot, slot.worker);
    slots.push(slot);
  }

  return {
    async analyze(code) {
      if (closed) throw analysisBusy(options.queueLimit);
      if (slots.every((s) => s.dead)) throw workerFailed('no worker could start');
      const key = cache.enabled ? await cache.key(code, defaultPolicy) : '';
      const hit = cache.enabled ? cache.get(key) : undefined;
      if (hit !== undefined) return hit;
      if (queue.length >= options.queueLimit) throw analysisBusy(options.queueLimit);
      const report = await new Promise<AnalysisReport>((resolve, reject) => {
        queue.push({ id: nextId++, code, resolve, reject });
        dispatch();
      });
      if (cache.enabled) cache.set(key, report);
      return report;
    },
    stats: () => ({
      workers: slots.filter((s) => s.ready).length,
      busy: slots.filter((s) => s.job !== undefined).length,
      queued: queue.length,
      restarts,
      cache: cache.stats(),
    }),
    async close() {
      if (closed) return;
      closed = true;
      for (const job of queue.splice(0)) job.reject(analysisBusy(options.queueLimit));
      await Promise.all(
        slots.map(async (slot) => {
          finish(slot)?.reject(analysisBusy(options.queueLimit));
          slot.worker.removeAllListeners();
          await slot.worker.terminate();
        }),
      );
    },
  };
}

/** `workers: 0`: the analyser on the calling thread, with the same cache and caps, no budget. */
function inlinePool(options: AnalysisPoolOptions, cache: ReportCache): AnalysisPool {
  const analyzer = createAnalyzer({
    cacheEntries: 0,
    maxSourceBytes: options.maxSourceBytes,
    maxIssues: options.maxIssues,
    maxImports: options.maxImports,
  });
  return {
    async analyze(code) {
      const key = cache.enabled ? await cache.key(code, defaultPolicy) : '';
      const hit = cache.enabled ? cache.get(key) : undefined;
      if (hit !== undefined) return hit;
      const report = await analyzer.analyze(code);
      if (cache.enabled) cache.set(key, report);
      return report;
    },
    stats: () => ({ workers: 0, busy: 0, queued: 0, restarts: 0, cache: cache.stats() }),
    close: async () => undefined,
  };
}
