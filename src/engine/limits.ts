/**
 * Request limits -> the limits a job runs with. The public contract speaks seconds, MB and
 * KB; inside, names carry units. Every request value is checked (finite, > 0, below a sanity
 * bound, else an error naming the field) and then clamped to the operator's maxima, so a
 * request can never exceed what the operator allows (piston's rule).
 */
import { z } from 'zod';
import { HackBridgeError, KiB, MiB } from '../common/index.js';
import type { EngineConfig } from './config.js';

/** Values beyond these are not limits but mistakes: an error rather than a clamp. */
const SANITY = { seconds: 86_400, mb: 1_048_576, kb: 1_048_576 } as const;

/** Any number: NaN and ±Infinity must reach resolveLimits, which names the field. */
const limitValue = z.custom<number>((v) => typeof v === 'number', 'a number');

export const runOptionsSchema = z
  .object({
    stdin: z.string().optional(),
    /** CPU seconds. */
    timeLimit: limitValue.optional(),
    /** Wall-clock seconds (default: 2 x CPU + 1 s). */
    wallTimeLimit: limitValue.optional(),
    /** MB (MiB) of memory the submission may use on top of the interpreter. */
    memoryLimit: limitValue.optional(),
    /** KB (KiB) per output stream. */
    outputLimit: limitValue.optional(),
    /** The same limits in a task's shape (`time` s, `memory` MB, `output` KB); the flat fields win. */
    limits: z
      .object({
        time: limitValue.optional(),
        wallTime: limitValue.optional(),
        memory: limitValue.optional(),
        output: limitValue.optional(),
      })
      .strict()
      .optional(),
    /** Shown in tracebacks. */
    filename: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[^/\0]+$/, 'a plain file name')
      .optional(),
    /** Function mode: run the module, then call `entry(*args)` and return its value. */
    call: z
      .object({ entry: z.string().min(1).max(255), args: z.array(z.unknown()) })
      .strict()
      .optional(),
  })
  .strict();

export type RunOptions = z.input<typeof runOptionsSchema>;

export interface JobLimits {
  readonly cpuTimeMs: number;
  readonly wallTimeMs: number;
  readonly memoryBytes: number;
  readonly outputBytes: number;
  readonly fileSizeBytes: number;
  readonly openFiles: number;
  readonly threads: number;
}

function invalid(field: string, value: unknown, reason: string): HackBridgeError {
  return new HackBridgeError(
    'HB_ENGINE_LIMIT_INVALID',
    `Invalid limit ${field}: ${String(value)} (${reason})`,
    {
      statusCode: 400,
      details: { field, value: String(value), reason },
    },
  );
}

function check(field: string, value: number | undefined, sanity: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value)) throw invalid(field, value, 'not a finite number');
  if (value <= 0) throw invalid(field, value, 'must be greater than 0');
  if (value > sanity) throw invalid(field, value, `absurdly large (more than ${sanity})`);
  return value;
}

export function resolveLimits(options: z.output<typeof runOptionsSchema>, config: EngineConfig): JobLimits {
  const l = options.limits ?? {};
  const cpuS = check('timeLimit', options.timeLimit ?? l.time, SANITY.seconds);
  const wallS = check('wallTimeLimit', options.wallTimeLimit ?? l.wallTime, SANITY.seconds);
  const memMb = check('memoryLimit', options.memoryLimit ?? l.memory, SANITY.mb);
  const outKb = check('outputLimit', options.outputLimit ?? l.output, SANITY.kb);

  const cpuTimeMs = Math.min(cpuS === undefined ? config.defaultCpuTimeMs : cpuS * 1000, config.maxCpuTimeMs);
  const wallTimeMs = Math.min(
    wallS === undefined ? 2 * cpuTimeMs + 1000 : wallS * 1000,
    config.maxWallTimeMs,
  );
  const memoryMiB = Math.min(memMb ?? config.defaultMemoryMiB, config.maxMemoryMiB);
  const outputKiB = Math.min(outKb ?? config.defaultOutputKiB, config.maxOutputKiB);
  return {
    cpuTimeMs: Math.max(1, Math.round(cpuTimeMs)),
    wallTimeMs: Math.max(1, Math.round(wallTimeMs)),
    memoryBytes: Math.round(memoryMiB * MiB),
    outputBytes: Math.max(1, Math.round(outputKiB * KiB)),
    fileSizeBytes: config.workdirMiB * MiB,
    openFiles: config.maxOpenFiles,
    threads: config.maxThreads,
  };
}
