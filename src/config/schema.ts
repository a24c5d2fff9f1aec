/**
 * The one strict configuration schema: every option, its default and its unit. Unknown keys
 * are rejected. Each section belongs to one module; its owner keeps it in step with that
 * module's `create*()` options.
 */
import { z } from 'zod';
import { engineConfigSchema } from '../engine/index.js';

/** The engine's section is defined next to the engine (src/engine/config.ts). */
export const engineSection = engineConfigSchema;

export const analysisSection = z
  .object({
    /** Reports kept in the LRU cache (keyed by SHA-256 of code and policy); 0 disables it. */
    cacheEntries: z.number().int().min(0).default(1000),
    /** Larger sources are refused with HB_ANALYSIS_INPUT_TOO_LARGE. */
    maxSourceBytes: z
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
    /** Issues kept per report, the most severe first; the report counts the rest (`issuesTotal`). */
    maxIssues: z.number().int().min(1).max(100_000).default(200),
    /** Import records kept per report, the least allowed first; the report counts the rest (`importsTotal`). */
    maxImports: z.number().int().min(1).max(100_000).default(200),
    /**
     * Server only: analyses run in this many worker threads, off the event loop (red-team H1:
     * one 1 MB analysis blocked every request for 4 s); 0 runs them on the main thread.
     */
    workers: z.number().int().min(0).max(64).default(1),
    /** Server only: an analysis running longer than this (ms) is stopped (its worker is replaced). */
    timeoutMs: z.number().int().min(100).max(600_000).default(5_000),
    /** Server only: analyses waiting for a worker; beyond this HB_ANALYSIS_BUSY (503). */
    queueLimit: z.number().int().min(0).max(10_000).default(32),
  })
  .strict();

export const gradingSection = z
  .object({
    /** The task catalog: `<tasksDir>/<id>/task.yaml`. HACKBRIDGE_TASKS overrides it. */
    tasksDir: z.string().min(1).default('tasks'),
    /** Attach the static analysis report of the submission to each grading result. */
    analyze: z.boolean().default(true),
    /** Tests of one submission in flight at once; 0 means one per CPU. */
    testConcurrency: z.number().int().min(0).max(256).default(0),
  })
  .strict();

export const serverSection = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    /**
     * Behind a reverse proxy, which proxies to believe for the client's address
     * (`X-Forwarded-For`): false (default: the socket's peer), true (any), or a comma-separated
     * list of addresses/CIDRs. The per-IP limits (WebSocket sockets, failed logins) key on
     * that address; without this, every client of a proxy shares one.
     */
    trustProxy: z.union([z.boolean(), z.string().min(1).max(1000)]).default(false),
    bodyLimitBytes: z
      .number()
      .int()
      .positive()
      .default(1024 * 1024 + 64 * 1024),
    /** Per-user token buckets (capacity = the per-minute figure); 0 disables the limit. */
    runsPerMinute: z.number().int().min(0).default(120),
    submissionsPerMinute: z.number().int().min(0).default(60),
    analysesPerMinute: z.number().int().min(0).default(60),
    /**
     * Largest source accepted over the API (runs, submissions, analyses), in bytes; clamped by
     * `engine.maxSourceBytes`. Contest-sized (Codeforces allows 64 KB); the CLI keeps
     * `analysis.maxSourceBytes` for local files.
     */
    maxSourceBytes: z
      .number()
      .int()
      .positive()
      .default(128 * 1024),
    /** Run the queue consumer inside `serve` (off when dedicated `hackbridge worker`s consume). */
    embeddedWorker: z.boolean().default(true),
    /** Jobs the embedded consumer grades at once; 0 means one per engine worker. */
    workerConcurrency: z.number().int().min(0).max(256).default(0),
    /** On first start with no users, create an organiser and print its token. */
    bootstrapOrganiser: z.boolean().default(true),
    /**
     * Every this many ms, re-enqueue unfinished submissions (idempotent by id), so one whose
     * enqueue failed (Redis briefly away) is graded without waiting for a restart; 0 = only at start.
     */
    recoverySweepMs: z.number().int().min(0).default(30_000),
    /**
     * How long a successful token lookup is reused, in ms: the bound on how long a token revoked
     * by another process keeps working (the revoking process forgets it at once); open
     * WebSockets re-check their token this often. 0 looks every request up.
     */
    authCacheMs: z.number().int().min(0).max(60_000).default(1_000),
    /**
     * Failed authentications (bad or revoked token, HTTP or WebSocket) allowed per client IP per
     * minute before that IP gets 429 without its token being looked up; 0 disables the limit.
     */
    authFailuresPerMinute: z.number().int().min(0).max(100_000).default(30),
    /** A progress WebSocket that has not authenticated within this many ms is closed (4401). */
    wsAuthTimeoutMs: z.number().int().min(100).max(60_000).default(5_000),
    /** Open progress WebSockets in total; more are refused (each holds a file descriptor). */
    wsMaxSockets: z.number().int().min(1).max(100_000).default(2_000),
    /** Open progress WebSockets per client IP (a lab behind one NAT shares one). */
    wsMaxSocketsPerIp: z.number().int().min(1).max(100_000).default(64),
    /** Messages a socket may send per second (a bucket of this size); beyond it: close 1008. */
    wsMessagesPerSecond: z.number().int().min(1).max(10_000).default(20),
    /** Largest client message in bytes (the protocol's messages are under 300 B). */
    wsMaxPayloadBytes: z
      .number()
      .int()
      .min(512)
      .max(1024 * 1024)
      .default(4 * 1024),
    /** A socket whose unsent replies pass this many bytes is a slow reader and is closed (1008). */
    wsMaxBufferedBytes: z
      .number()
      .int()
      .min(64 * 1024)
      .max(256 * 1024 * 1024)
      .default(1024 * 1024),
  })
  .strict();

export const storeSection = z
  .object({
    /** `sqlite:<file>` (WAL; default in the working directory), `sqlite::memory:`, or `postgres://…[?schema=name]`. */
    url: z.string().min(1).default('sqlite:./hackbridge.db'),
  })
  .strict();

export const queueSection = z
  .object({
    kind: z.enum(['memory', 'bullmq']).default('memory'),
    redisUrl: z.string().min(1).default('redis://127.0.0.1:6379'),
    prefix: z.string().min(1).default('hackbridge'),
    /** Deliveries per job before it fails for good. */
    attempts: z.number().int().min(1).max(100).default(3),
    /** First retry delay; doubles each retry. */
    backoffMs: z.number().int().min(0).max(3_600_000).default(1000),
    /** bullmq: a killed worker's job is redelivered about this long after it stopped renewing its lock. */
    lockDurationMs: z.number().int().min(1000).max(3_600_000).default(30_000),
    /** bullmq: how long to wait for Redis before HB_QUEUE_UNAVAILABLE. */
    connectTimeoutMs: z.number().int().min(100).max(600_000).default(5000),
  })
  .strict();

export const telemetrySection = z
  .object({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** JSON-only logs and no stack traces to clients (NODE_ENV=production). */
    production: z.boolean().default(false),
    logFile: z.string().min(1).optional(),
    /** The log file rotates daily and when it reaches this size. */
    logFileMaxBytes: z
      .number()
      .int()
      .min(64 * 1024)
      .default(10 * 1024 * 1024),
    /** Rotated log files kept besides the current one. */
    logFileCount: z.number().int().min(1).max(1000).default(7),
  })
  .strict();

export const configSchema = z
  .object({
    engine: engineSection.default(() => engineSection.parse({})),
    analysis: analysisSection.default(() => analysisSection.parse({})),
    grading: gradingSection.default(() => gradingSection.parse({})),
    server: serverSection.default(() => serverSection.parse({})),
    store: storeSection.default(() => storeSection.parse({})),
    queue: queueSection.default(() => queueSection.parse({})),
    telemetry: telemetrySection.default(() => telemetrySection.parse({})),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type EngineConfig = Config['engine'];
