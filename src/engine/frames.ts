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

/**
 * A job frame, in two parts: 4-byte big-endian sizes of the header and of the body, the header
 * (JSON: type, id, limits; no job data) and the body (JSON: code, filename, stdin, call). The
 * job child that runs it reads the whole frame itself and tells the zygote only the header, so
 * no part of a job ever enters the zygote (hbjail/runner.py _read_job).
 */
export function encodeJobFrame(job: JobFrame): Buffer {
  const { type, id, limits, ...body } = job;
  const head = Buffer.from(JSON.stringify({ type, id, limits }), 'utf8');
  const data = Buffer.from(JSON.stringify(body), 'utf8');
  const sizes = Buffer.allocUnsafe(8);
  sizes.writeUInt32BE(head.length, 0);
  sizes.writeUInt32BE(data.length, 4);
  return Buffer.concat([sizes, head, data]);
}

/** A length with this bit set marks a raw frame: bytes (a job's output or report), not JSON. */
const RAW_FLAG = 0x80000000;
/** A raw frame holds one stream, at most the output cap (+1 MiB for the report). */
export const MAX_RAW_FRAME_BYTES = MAX_FRAME_BYTES + 2 * 1024 * 1024;

/** One raw frame, kept as bytes. */
export class RawFrame {
  constructor(readonly bytes: Buffer) {}
}

/** Accumulates chunks and yields complete frames (as parsed JSON, not yet validated, or RawFrame). */
export class FrameDecoder {
  private buffer: Buffer = Buffer.alloc(0);
  /** Chunks not yet joined: joined only once a whole frame is there (a large frame arrives
   * in many chunks; joining each time would copy it quadratically). */
  private parts: Buffer[] = [];
  private partsBytes = 0;
  /** Bytes the next frame needs in total (its header first). */
  private needed = 4;

  push(chunk: Buffer): unknown[] {
    this.parts.push(chunk);
    this.partsBytes += chunk.length;
    if (this.buffer.length + this.partsBytes < this.needed) return [];
    this.buffer = Buffer.concat([this.buffer, ...this.parts]);
    this.parts = [];
    this.partsBytes = 0;
    const out: unknown[] = [];
    this.needed = 4;
    while (this.buffer.length >= 4) {
      const word = this.buffer.readUInt32BE(0);
      const raw = (word & RAW_FLAG) !== 0;
      const size = raw ? word - RAW_FLAG : word;
      const max = raw ? MAX_RAW_FRAME_BYTES : MAX_FRAME_BYTES;
      if (size > max) throw new Error(`frame of ${size} bytes exceeds ${max}`);
      if (this.buffer.length < 4 + size) {
        this.needed = 4 + size;
        break;
      }
      out.push(
        raw
          ? new RawFrame(Buffer.from(this.buffer.subarray(4, 4 + size)))
          : (JSON.parse(this.buffer.toString('utf8', 4, 4 + size)) as unknown),
      );
      this.buffer = this.buffer.subarray(4 + size);
    }
    return out;
  }
}

/** The child's own report (written by hbjail/runner.py). Everything optional: it may be cut off. */
export const childReportSchema = z.object({
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
  /** The job's scheduler CPU clock (s) when the zygote stopped it for CPU time, else null. */
  cpuAtKillS: z.number().nonnegative().nullable().optional(),
  overStream: z.enum(['stdout', 'stderr', 'report']).nullable(),
  /** The raw frames that follow this one, in this order. */
  attachments: z.tuple([z.literal('stdout'), z.literal('stderr'), z.literal('report')]),
  stdoutBytes: z.number().int(),
  stderrBytes: z.number().int(),
  /** The containment step that failed, as the child told the zygote before any code of the
   * job ran (hbjail/runner.py _start); null when every step held. */
  containFailed: z.object({ step: z.string(), message: z.string() }).nullable().optional(),
  /** When the job's child read its job frame. */
  startNs: z.number(),
  endNs: z.number(),
  recycle: z.boolean(),
});

/** A result frame with its attachments: output decoded (invalid UTF-8 -> U+FFFD), report parsed. */
export interface ResultFrame extends z.infer<typeof resultFrameSchema> {
  readonly stdout: string;
  readonly stderr: string;
  /** The child's report as JSON, not yet validated; undefined when absent or unparsable. */
  readonly report: unknown;
  /** Why the report could not be used (it is the job's own data: it may be anything). */
  readonly reportError: string | null;
}

/** runner.END_MARK and the exit status after it, at the end of a report whose child handed
 * back (hbjail/runner.py _hand_back). JSON text holds no NUL byte, so it cannot be a
 * report's own last bytes. */
const END_MARK = Buffer.from([0, 0x48, 0x42]);

function withoutEndMark(report: Buffer): Buffer {
  const at = report.length - END_MARK.length - 1;
  return at >= 0 && report.subarray(at, at + END_MARK.length).equals(END_MARK)
    ? report.subarray(0, at)
    : report;
}

export function assembleResult(
  head: z.infer<typeof resultFrameSchema>,
  blobs: readonly Buffer[],
): ResultFrame {
  const [stdout, stderr, marked] = blobs;
  const report = marked === undefined ? undefined : withoutEndMark(marked);
  let parsed: unknown;
  let reportError: string | null = null;
  if (report !== undefined && report.length > 0) {
    try {
      parsed = JSON.parse(report.toString('utf8')) as unknown;
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        parsed = undefined;
        reportError = 'report is not an object';
      }
    } catch {
      reportError = 'malformed report';
    }
  }
  return {
    ...head,
    stdout: stdout?.toString('utf8') ?? '',
    stderr: stderr?.toString('utf8') ?? '',
    report: parsed,
    reportError,
  };
}

export const faultFrameSchema = z.object({
  type: z.literal('fault'),
  id: z.number().int().nullable(),
  message: z.string(),
  /** false: only this job was refused (its frame); the zygote itself is intact and stays. */
  fatal: z.boolean().optional(),
  /** The zygote leaves after a job whose result it already sent, without reading any later
   * job: one sent meanwhile was not started and can go to another zygote. */
  retired: z.boolean().optional(),
});

export const zygoteFrameSchema = z.discriminatedUnion('type', [
  readyFrameSchema,
  resultFrameSchema,
  faultFrameSchema,
]);

export type ZygoteFrame = z.infer<typeof zygoteFrameSchema>;
export type ResultHead = z.infer<typeof resultFrameSchema>;
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
