/**
 * The analysis worker thread: one analyser, no cache (the pool keeps the cache on the main
 * thread, where a hit costs no round trip). Bad input comes back as a `fault` frame with the
 * HackBridgeError's code; anything else is HB_INTERNAL.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createAnalyzer } from '../analysis/index.js';
import { toHackBridgeError } from '../common/index.js';
import type { FromWorker } from './analysis-frames.js';
import { analysisWorkerDataSchema, toWorkerSchema } from './analysis-frames.js';

const port = parentPort;
if (port === null) throw new Error('analysis-worker.ts runs only as a worker thread');
const options = analysisWorkerDataSchema.parse(workerData);
const analyzer = createAnalyzer({ cacheEntries: 0, ...options });
const post = (frame: FromWorker): void => port.postMessage(frame);

port.on('message', (raw: unknown) => {
  const job = toWorkerSchema.parse(raw);
  analyzer.analyze(job.code).then(
    (report) => post({ type: 'report', id: job.id, report }),
    (thrown: unknown) => {
      const e = toHackBridgeError(thrown);
      post({
        type: 'fault',
        id: job.id,
        code: e.code,
        message: e.message,
        statusCode: e.statusCode,
        details: e.details,
      });
    },
  );
});

// Load the WebAssembly parser before saying ready, so no job's time budget pays for it.
await analyzer.analyze('');
post({ type: 'ready' });
