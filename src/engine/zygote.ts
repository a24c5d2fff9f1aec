/**
 * One zygote: spawn it (inside its jail), wait for `ready`, hand it one job at a time,
 * supervise it. The zygote enforces the job's wall-clock limit itself (it polls with the
 * deadline); Node keeps a backstop: if no result arrives within the wall limit plus a grace
 * period, the zygote is taken as hung, its whole tree is SIGKILLed (bwrap --die-with-parent
 * and the zygote being PID 1 of its namespace take everything in the jail with it) and the
 * job gets `internal_error`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import {
  assembleResult,
  FrameDecoder,
  RawFrame,
  zygoteFrameSchema,
  type JobFrame,
  type ResultFrame,
  type ResultHead,
} from './frames.js';
import type { JailCommand } from './jail.js';

/** How long past its wall limit a job may stay unanswered before the zygote counts as hung. */
export const BACKSTOP_GRACE_MS = 2000;
const READY_TIMEOUT_MS = 20_000;
const STDERR_KEEP_BYTES = 4096;

export type JobOutcome =
  | { readonly kind: 'result'; readonly frame: ResultFrame }
  | { readonly kind: 'lost'; readonly reason: string; readonly retry?: boolean };

interface Pending {
  readonly id: number;
  readonly resolve: (outcome: JobOutcome) => void;
  readonly timer: NodeJS.Timeout;
}

export class Zygote {
  readonly process: ChildProcess;
  python = '';
  private readonly decoder = new FrameDecoder();
  private readonly toZygote: Writable;
  private pending: Pending | undefined;
  /** A result frame waiting for its raw attachments (output, report). */
  private assembling: { readonly head: ResultHead; readonly blobs: Buffer[] } | undefined;
  private stderrTail = '';
  private readyWaiters: { resolve: () => void; reject: (e: Error) => void } | undefined;
  private dead = false;
  private killed = false;
  /** Set when the zygote asked to be replaced (e.g. its workdir could not be wiped). */
  retiring = false;
  readonly ready: Promise<void>;
  private readonly exitListeners: ((reason: string) => void)[] = [];

  constructor(command: JailCommand, spawnIds: { uid: number; gid: number } | undefined, cwd: string) {
    this.process = spawn(command.file, command.args, {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
      env: {},
      cwd,
      ...spawnIds,
    });
    this.toZygote = this.process.stdio[3] as Writable;
    const fromZygote = this.process.stdio[4] as Readable;
    this.ready = new Promise<void>((resolve, reject) => {
      this.readyWaiters = { resolve, reject };
    });
    // A startup failure is reported through `ready`; keep it from surfacing as unhandled.
    this.ready.catch(() => undefined);
    const readyTimer = setTimeout(() => this.fail('zygote did not become ready in time'), READY_TIMEOUT_MS);
    void this.ready.finally(() => clearTimeout(readyTimer)).catch(() => undefined);
    fromZygote.on('data', (chunk: Buffer) => this.onData(chunk));
    fromZygote.on('error', () => undefined);
    this.toZygote.on('error', () => undefined);
    this.process.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_KEEP_BYTES);
    });
    this.process.on('error', (err) => this.onExit(`spawn failed: ${err.message}`));
    this.process.on('exit', (code, signal) => this.onExit(`exited (${signal ?? `code ${String(code)}`})`));
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** False once it exited or was sentenced (killed, exit event still on its way). */
  get alive(): boolean {
    return !this.dead && !this.killed;
  }

  get stderr(): string {
    return this.stderrTail;
  }

  onExitOnce(listener: (reason: string) => void): void {
    this.exitListeners.push(listener);
  }

  run(job: JobFrame, frame: Buffer, backstopMs: number): Promise<JobOutcome> {
    if (this.pending !== undefined) throw new Error('zygote is busy');
    return new Promise<JobOutcome>((resolve) => {
      const timer = setTimeout(
        () => this.fail(`no answer within ${backstopMs} ms: killed as hung`),
        backstopMs,
      );
      this.pending = { id: job.id, resolve, timer };
      this.toZygote.write(frame);
    });
  }

  /** Ends the zygote: closing its control channel makes it exit; SIGKILL if it lingers. */
  stop(): Promise<void> {
    if (this.dead) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.kill(), 1000);
      this.onExitOnce(() => {
        clearTimeout(timer);
        resolve();
      });
      this.toZygote.end();
    });
  }

  kill(): void {
    this.killed = true;
    if (!this.dead) this.process.kill('SIGKILL');
  }

  private fail(reason: string): void {
    this.settle({ kind: 'lost', reason });
    this.kill();
  }

  private settle(outcome: JobOutcome): void {
    const p = this.pending;
    if (p === undefined) return;
    this.pending = undefined;
    clearTimeout(p.timer);
    p.resolve(outcome);
  }

  private onData(chunk: Buffer): void {
    let frames: unknown[];
    try {
      frames = this.decoder.push(chunk);
    } catch (err) {
      this.fail(`bad frame from zygote: ${(err as Error).message}`);
      return;
    }
    for (const raw of frames) {
      if (raw instanceof RawFrame) {
        // An attachment (output or report) of the result frame before it.
        const open = this.assembling;
        if (open === undefined) {
          this.fail('bad frame from zygote: raw frame without a result');
          return;
        }
        open.blobs.push(raw.bytes);
        if (open.blobs.length < open.head.attachments.length) continue;
        this.assembling = undefined;
        const frame = assembleResult(open.head, open.blobs);

        if (this.pending?.id === frame.id) {
          if (frame.recycle) this.retiring = true;
          this.settle({ kind: 'result', frame });
        }
        continue;
      }
      if (this.assembling !== undefined) {
        this.fail('bad frame from zygote: result attachments missing');
        return;
      }
      const parsed = zygoteFrameSchema.safeParse(raw);
      if (!parsed.success) {
        this.fail(`malformed frame from zygote: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
        return;
      }
      const frame = parsed.data;
      if (frame.type === 'ready') {
        this.python = frame.python;
        this.readyWaiters?.resolve();
      } else if (frame.type === 'fault') {
        if (frame.fatal !== false) this.retiring = true;
        // A retiring zygote read no job after the result it sent last: one sent meanwhile
        // was never started and may be retried elsewhere.
        this.settle({
          kind: 'lost',
          reason: `zygote fault: ${frame.message}`,
          retry: frame.retired === true,
        });
      } else {
        this.assembling = { head: frame, blobs: [] };
      }
    }
  }

  private onExit(reason: string): void {
    if (this.dead) return;
    this.dead = true;
    const detail =
      this.stderrTail.trim() === '' ? reason : `${reason}: ${this.stderrTail.trim().slice(-500)}`;
    this.readyWaiters?.reject(new Error(detail));
    this.settle({ kind: 'lost', reason: `zygote ${detail}` });
    for (const l of this.exitListeners.splice(0)) l(detail);
  }
}
