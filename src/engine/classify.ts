/**
 * What came back from a zygote -> RunResult. One place decides the status, in a fixed order
 * (the first matching rule wins):
 *   harness/zygote failure -> internal_error; output cap -> output_limit; wall clock or CPU
 *   over the limit -> timeout; SIGSYS -> security_violation; MemoryError -> memory_limit;
 *   compile error -> syntax_error; an uncaught EPERM from a denied action -> security_violation;
 *   other signal / non-zero exit / uncaught exception -> runtime_error; else success.
 */
import { constants } from 'node:os';
import { childReportSchema, type ChildReport, type ResultFrame } from './frames.js';
import type { JobLimits } from './limits.js';
import type { RunEnvironment, RunResult, RunStatus, Termination } from './result.js';
import type { JobOutcome } from './zygote.js';

const signalNames = new Map<number, string>(Object.entries(constants.signals).map(([name, n]) => [n, name]));
const EPERM = 1;
const ENOMEM = 12;
/** A job killed by SIGSEGV has, in practice, overflowed the C stack (deep recursion in C code). */
const SEGV_DETAIL = 'SIGSEGV: segmentation fault (a stack overflow is likely: very deep recursion)';

export interface ClassifyInput {
  readonly outcome: JobOutcome;
  readonly limits: JobLimits;
  readonly environment: RunEnvironment;
  readonly queueMs: number;
  readonly totalMs: number;
}

const round = (n: number, digits = 6): number => Number(n.toFixed(digits));

/**
 * CPU seconds used: wait4's utime+stime, or the scheduler clock that triggered a CPU-limit
 * kill when that is larger (rusage can lag it), so a CPU timeout never reports less than
 * the limit it enforced.
 */
const cpuSeconds = (frame: ResultFrame): number =>
  Math.max(frame.usage.utime + frame.usage.stime, frame.cpuAtKillS ?? 0);

function decide(
  frame: ResultFrame,
  report: ChildReport | undefined,
  limits: JobLimits,
  env: RunEnvironment,
): {
  status: RunStatus;
  termination: Termination;
} {
  const cpuS = cpuSeconds(frame);
  const wallS = (frame.endNs - frame.startNs) / 1e9;
  const sig = frame.signal === null ? null : (signalNames.get(frame.signal) ?? `SIG${frame.signal}`);
  const err = report?.error;
  // From the zygote (the child said it on its notice socket before any code of the job ran),
  // never from the job's own report, which the submission could write itself.
  if (frame.containFailed !== null && frame.containFailed !== undefined) {
    const { step, message } = frame.containFailed;
    return {
      status: 'internal_error',
      termination: { reason: 'exit', detail: `sandbox step '${step}' failed: ${message}` },
    };
  }
  if (frame.killedFor === 'output') {
    const stream = frame.overStream ?? 'stdout';
    const observed = stream === 'stderr' ? frame.stderrBytes : frame.stdoutBytes;
    const detail = stream === 'report' ? 'return value or report larger than the output limit' : stream;
    return {
      status: 'output_limit',
      termination: { reason: 'output', limit: limits.outputBytes, observed, unit: 'bytes', detail },
    };
  }
  if (frame.killedFor === 'wall') {
    return {
      status: 'timeout',
      termination: {
        reason: 'wall_time',
        limit: limits.wallTimeMs / 1000,
        observed: round(wallS, 3),
        unit: 's',
      },
    };
  }
  if (frame.killedFor === 'cpu' || sig === 'SIGXCPU' || cpuS > limits.cpuTimeMs / 1000) {
    return {
      status: 'timeout',
      termination: {
        reason: 'cpu_time',
        limit: limits.cpuTimeMs / 1000,
        observed: round(cpuS, 3),
        unit: 's',
      },
    };
  }
  if (sig === 'SIGSYS') {
    return {
      status: 'security_violation',
      termination: { reason: 'blocked_syscall', detail: 'killed by the seccomp filter' },
    };
  }
  // MemoryError, or an OSError with ENOMEM (mmap, for one, raises that when RLIMIT_AS refuses).
  if (err?.type === 'MemoryError' || err?.errno === ENOMEM) {
    return {
      status: 'memory_limit',
      termination: {
        reason: 'memory',
        limit: Math.round(limits.memoryBytes / 1024),
        observed: frame.usage.maxrssKiB,
        unit: 'KiB',
        detail: 'the address-space limit refused an allocation',
      },
    };
  }
  if (err?.phase === 'compile') return { status: 'syntax_error', termination: { reason: 'exit' } };
  const blocked = report?.lastBlocked;
  if (
    err?.type === 'PermissionError' &&
    err.errno === EPERM &&
    (blocked !== undefined || env.layers.includes('seccomp'))
  ) {
    const detail =
      blocked !== undefined
        ? `${blocked.action}${blocked.detail === '' ? '' : ` ${blocked.detail}`}`
        : 'an operation the sandbox denies (EPERM)';
    return { status: 'security_violation', termination: { reason: 'blocked_syscall', detail } };
  }
  if (sig !== null)
    return {
      status: 'runtime_error',
      termination: { reason: 'signal', detail: sig === 'SIGSEGV' ? SEGV_DETAIL : sig },
    };
  if (frame.exitCode !== 0 || err !== undefined)
    return { status: 'runtime_error', termination: { reason: 'exit' } };
  return { status: 'success', termination: { reason: 'exit' } };
}

function lost(input: ClassifyInput, reason: string): RunResult {
  return {
    status: 'internal_error',
    exitCode: null,
    signal: null,
    stdout: '',
    stderr: '',
    truncated: false,
    output: {
      stdoutBytes: 0,
      stderrBytes: 0,
      limitBytes: input.limits.outputBytes,
      stdoutTruncated: false,
      stderrTruncated: false,
    },
    executionTime: 0,
    cpuTime: 0,
    memoryUsage: 0,
    syscalls: {
      voluntaryContextSwitches: 0,
      involuntaryContextSwitches: 0,
      minorPageFaults: 0,
      majorPageFaults: 0,
    },
    events: [],
    eventsDropped: 0,
    error: null,
    termination: { reason: 'signal', detail: reason },
    timings: {
      queueMs: round(input.queueMs, 3),
      sandboxStartMs: null,
      runMs: 0,
      totalMs: round(input.totalMs, 3),
    },
    environment: input.environment,
  };
}

export function classify(input: ClassifyInput): RunResult {
  if (input.outcome.kind === 'lost') return lost(input, input.outcome.reason);
  const frame = input.outcome.frame;
  // The child's report is the job's own claim (its memory is the job's): events, error and
  // return value may be forged or garbage. Status, exit, signal and usage come from the kernel
  // (wait4) through the supervisor; an unusable report only loses what it would have added.
  const parsed = frame.report === undefined ? undefined : childReportSchema.safeParse(frame.report);
  const report = parsed?.success === true ? parsed.data : undefined;
  const unusable =
    frame.reportError ?? (parsed?.success === false ? 'report does not match its schema' : null);
  const decided = decide(frame, report, input.limits, input.environment);
  const { status } = decided;
  const termination =
    unusable !== null && decided.termination.detail === undefined
      ? {
          ...decided.termination,
          detail: `the job's own report was unusable (${unusable}); status from its exit alone`,
        }
      : decided.termination;
  const cap = input.limits.outputBytes;
  const stdoutTruncated = frame.stdoutBytes > cap;
  const stderrTruncated = frame.stderrBytes > cap;
  // From the report, so checked: only a time between hand-over and exit is a time.
  const claimedStartNs = report?.userStartNs;
  const userStartNs =
    claimedStartNs !== undefined && claimedStartNs >= frame.startNs && claimedStartNs <= frame.endNs
      ? claimedStartNs
      : undefined;
  const e = report?.error;
  const io = report?.io;
  const result: RunResult = {
    status,
    exitCode: frame.exitCode,
    signal: frame.signal === null ? null : (signalNames.get(frame.signal) ?? `SIG${frame.signal}`),
    stdout: frame.stdout,
    stderr: frame.stderr,
    truncated: stdoutTruncated || stderrTruncated,
    output: {
      stdoutBytes: frame.stdoutBytes,
      stderrBytes: frame.stderrBytes,
      limitBytes: cap,
      stdoutTruncated,
      stderrTruncated,
    },
    executionTime: round((frame.endNs - frame.startNs) / 1e9),
    cpuTime: round(cpuSeconds(frame)),
    memoryUsage: Math.round(frame.usage.maxrssKiB),
    syscalls: {
      ...(io === null || io === undefined
        ? {}
        : { readCalls: io.syscr, writeCalls: io.syscw, readBytes: io.rchar, writtenBytes: io.wchar }),
      voluntaryContextSwitches: frame.usage.nvcsw,
      involuntaryContextSwitches: frame.usage.nivcsw,
      minorPageFaults: frame.usage.minflt,
      majorPageFaults: frame.usage.majflt,
    },
    events: report?.events ?? [],
    eventsDropped: report?.eventsDropped ?? 0,
    error: e === undefined ? null : { type: e.type, message: e.message, line: e.line, phase: e.phase },
    termination,
    timings: {
      queueMs: round(input.queueMs, 3),
      sandboxStartMs: userStartNs === undefined ? null : round((userStartNs - frame.startNs) / 1e6, 3),
      runMs: round((frame.endNs - (userStartNs ?? frame.startNs)) / 1e6, 3),
      totalMs: round(input.totalMs, 3),
    },
    environment: input.environment,
  };
  if (report?.returnValue !== undefined && status === 'success') result.returnValue = report.returnValue;
  return result;
}
