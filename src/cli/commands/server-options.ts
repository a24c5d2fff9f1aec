/**
 * Flags shared by `serve`, `worker` and `users`, turned into config overrides: the config
 * loader stays the one place that merges defaults, file, environment and flags.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FlagOptions } from '../args.js';
import { usageError } from '../../common/index.js';
import { loadConfig } from '../../config/index.js';
import type { Config, DeepPartial } from '../../config/index.js';

export { parseFlags } from '../args.js';

export const commonFlags = {
  config: { type: 'string' },
  db: { type: 'string' },
  tasks: { type: 'string' },
  queue: { type: 'string' },
  redis: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies FlagOptions;

const toInt = (flag: string, raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw usageError(`--${flag} must be a non-negative integer, got '${raw}'`);
  return n;
};

/** The sample catalog shipped with the package, for `serve` run outside the repository. */
function packagedTasksDir(): string | undefined {
  const dir = fileURLToPath(new URL('../../../tasks', import.meta.url));
  return existsSync(dir) ? dir : undefined;
}

export interface CommonValues {
  config?: string | undefined;
  db?: string | undefined;
  tasks?: string | undefined;
  queue?: string | undefined;
  redis?: string | undefined;
  port?: string | undefined;
  host?: string | undefined;
}

export function configFromFlags(values: CommonValues, extra: DeepPartial<Config> = {}): Readonly<Config> {
  if (values.queue !== undefined && values.queue !== 'memory' && values.queue !== 'bullmq')
    throw usageError(`--queue must be memory or bullmq, got '${values.queue}'`);
  const port = toInt('port', values.port);
  const config = loadConfig({
    ...(values.config === undefined ? {} : { file: values.config }),
    overrides: {
      ...extra,
      server: {
        ...extra.server,
        ...(port === undefined ? {} : { port }),
        ...(values.host === undefined ? {} : { host: values.host }),
      },
      store: values.db === undefined ? {} : { url: values.db },
      grading: values.tasks === undefined ? {} : { tasksDir: values.tasks },
      queue: {
        ...extra.queue,
        ...(values.queue === undefined ? {} : { kind: values.queue }),
        ...(values.redis === undefined ? {} : { redisUrl: values.redis }),
      },
    },
  });
  // Zero flags: `tasks/` in the working directory if there is one, else the packaged samples.
  if (values.tasks === undefined && !existsSync(config.grading.tasksDir)) {
    const packaged = packagedTasksDir();
    if (packaged !== undefined)
      return { ...config, grading: Object.freeze({ ...config.grading, tasksDir: packaged }) };
  }
  return config;
}

export { toInt };

/** Resolves when the process is asked to stop (SIGINT / SIGTERM). */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
