/**
 * Frames between Node and a zygote: a 4-byte big-endian length, then one UTF-8 JSON object.
 * Frames are string-tagged unions, parsed with zod on arrival: the zygote runs next to
 * untrusted code, so nothing it sends is trusted by shape.
 */
import { z } from 'zod';
import { returnValueSchema, runErrorSchema, runEventSchema } from './result.js';

/** Larger than any legitimate frame (output caps apply long before). */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

export function encodeFrame(value: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  const head = Buffer.allocUnsafe(4);
  head.writeUInt32BE(body.length, 0);
  return Buffer.concat([head, body]);
}

/** Accumulates chunks and yields complete frames (as parsed JSON, not yet validated). */
export class FrameDecoder {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): unknown[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const out: unknown[] = [];
    while (this.buffer.length >= 4) {
      const size = this.buffer.readUInt32BE(0);
      if (size > MAX_FRAME_BYTES) throw new Error(`frame of ${size} bytes exceeds ${MAX_FRAME_BYTES}`);
      if (this.buffer.length < 4 + size) break;
      out.push(JSON.parse(this.buffer.toString('utf8', 4, 4 + size)) as unknown);
      this.buffer = this.buffer.subarray(4 + size);
    }
    return out;
  }
}

/** The child's own report (written by hbjail/runner.py). Everything optional: it may be cut off. */
export const childReportSchema = z.object({
  containFailed: z.object({ step: z.string(), message: z.string() }).optional(),
  userStartNs: z.number().optional(),
  userEndNs: z.number().optional(),
  error: runErrorSchema.extend({ errno: z.number().int().nullable().optional() }).optional(),
  returnValue: returnValueSchema.optional(),
  events: z.array(runEventSchema).optional(),
  eventsDropped: z.number().int().optional(),
  lastBlocked: z.object({ action: z.string(), detail: z.string() }).optional(),
  /** /proc/self/io read by the child at its very end (absent when it was killed). */
  io: z
    .object({
      syscr: z.number().int(),
      syscw: z.number().int(),
      rchar: z.number().int(),
      wchar: z.number().int(),
    })
    .nullable()
    .optional(),
});

export const readyFrameSchema = z.object({
  type: z.literal('ready'),
  python: z.string(),
  pid: z.number().int(),
});

export const resultFrameSchema = z.object({
  type: z.literal('result'),
  id: z.number().int(),
  exitCode: z.number().int().nullable(),
  signal: z.number().int().nullable(),
  usage: z.object({
    utime: z.number(),
    stime: z.number(),
    maxrssKiB: z.number(),
    minflt: z.number(),
    majflt: z.number(),
    nvcsw: z.number(),
    nivcsw: z.number(),
  }),
  killedFor: z.enum(['wall', 'output', 'cpu']).nullable(),
  overStream: z.enum(['stdout', 'stderr', 'report']).nullable(),
  stdout: z.string(),
  stderr: z.string(),
  stdoutBytes: z.number().int(),
  stderrBytes: z.number().int(),
  /** When the zygote handed the job to its (pre-forked) child. */
  startNs: z.number(),
  endNs: z.number(),
  report: z.unknown(),
  reportError: z.string().nullable(),
  recycle: z.boolean(),
});

export const faultFrameSchema = z.object({
  type: z.literal('fault'),
  id: z.number().int().nullable(),
  message: z.string(),
  /** false: only this job was refused (its frame); the zygote itself is intact and stays. */
  fatal: z.boolean().optional(),
});

export const zygoteFrameSchema = z.discriminatedUnion('type', [
  readyFrameSchema,
  resultFrameSchema,
  faultFrameSchema,
]);

export type ZygoteFrame = z.infer<typeof zygoteFrameSchema>;
export type ResultFrame = z.infer<typeof resultFrameSchema>;
export type ChildReport = z.infer<typeof childReportSchema>;

/** What Node sends for one job (hbjail/supervisor.py and runner.py read it). */
export interface JobFrame {
  readonly type: 'job';
  readonly id: number;
  readonly code: string;
  readonly filename: string;
  readonly stdin: string;
  readonly call?: { readonly entry: string; readonly args: readonly unknown[] };
  readonly limits: {
    readonly cpuSeconds: number;
    readonly wallMs: number;
    readonly memoryBytes: number;
    readonly outputBytes: number;
    readonly fileSizeBytes: number;
    readonly openFiles: number;
    readonly threads: number;
  };
}
