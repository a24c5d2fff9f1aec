/**
 * The pool: N zygotes, a FIFO job queue, one job per zygote at a time (a job never shares
 * its jail with another job: separate PID, mount and IPC namespaces keep concurrent jobs
 * apart), and replacement of zygotes that die, hang or ask to be recycled.
 * If zygotes keep failing to start, the pool gives up and rejects work with a clear error
 * instead of spinning.
 */
import { HackBridgeError } from '../common/index.js';
import type { JobFrame } from './frames.js';
import type { JobOutcome, Zygote } from './zygote.js';

const MAX_CONSECUTIVE_START_FAILURES = 3;
/** A job whose zygote retired before reading it goes to another one; a bound only against a
 * fault that would retire every zygote (each retirement is otherwise caused by another job). */
const MAX_RETRIES = 8;

interface Task {
  readonly job: JobFrame;
  readonly frame: Buffer;
  readonly backstopMs: number;
  readonly enqueuedAtMs: number;
  readonly resolve: (r: { outcome: JobOutcome; queueMs: number }) => void;
  readonly reject: (e: Error) => void;
  /** How many zygotes retired without starting it (each guarantees it never read it). */
  readonly retries?: number;
}

interface Slot {
  zygote: Zygote;
  state: 'starting' | 'idle' | 'busy';
  /** When the slot last became idle (performance.now() ms). */
  idleSinceMs: number;
}

export class Pool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private closed = false;
  private brokenReason: string | undefined;
  private startFailures = 0;
  restarts = 0;
  python = '';

  constructor(
    size: number,
    private readonly spawnZygote: () => Zygote,
  ) {
    for (let i = 0; i < size; i++) {
      const slot: Slot = { zygote: this.spawnZygote(), state: 'starting', idleSinceMs: 0 };
      this.slots.push(slot);
      this.watch(slot);
    }
  }

  get size(): number {
    return this.slots.length;
  }

  get busy(): number {
    return this.slots.filter((s) => s.state === 'busy').length;
  }

  get queued(): number {
    return this.queue.length;
  }

  submit(
    job: JobFrame,
    frame: Buffer,
    backstopMs: number,
  ): Promise<{ outcome: JobOutcome; queueMs: number }> {
    if (this.closed) return Promise.reject(closedError());
    if (this.brokenReason !== undefined) return Promise.reject(this.unavailable(this.brokenReason));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, frame, backstopMs, enqueuedAtMs: performance.now(), resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(closedError());
    await Promise.all(this.slots.map((s) => s.zygote.stop()));
  }

  private unavailable(reason: string): HackBridgeError {
    return new HackBridgeError('HB_ENGINE_UNAVAILABLE', `The sandbox pool cannot start zygotes: ${reason}`, {
      statusCode: 503,
      details: { reason },
    });
  }

  private watch(slot: Slot): void {
    const zygote = slot.zygote;
    zygote.ready.then(
      () => {
        if (slot.zygote !== zygote) return;
        this.startFailures = 0;
        this.python = zygote.python;
        slot.state = 'idle';
        slot.idleSinceMs = performance.now();
        this.dispatch();
      },
      (err: Error) => {
        if (slot.zygote !== zygote || this.closed) return;
        this.startFailures += 1;
        if (this.startFailures >= MAX_CONSECUTIVE_START_FAILURES) {
          this.brokenReason = err.message;
          for (const task of this.queue.splice(0)) task.reject(this.unavailable(err.message));
        }
      },
    );
    zygote.onExitOnce(() => {
      if (slot.zygote !== zygote || this.closed) return;
      if (this.brokenReason !== undefined) return;
      this.replace(slot);
    });
  }

  private replace(slot: Slot): void {
    this.restarts += 1;
    slot.zygote = this.spawnZygote();
    slot.state = 'starting';
    this.watch(slot);
  }

  /**
   * Hands queued jobs to idle zygotes, the one idle longest first. A zygote that has just
   * answered is still forking and preparing its next standby child; one idle for longer has
   * its child ready. Always taking the first idle slot sent every job of a sequential caller
   * to that busy-preparing zygote while the other sat ready.
   */
  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot: Slot | undefined;
      for (const s of this.slots) {
        if (s.state !== 'idle' || !s.zygote.alive || s.zygote.retiring) continue;
        if (slot === undefined || s.idleSinceMs < slot.idleSinceMs) slot = s;
      }
      if (slot === undefined) return;
      const task = this.queue.shift();
      if (task === undefined) return;
      this.start(slot, task);
    }
  }

  private start(slot: Slot, task: Task): void {
    slot.state = 'busy';
    const zygote = slot.zygote;
    const queueMs = performance.now() - task.enqueuedAtMs;
    void zygote.run(task.job, task.frame, task.backstopMs).then((outcome) => {
      if (slot.zygote === zygote && zygote.alive) {
        if (zygote.retiring) {
          void zygote.stop();
        } else {
          slot.state = 'idle';
          slot.idleSinceMs = performance.now();
        }
      }
      const retries = task.retries ?? 0;
      if (outcome.kind === 'lost' && outcome.retry === true && retries < MAX_RETRIES && !this.closed) {
        this.queue.unshift({ ...task, retries: retries + 1 });
      } else {
        task.resolve({ outcome, queueMs });
      }
      this.dispatch();
    });
  }
}

function closedError(): HackBridgeError {
  return new HackBridgeError('HB_ENGINE_CLOSED', 'The engine is closed', { statusCode: 503 });
}
