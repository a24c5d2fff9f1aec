/**
 * Queue throughput: jobs/s from enqueue to acknowledged, with an empty handler and
 * concurrency 8, through JobQueue (memory and BullMQ) and, as the baseline, raw BullMQ
 * Queue/Worker with the same options in the same run. Prints the wrapper's overhead ratio.
 * Fails nothing.
 */
import { randomBytes } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { createQueue } from '../src/queue/index.js';

const N = 2000;
const CONCURRENCY = 8;
const ROUNDS = 3;
const REDIS_URL = 'redis://127.0.0.1:6379';
const schema = z.object({ n: z.number() });

async function waitFor(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
}

async function throughJobQueue(kind: 'memory' | 'bullmq', prefix: string): Promise<number> {
  const q = await createQueue({ kind, name: 'bench', payloadSchema: schema, redisUrl: REDIS_URL, prefix });
  let done = 0;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await q.enqueue(`j${i}`, { n: i });
  await q.process(
    async () => {
      done += 1;
    },
    { concurrency: CONCURRENCY },
  );
  await waitFor(() => done === N);
  const rate = N / ((performance.now() - t0) / 1000);
  await q.close();
  return rate;
}

async function rawBullmq(prefix: string): Promise<number> {
  const connection = { url: REDIS_URL };
  const q = new Queue('bench', { connection, prefix });
  let done = 0;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    await q.add('job', { n: i }, { jobId: `j${i}`, attempts: 3, removeOnComplete: true });
  }
  const w = new Worker(
    'bench',
    async () => {
      done += 1;
    },
    { connection, prefix, concurrency: CONCURRENCY },
  );
  await waitFor(() => done === N);
  const rate = N / ((performance.now() - t0) / 1000);
  await w.close();
  await q.close();
  return rate;
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}

export async function run(): Promise<void> {
  const prefixes = [0, 1].map(() => `hb-bench-${randomBytes(4).toString('hex')}`);
  try {
    // Interleaved rounds, best of each: a shared 2-core machine is noisy, and the first round
    // also pays for loading BullMQ's Lua scripts.
    let memory = 0;
    let bull = 0;
    let raw = 0;
    for (let round = 0; round < ROUNDS; round++) {
      memory = Math.max(memory, await throughJobQueue('memory', 'unused'));
      bull = Math.max(bull, await throughJobQueue('bullmq', `${prefixes[0] ?? ''}-${round}`));
      raw = Math.max(raw, await rawBullmq(`${prefixes[1] ?? ''}-${round}`));
    }
    console.log(
      `memory       ${memory.toFixed(0).padStart(7)} jobs/s   (×${(memory / raw).toFixed(1)} raw BullMQ)`,
    );
    console.log(
      `bullmq       ${bull.toFixed(0).padStart(7)} jobs/s   (JobQueue costs ×${(raw / bull).toFixed(2)} over raw)`,
    );
    console.log(`raw bullmq   ${raw.toFixed(0).padStart(7)} jobs/s   (baseline)`);
  } finally {
    for (const p of prefixes) for (let round = 0; round < ROUNDS; round++) await deleteKeys(`${p}-${round}`);
  }
}
