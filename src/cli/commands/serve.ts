/**
 * `hackbridge serve [--port 8080] [--host H] [--tasks DIR] [--db URL] [--queue memory|bullmq]
 * [--redis URL] [--no-worker] [--config FILE]`: the HTTP API (+ WebSocket, OpenAPI) with an
 * embedded queue consumer, and the web UI (dist/ui) at `/`. Zero flags work: SQLite file in the working directory, the sample
 * tasks, port 8080; on first start with an empty database an organiser is created and its
 * token printed once.
 */
import { fileURLToPath } from 'node:url';
import { buildHttpApp } from '../../bridge/index.js';
import { createService } from '../../service/index.js';
import type { Command } from '../io.js';
import { commonFlags, configFromFlags, parseFlags, untilSignal } from './server-options.js';

const HELP = `Usage: hackbridge serve [--port 8080] [--host 127.0.0.1] [--tasks DIR] [--db sqlite:./hackbridge.db|postgres://…]
                        [--queue memory|bullmq] [--redis redis://…] [--no-worker] [--config FILE]
`;

export const serve: Command = async (argv, io) => {
  const { values } = parseFlags(argv, {
    ...commonFlags,
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    'no-worker': { type: 'boolean' },
  });
  if (values.help === true) {
    io.stdout(HELP);
    return 0;
  }
  const config = configFromFlags(
    values,
    values['no-worker'] === true ? { server: { embeddedWorker: false } } : {},
  );
  const service = await createService({ config });
  try {
    const { recovered } = await service.start({
      consume: config.server.embeddedWorker,
      concurrency: config.server.workerConcurrency,
    });
    if (recovered > 0) io.stdout(`Re-queued ${recovered} unfinished submission(s)\n`);
    // dist/cli/commands/serve.js → dist/ui, where `npm run build` writes the web UI.
    const uiDir = fileURLToPath(new URL('../../ui', import.meta.url));
    const app = await buildHttpApp({ service, uiDir });
    const address = await app.listen({ port: config.server.port, host: config.server.host });
    io.stdout(
      `HackBridge listening on ${address}  (store ${service.store.kind}, queue ${config.queue.kind}, tasks ${service.tasks.list().length})\n`,
    );
    if (config.server.bootstrapOrganiser) {
      const first = await service.bootstrapOrganiser();
      if (first !== undefined) {
        io.stdout(`Created organiser '${first.user.name}'. Its API token (shown once):\n${first.token}\n`);
      }
    }
    const signal = await untilSignal();
    io.stderr(`hackbridge: ${signal}, shutting down\n`);
    await app.close();
  } finally {
    await service.close();
  }
  return 0;
};
