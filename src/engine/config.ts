/**
 * The engine's configuration section (also the `engine` key of the one config schema in
 * src/config/schema.ts, which imports it from here). Units are in the names.
 */
import { z } from 'zod';

export const sandboxModeSchema = z.enum(['strict', 'no-seccomp', 'no-namespaces', 'unsafe-none']);

export const engineConfigSchema = z
  .object({
    /** Interpreter inside the jail. PYTHON_PATH overrides it. */
    pythonPath: z.string().min(1).default('/usr/bin/python3'),
    /** bubblewrap binary (absolute: jails are spawned with an empty environment, no PATH). */
    bwrapPath: z.string().min(1).default('/usr/bin/bwrap'),
    /** Zygote workers; 0 means one per CPU. */
    workers: z.number().int().min(0).max(256).default(0),
    /**
     * `strict` refuses to run unless every layer (bwrap namespaces, seccomp) is active.
     * `no-seccomp` / `no-namespaces` / `unsafe-none` are explicit weaker modes an operator
     * must choose; every result then reports which layers were active.
     */
    sandbox: sandboxModeSchema.default('strict'),
    /** Defaults, from the platform's design document. */
    defaultMemoryMiB: z.number().positive().max(65536).default(64),
    defaultCpuTimeMs: z.number().int().positive().default(5000),
    defaultOutputKiB: z.number().int().positive().default(64),
    /** Operator maxima: request limits are clamped to these. */
    maxMemoryMiB: z.number().positive().max(65536).default(1024),
    maxCpuTimeMs: z.number().int().positive().default(60_000),
    maxWallTimeMs: z.number().int().positive().default(120_000),
    maxOutputKiB: z.number().int().positive().max(65_536).default(16_384), // one stream must fit a frame
    maxSourceBytes: z
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
    /** Threads a job may start (RLIMIT_NPROC inside the jail's user namespace). */
    maxThreads: z.number().int().min(1).max(4096).default(32),
    /** Size of the jail's writable tmpfs, which holds the job directory; also RLIMIT_FSIZE. */
    workdirMiB: z.number().int().min(1).max(65536).default(64),
    /** RLIMIT_NOFILE of a job. */
    maxOpenFiles: z.number().int().min(16).max(65536).default(64),
  })
  .strict();

export type EngineConfig = z.infer<typeof engineConfigSchema>;
export type SandboxMode = z.infer<typeof sandboxModeSchema>;
