/**
 * RunResult: the engine's single output type, as a zod schema so every consumer (grading, the
 * bridge's contract, the CLI's --json) parses the same shape. Units follow the public
 * contract: seconds for times, KiB for memory, bytes for output counts.
 */
import { z } from 'zod';

export const runStatusSchema = z.enum([
  'success',
  'syntax_error',
  'runtime_error',
  'timeout',
  'memory_limit',
  'output_limit',
  'security_violation',
  'internal_error',
]);

/** One cause of termination, with the limit and what was observed when a limit was hit. */
export const terminationSchema = z.object({
  reason: z.enum(['exit', 'signal', 'cpu_time', 'wall_time', 'memory', 'output', 'blocked_syscall']),
  /** The limit that applied, in `unit`. */
  limit: z.number().optional(),
  /** What was measured against it, in `unit`. */
  observed: z.number().optional(),
  unit: z.enum(['s', 'KiB', 'bytes']).optional(),
  /** Human-readable detail: the stream that overflowed, the action that was blocked, ... */
  detail: z.string().optional(),
});

/** What the in-jail audit hook saw (bounded and de-duplicated: `count` repeats). */
export const runEventSchema = z.object({
  kind: z.enum(['import', 'file', 'network', 'process', 'signal', 'native', 'system']),
  action: z.string(),
  detail: z.string(),
  /** The sandbox refuses this action by policy (the attempt failed). */
  blocked: z.boolean(),
  count: z.number().int().positive(),
});

export const runErrorSchema = z.object({
  type: z.string(),
  message: z.string(),
  /** Line in the submission, when Python knows one. */
  line: z.number().int().nullable(),
  /** compile = syntax error; import = module top level; call = inside the entry call. */
  phase: z.enum(['compile', 'import', 'call']),
});

export const returnValueSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('json'), json: z.string() }),
  z.object({ kind: z.literal('unserialisable'), type: z.string(), repr: z.string() }),
]);

/** Real kernel counters only (never estimated); absent when the kernel did not report them. */
export const syscallCountersSchema = z.object({
  /** read-like system calls (/proc/PID/io syscr). */
  readCalls: z.number().int().optional(),
  /** write-like system calls (/proc/PID/io syscw). */
  writeCalls: z.number().int().optional(),
  /** bytes passed to read-like calls (/proc/PID/io rchar). */
  readBytes: z.number().int().optional(),
  /** bytes passed to write-like calls (/proc/PID/io wchar). */
  writtenBytes: z.number().int().optional(),
  voluntaryContextSwitches: z.number().int(),
  involuntaryContextSwitches: z.number().int(),
  minorPageFaults: z.number().int(),
  majorPageFaults: z.number().int(),
});

export const sandboxLayerSchema = z.enum(['namespaces', 'seccomp', 'no-new-privs', 'rlimits', 'audit-hook']);

export const runEnvironmentSchema = z.object({
  python: z.string(),
  hackbridge: z.string(),
  /** The configured mode: `strict`, or an explicitly chosen weaker one. */
  sandbox: z.enum(['strict', 'no-seccomp', 'no-namespaces', 'unsafe-none']),
  /** Layers actually active for this run. */
  layers: z.array(sandboxLayerSchema),
});

export const runResultSchema = z.object({
  status: runStatusSchema,
  exitCode: z.number().int().nullable(),
  /** Signal name (e.g. `SIGKILL`) when the process was killed by one. */
  signal: z.string().nullable(),
  stdout: z.string(),
  stderr: z.string(),
  /** Either stream was cut at the output limit. */
  truncated: z.boolean(),
  output: z.object({
    /** Bytes the program wrote (as far as they were read before it was stopped). */
    stdoutBytes: z.number().int(),
    stderrBytes: z.number().int(),
    /** The cap, per stream. */
    limitBytes: z.number().int(),
    stdoutTruncated: z.boolean(),
    stderrTruncated: z.boolean(),
  }),
  /** Wall-clock seconds from fork to exit. */
  executionTime: z.number(),
  /** User + system CPU seconds (wait4 rusage). */
  cpuTime: z.number(),
  /** Peak resident set, KiB (wait4 rusage ru_maxrss; includes pages shared with the zygote). */
  memoryUsage: z.number().int(),
  syscalls: syscallCountersSchema,
  /**
   * What the in-process audit hook recorded. The job's own claim, like `error` and
   * `returnValue`: they come from the child's report, written by the harness inside the job's
   * process, whose memory and descriptors the submission controls (it can forge, hide or
   * garble them, and then only its own result changes). `status`, `exitCode`, `signal`,
   * `cpuTime`, `memoryUsage`, output sizes and the limits hit come from the kernel (wait4,
   * the supervisor's own counters); an unusable report is ignored and noted in
   * `termination.detail`.
   */
  events: z.array(runEventSchema),
  /** Events beyond the bound that were not recorded. */
  eventsDropped: z.number().int(),
  error: runErrorSchema.nullable(),
  termination: terminationSchema,
  timings: z.object({
    /** Waiting for a free zygote. */
    queueMs: z.number(),
    /** Hand-over to the job's pre-forked child + the job-dependent containment steps, until the first line of user code (null if it never got there). */
    sandboxStartMs: z.number().nullable(),
    /** User code start to exit (or from the hand-over when it never started). */
    runMs: z.number(),
    /** run() call to result. */
    totalMs: z.number(),
  }),
  environment: runEnvironmentSchema,
  /** Function mode only: what the entry returned, serialised inside the child (the job's own claim: see `events`). */
  returnValue: returnValueSchema.optional(),
});

export type RunStatus = z.infer<typeof runStatusSchema>;
export type RunResult = z.infer<typeof runResultSchema>;
export type RunEvent = z.infer<typeof runEventSchema>;
export type RunError = z.infer<typeof runErrorSchema>;
export type Termination = z.infer<typeof terminationSchema>;
export type ReturnValue = z.infer<typeof returnValueSchema>;
export type SandboxLayer = z.infer<typeof sandboxLayerSchema>;
export type RunEnvironment = z.infer<typeof runEnvironmentSchema>;
