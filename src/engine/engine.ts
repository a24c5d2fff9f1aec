/**
 * createEngine(): the library entry point. Probes the sandbox (fail closed), starts the
 * zygote pool, and turns run() calls into jobs and results.
 */
import { mkdtempSync, chownSync, rmSync, chmodSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { HackBridgeError, version } from '../common/index.js';
import { classify } from './classify.js';
import { engineConfigSchema, type EngineConfig } from './config.js';
import { encodeJobFrame, MAX_FRAME_BYTES, type JobFrame } from './frames.js';
import { checkArgsDepth, wellFormedText } from './input.js';
import { installHarness, removeHarness } from './harness.js';
import { jailCommand, usesNamespaces } from './jail.js';
import { resolveLimits, runOptionsSchema, type RunOptions } from './limits.js';
import { Pool } from './pool.js';
import { hostIds, probeSandbox } from './probe.js';
import type { RunEnvironment, RunResult, RunStatus } from './result.js';
import { BACKSTOP_GRACE_MS, Zygote } from './zygote.js';

/** Options of createEngine(): the `engine` config section (all optional) plus hooks. */
export type EngineOptions = Partial<EngineConfig> & {
  /** Receives the loud warning a weaker sandbox mode logs (default: process.emitWarning). */
  readonly onWarning?: (message: string) => void;
};

export interface EngineStats {
  /** Zygotes in the pool. */
  readonly size: number;
  /** Zygotes running a job right now. */
  readonly busy: number;
  /** Jobs waiting for a zygote. */
  readonly queued: number;
  /** Zygotes replaced after dying, hanging or asking to be recycled. */
  readonly restarts: number;
  /** Runs that returned a RunResult (any status). */
  readonly completed: number;
  /** Runs that ended in `internal_error` or were rejected by the engine. */
  readonly failed: number;
  readonly byStatus: Readonly<Record<RunStatus, number>>;
}

export interface Engine {
  /** Runs one submission in a fresh sandboxed child. Untrusted behaviour is in the result, never thrown. */
  run(code: string, options?: RunOptions): Promise<RunResult>;
  stats(): EngineStats;
  /** Stops every zygote; pending runs are rejected with HB_ENGINE_CLOSED. */
  close(): Promise<void>;
  /** The sandbox this engine runs with (also in every result's `environment`). */
  readonly environment: RunEnvironment;
}

const emptyByStatus = (): Record<RunStatus, number> => ({
  success: 0,
  syntax_error: 0,
  runtime_error: 0,
  timeout: 0,
  memory_limit: 0,
  output_limit: 0,
  security_violation: 0,
  internal_error: 0,
});

function privateDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const ids = hostIds();
  if (ids !== undefined) chownSync(dir, ids.uid, ids.gid);
  chmodSync(dir, 0o700);
  return dir;
}

/**
 * Creates an engine. Throws HB_ENGINE_SANDBOX_UNAVAILABLE (naming the layer) if the
 * configured sandbox cannot be built here, HB_ENGINE_PYTHON_UNAVAILABLE if the interpreter
 * is unusable. Zygotes start in the background; the first run() waits for one.
 */
export function createEngine(options: EngineOptions = {}): Engine {
  const { onWarning, ...rest } = options;
  const parsed = engineConfigSchema.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HackBridgeError(
      'HB_CONFIG_INVALID',
      `Invalid engine option '${issue?.path.join('.') ?? ''}': ${issue?.message ?? ''}`,
      {
        statusCode: 400,
        details: { path: `engine.${issue?.path.join('.') ?? ''}`, reason: issue?.message ?? 'invalid' },
      },
    );
  }
  const config = parsed.data;
  const harnessDir = installHarness();
  const probeRoot = privateDir('hackbridge-probe-');
  let probe;
  try {
    probe = probeSandbox(config, harnessDir, probeRoot);
  } catch (err) {
    removeHarness(harnessDir);
    throw err;
  } finally {
    rmSync(probeRoot, { recursive: true, force: true });
  }
  if (config.sandbox !== 'strict') {
    const missing = ['namespaces', 'seccomp'].filter((l) => !probe.layers.includes(l as 'seccomp'));
    (onWarning ?? ((m: string) => process.emitWarning(m, 'HackBridgeSandboxWarning')))(
      `HackBridge sandbox runs in the weaker mode '${config.sandbox}': ${missing.join(' and ')} OFF. ` +
        'Untrusted code is less contained; every result reports this in environment.layers.',
    );
  }
  const hostRoots: string[] = [];
  const spawnZygote = (): Zygote => {
    const hostRoot = usesNamespaces(config.sandbox) ? tmpdir() : privateDir('hackbridge-jobs-');
    if (!usesNamespaces(config.sandbox)) hostRoots.push(hostRoot);
    const command = jailCommand({
      mode: config.sandbox,
      bwrapPath: config.bwrapPath,
      pythonPath: probe.pythonPath,
      harnessDir,
      binds: probe.binds,
      symlinks: probe.symlinks,
      workdirBytes: config.workdirMiB * 1024 * 1024,
      hostRoot,
    });
    return new Zygote(command, hostIds(), hostRoot);
  };
  const size = config.workers === 0 ? availableParallelism() : config.workers;
  const pool = new Pool(size, spawnZygote);
  const counters = { completed: 0, failed: 0, byStatus: emptyByStatus() };
  const environment: RunEnvironment = {
    hackbridge: version,
    sandbox: config.sandbox,
    layers: [...probe.layers],
    python: probe.python,
  };
  let nextId = 1;
  let closed = false;

  const run = async (code: string, runOptions: RunOptions = {}): Promise<RunResult> => {
    const startedMs = performance.now();
    if (typeof code !== 'string')
      throw new HackBridgeError('HB_ENGINE_OPTIONS_INVALID', 'code must be a string', { statusCode: 400 });
    const sourceBytes = Buffer.byteLength(code, 'utf8');
    if (sourceBytes > config.maxSourceBytes) {
      throw new HackBridgeError(
        'HB_ENGINE_SOURCE_TOO_LARGE',
        `Source is ${sourceBytes} bytes; the limit is ${config.maxSourceBytes}`,
        {
          statusCode: 413,
          details: { sourceBytes, maxSourceBytes: config.maxSourceBytes },
        },
      );
    }
    const opts = runOptionsSchema.safeParse(runOptions);
    if (!opts.success) {
      const issue = opts.error.issues[0];
      throw new HackBridgeError(
        'HB_ENGINE_OPTIONS_INVALID',
        `Invalid run option '${issue?.path.join('.') ?? ''}': ${issue?.message ?? ''}`,
        {
          statusCode: 400,
          details: { path: issue?.path.join('.') ?? '', reason: issue?.message ?? 'invalid' },
        },
      );
    }
    if (opts.data.call !== undefined) checkArgsDepth(opts.data.call.args);
    const limits = resolveLimits(opts.data, config);
    const job: JobFrame = {
      type: 'job',
      id: nextId++,
      code,
      filename: opts.data.filename ?? 'solution.py',
      stdin: wellFormedText(opts.data.stdin ?? ''),
      ...(opts.data.call === undefined ? {} : { call: opts.data.call }),
      limits: {
        cpuSeconds: limits.cpuTimeMs / 1000,
        wallMs: limits.wallTimeMs,
        memoryBytes: limits.memoryBytes,
        outputBytes: limits.outputBytes,
        fileSizeBytes: limits.fileSizeBytes,
        openFiles: limits.openFiles,
        threads: limits.threads,
      },
    };
    // The frame is encoded here, once: its size bounds stdin, args and code together.
    let frame: Buffer;
    try {
      frame = encodeJobFrame(job);
    } catch (cause) {
      throw new HackBridgeError('HB_ENGINE_OPTIONS_INVALID', 'call.args must be JSON-serialisable', {
        statusCode: 400,
        details: { path: 'call.args', reason: (cause as Error).message },
        cause,
      });
    }
    if (frame.length > MAX_FRAME_BYTES) {
      throw new HackBridgeError(
        'HB_ENGINE_INPUT_TOO_LARGE',
        `Code, stdin and arguments take ${frame.length} bytes; the limit is ${MAX_FRAME_BYTES}`,
        {
          statusCode: 413,
          details: { frameBytes: frame.length, maxBytes: MAX_FRAME_BYTES },
        },
      );
    }
    let submitted;
    try {
      submitted = await pool.submit(job, frame, limits.wallTimeMs + BACKSTOP_GRACE_MS);
    } catch (err) {
      counters.failed += 1;
      throw err;
    }
    const result = classify({
      outcome: submitted.outcome,
      limits,
      environment: { ...environment, python: pool.python || environment.python },
      queueMs: submitted.queueMs,
      totalMs: performance.now() - startedMs,
    });
    counters.completed += 1;
    counters.byStatus[result.status] += 1;
    if (result.status === 'internal_error') counters.failed += 1;
    return result;
  };

  return {
    run,
    environment,
    stats: () => ({
      size: pool.size,
      busy: pool.busy,
      queued: pool.queued,
      restarts: pool.restarts,
      completed: counters.completed,
      failed: counters.failed,
      byStatus: { ...counters.byStatus },
    }),
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.close();
      removeHarness(harnessDir);
      for (const dir of hostRoots) rmSync(dir, { recursive: true, force: true });
    },
  };
}
