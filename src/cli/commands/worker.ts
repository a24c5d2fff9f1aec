/**
 * `hackbridge worker [--db URL] [--redis URL] [--concurrency N] [--tasks DIR]`: only the queue
 * consumer, on BullMQ, for scaling grading out over processes and machines. Serve the API
 * with `hackbridge serve --queue bullmq --no-worker` against the same database and Redis.
 */
import { usageError } from '../../common/index.js';
import { createService } from '../../service/index.js';
import type { Command } from '../io.js';
import { commonFlags, configFromFlags, parseFlags, toInt, untilSignal } from './server-options.js';

const HELP = `Usage: hackbridge worker [--db URL] [--redis redis://127.0.0.1:6379] [--concurrency N] [--tasks DIR] [--config FILE]
`;

export const worker: Command = async (argv, io) => {
  const { values } = parseFlags(argv, { ...commonFlags, concurrency: { type: 'string' } });
  if (values.help === true) {
    io.stdout(HELP);
    return 0;
  }
  if (values.queue === 'memory')
    throw usageError('hackbridge worker consumes a shared BullMQ queue; --queue memory makes no sense');
  const config = configFromFlags({ ...values, queue: 'bullmq' });
  const concurrency = toInt('concurrency', values.concurrency) ?? config.server.workerConcurrency;
  const service = await createService({ config });
  try {
    const { recovered } = await service.start({ consume: true, concurrency });
    io.stdout(
      `HackBridge worker consuming ${config.queue.redisUrl} (prefix ${config.queue.prefix}); re-queued ${recovered}\n`,
    );
    const signal = await untilSignal();
    io.stderr(`hackbridge: ${signal}, finishing active jobs\n`);
  } finally {
    await service.close();
  }
  return 0;
};
