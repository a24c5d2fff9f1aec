/**
 * The pool's requeue of a job whose zygote retired before reading it (hbjail/supervisor.py
 * sends a fault with `retired: true`). Real zygotes retire only when a job left a directory
 * they cannot wipe (covered end to end in redteam-endofjob.test.ts); here stand-ins that
 * always retire show the bound: a job is tried on at most 1 + MAX_RETRIES zygotes, then it
 * is answered as lost, never requeued forever.
 */
import { describe, expect, it } from 'vitest';
import type { JobFrame } from '../../src/engine/frames.js';
import { Pool } from '../../src/engine/pool.js';
import type { JobOutcome, Zygote } from '../../src/engine/zygote.js';

/** A zygote that answers every job as "retired before reading it", then exits. */
function retiringZygote(counter: { runs: number }): Zygote {
  const exits: ((reason: string) => void)[] = [];
  const fake = {
    ready: Promise.resolve(),
    alive: true,
    retiring: false,
    python: '3.11',
    onExitOnce: (l: (reason: string) => void) => exits.push(l),
    run: (): Promise<JobOutcome> => {
      counter.runs += 1;
      fake.retiring = true;
      return Promise.resolve({ kind: 'lost', reason: 'zygote fault: retired', retry: true });
    },
    stop: (): Promise<void> => {
      fake.alive = false;
      setImmediate(() => exits.splice(0).forEach((l) => l('exited')));
      return Promise.resolve();
    },
  };
  return fake as unknown as Zygote;
}

const job = { type: 'job', id: 1 } as unknown as JobFrame;

describe('a job whose zygotes keep retiring before reading it', () => {
  it('is tried on a bounded number of zygotes, then answered as lost', async () => {
    const counter = { runs: 0 };
    const pool = new Pool(2, () => retiringZygote(counter));
    const { outcome } = await pool.submit(job, Buffer.alloc(0), 1000);
    expect(outcome).toMatchObject({ kind: 'lost', retry: true });
    expect(counter.runs).toBe(9); // the first try and 8 requeues
    await pool.close();
  });
});
