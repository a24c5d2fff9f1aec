/**
 * The pino logger: one JSON object per line with an ISO `timestamp` (the platform's field
 * name) and a textual `level`, to stdout (or a given stream) and optionally to a file that
 * pino-roll rotates daily and by size.
 *
 * Lines are always JSON: NODE_ENV=production only makes that a promise (pino-pretty is not a
 * dependency, so there is no other format to fall back to).
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import pino from 'pino';
import type { DestinationStream, Logger, StreamEntry } from 'pino';
import { HackBridgeError } from '../common/index.js';
import type { TelemetryOptions } from './types.js';

export interface OwnedLogger {
  readonly logger: Logger;
  /** Flushes and closes the file transport, if any. */
  close(): Promise<void>;
}

const DEFAULT_FILE_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_FILE_COUNT = 7;
const CLOSE_TIMEOUT_MS = 2000;

function fileTransport(
  file: string,
  maxBytes: number,
  count: number,
): DestinationStream & NodeJS.EventEmitter {
  try {
    // The transport opens the file in a worker thread, where a failure would surface late and
    // asynchronously; check the directory here so a bad path fails createTelemetry at once.
    const dir = dirname(resolve(file));
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return pino.transport({
      target: 'pino-roll',
      options: {
        file,
        frequency: 'daily',
        // pino-roll reads a bare number as MB; say kilobytes explicitly.
        size: `${Math.max(1, Math.ceil(maxBytes / 1024))}k`,
        mkdir: true,
        limit: { count },
      },
    }) as DestinationStream & NodeJS.EventEmitter;
  } catch (cause) {
    throw new HackBridgeError('HB_TELEMETRY_LOG_FILE', `Cannot open log file ${file}`, {
      statusCode: 500,
      details: { file },
      cause,
    });
  }
}

export function createLogger(options: TelemetryOptions): OwnedLogger {
  const streams: StreamEntry[] = [
    { stream: options.destination ?? pino.destination({ dest: 1, sync: false }) },
  ];
  const file =
    options.logFile === undefined
      ? undefined
      : fileTransport(
          options.logFile,
          options.logFileMaxBytes ?? DEFAULT_FILE_MAX_BYTES,
          options.logFileCount ?? DEFAULT_FILE_COUNT,
        );
  if (file !== undefined) {
    // A file that fails later (disk full) must not take the process down; stdout keeps logging.
    file.on('error', () => undefined);
    streams.push({ stream: file });
  }
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid, hostname: hostname(), ...options.base },
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      // Never log the source under review or secrets by accident.
      redact: {
        paths: ['code', '*.code', 'token', '*.token', 'authorization', '*.authorization'],
        censor: '[redacted]',
      },
    },
    pino.multistream(streams.map((s) => ({ ...s, level: 'trace' as const }))),
  );
  let closing: Promise<void> | undefined;
  return {
    logger,
    close(): Promise<void> {
      closing ??= new Promise<void>((done) => {
        if (file === undefined) return done();
        // A transport whose worker already died never emits 'close': do not wait for ever.
        const timer = setTimeout(done, CLOSE_TIMEOUT_MS);
        const finish = (): void => {
          clearTimeout(timer);
          done();
        };
        file.once('close', finish);
        file.once('error', finish);
        (file as unknown as NodeJS.WritableStream).end();
      });
      return closing;
    },
  };
}
