/**
 * `createService()`: composes engine, analysis, grader, store, queue and telemetry, and hands
 * out the contract's use cases per caller. Components passed in are borrowed (the caller
 * closes them); components created here are owned and closed by `close()`.
 */
import type { Config } from '../config/index.js';
import { createEngine } from '../engine/index.js';
import type { Engine } from '../engine/index.js';
import { createGrader, loadTasks } from '../grading/index.js';
import type { TaskCatalog } from '../grading/index.js';
import { createQueue } from '../queue/index.js';
import type { JobQueue } from '../queue/index.js';
import { createStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { createTelemetry } from '../telemetry/index.js';
import type { Telemetry } from '../telemetry/index.js';
import { createAnalysisPool } from './analysis-pool.js';
import { createApi } from './api.js';
import type { ServiceApi } from './api.js';
import { createSubmissionHandler, submissionJobSchema } from './consumer.js';
import type { SubmissionJob } from './consumer.js';
import { forbidden } from './errors.js';
import { createLocalProgressHub, createRedisProgressHub } from './progress.js';
import type { ProgressEvent, ProgressHub } from './progress.js';
import { createRateLimiter } from './rate-limit.js';
import type { Actor, Role, Submission } from './schemas.js';
import { createAuthenticator, toActor } from './authenticator.js';
import { createUserWithToken } from './users.js';

export interface CreateServiceOptions {
  readonly config: Readonly<Config>;
  readonly engine?: Engine;
  readonly store?: Store;
  readonly queue?: JobQueue<SubmissionJob>;
  readonly telemetry?: Telemetry;
  readonly tasks?: TaskCatalog;
  readonly progress?: ProgressHub;
}

export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly pool: { size: number; busy: number; queued: number; restarts: number };
  readonly queue: { waiting: number; active: number; delayed: number; failed: number };
  readonly store: Store['kind'];
}

/** The service: the contract per caller plus what the transports and CLI need around it. */
export interface Service {
  readonly config: Readonly<Config>;
  readonly store: Store;
  readonly telemetry: Telemetry;
  readonly tasks: TaskCatalog;
  /** The contract's methods on behalf of `actor`. */
  forUser(actor: Actor): ServiceApi;
  /**
   * The actor of a bearer token; 401 HB_AUTH_MISSING when absent or unknown, HB_AUTH_REVOKED
   * when revoked. Successful lookups are reused for `server.authCacheMs` (1 s): the bound on
   * how long a token revoked by another process still works.
   */
  authenticate(token: string | undefined): Promise<Actor>;
  /**
   * Revokes one token by id; it stops working at once in this process, within
   * `server.authCacheMs` in others. False when unknown or already revoked.
   */
  revokeToken(tokenId: string): Promise<boolean>;
  /** Revokes every active token of a user, with the same effect; returns how many. */
  revokeUserTokens(userId: string): Promise<number>;
  /** Creates a user and returns its one-time token (only the hash is stored). */
  createUser(name: string, role: Role): Promise<{ user: Actor; token: string }>;
  /** Bootstrap: when no user exists, creates an organiser and returns its token. */
  bootstrapOrganiser(name?: string): Promise<{ user: Actor; token: string } | undefined>;
  /** Desktop mode: the one local user. */
  localUser(): Promise<Actor>;
  /**
   * Subscribes to a submission's progress after the same access check as getSubmission;
   * returns the stored state so a late subscriber misses nothing.
   */
  watchSubmission(
    actor: Actor,
    id: string,
    listener: (event: ProgressEvent) => void,
  ): Promise<{ submission: Submission; unsubscribe: () => void }>;
  /**
   * Re-enqueues unfinished submissions (idempotent by id) and, with `consume`, starts the
   * queue consumer in this process.
   */
  start(options?: { consume?: boolean; concurrency?: number }): Promise<{ recovered: number }>;
  /** Prometheus text; organisers only. */
  metricsText(actor: Actor): Promise<{ contentType: string; text: string }>;
  health(): Promise<HealthReport>;
  close(): Promise<void>;
}

export async function createService(options: CreateServiceOptions): Promise<Service> {
  const { config } = options;
  const owned: (() => Promise<void>)[] = [];
  const telemetry =
    options.telemetry ??
    createTelemetry({
      level: config.telemetry.level,
      production: config.telemetry.production,
      logFile: config.telemetry.logFile,
    });
  if (options.telemetry === undefined) owned.push(() => telemetry.close());
  try {
    const tasks = options.tasks ?? loadTasks(config.grading.tasksDir);
    // A PostgreSQL URL may name its schema (`?schema=`), which is how tests share one database.
    const store = options.store ?? (await createStore(config.store.url));
    if (options.store === undefined) owned.push(() => store.close());
    const engine = options.engine ?? createEngine(config.engine);
    if (options.engine === undefined) owned.push(() => engine.close());
    const progress =
      options.progress ??
      (config.queue.kind === 'bullmq'
        ? await createRedisProgressHub(config.queue.redisUrl, `${config.queue.prefix}:progress`)
        : createLocalProgressHub());
    if (options.progress === undefined) owned.push(() => progress.close());
    // Created last so it closes first: close() waits for active jobs, which use all the rest.
    const queue =
      options.queue ??
      (await createQueue({
        kind: config.queue.kind,
        name: 'submissions',
        payloadSchema: submissionJobSchema,
        redisUrl: config.queue.redisUrl,
        prefix: config.queue.prefix,
      }));
    if (options.queue === undefined) owned.push(() => queue.close());
    return assemble({ config, telemetry, tasks, store, queue, progress, engine, owned });
  } catch (thrown) {
    for (const close of owned.reverse()) await close().catch(() => undefined);
    throw thrown;
  }
}

interface Parts {
  config: Readonly<Config>;
  telemetry: Telemetry;
  tasks: TaskCatalog;
  store: Store;
  queue: JobQueue<SubmissionJob>;
  progress: ProgressHub;
  engine: Engine;
  owned: (() => Promise<void>)[];
}

function assemble(p: Parts): Service {
  const { config, telemetry, tasks, store, queue, progress, engine } = p;
  // Every analysis the server does (API and submissions) goes through one worker pool, off the
  // event loop, with a time budget and a bounded queue (red-team H1).
  const analysis = createAnalysisPool({
    workers: config.analysis.workers,
    timeoutMs: config.analysis.timeoutMs,
    queueLimit: config.analysis.queueLimit,
    maxSourceBytes: config.analysis.maxSourceBytes,
    maxIssues: config.analysis.maxIssues,
    maxImports: config.analysis.maxImports,
    cacheEntries: config.analysis.cacheEntries,
    onRestart: (reason) => telemetry.logger.warn({ reason }, 'analysis worker replaced'),
  });
  // First in the list, so it closes last: the queue's close waits for jobs that analyse.
  p.owned.unshift(() => analysis.close());
  const grader = createGrader({
    engine,
    tasks,
    ...(config.grading.analyze ? { analyze: (code: string) => analysis.analyze(code) } : {}),
  });
  const refreshGauges = async (): Promise<void> => {
    const s = engine.stats();
    telemetry.metrics.setPool({ size: s.size, busy: s.busy, restarts: s.restarts });
    telemetry.metrics.setQueueDepth(await queue.depth());
  };
  const auth = createAuthenticator(store, {
    cacheMs: config.server.authCacheMs,
    onError: (err) => telemetry.logger.warn({ err }, 'recording when a token was last used failed'),
  });
  const deps = {
    config,
    engine,
    store,
    queue,
    telemetry,
    tasks,
    progress,
    refreshGauges,
    analysis,
    analyzeLimiter: createRateLimiter('analysis', config.server.analysesPerMinute),
    runLimiter: createRateLimiter('run', config.server.runsPerMinute),
    submitLimiter: createRateLimiter('submission', config.server.submissionsPerMinute),
  };
  let closed = false;
  let sweep: NodeJS.Timeout | undefined;
  const requeueUnfinished = async (): Promise<number> => {
    const unfinished = await store.listUnfinishedSubmissions();
    for (const s of unfinished) await queue.enqueue(s.id, { submissionId: s.id });
    return unfinished.length;
  };
  return {
    config,
    store,
    telemetry,
    tasks,
    forUser: (actor) => createApi(deps, actor),
    authenticate: (token) => auth.authenticate(token),
    async revokeToken(tokenId) {
      // Forgotten after the write: a lookup that read the token before it is dropped from the
      // cache here, or (still in flight) is not cached at all.
      // In `finally`: a write that committed before its connection failed still counts.
      try {
        return await store.revokeToken(tokenId);
      } finally {
        auth.forgetTokens([tokenId]);
      }
    },
    async revokeUserTokens(userId) {
      try {
        return await store.revokeUserTokens(userId);
      } finally {
        auth.forgetUser(userId);
      }
    },
    createUser: (name, role) => createUserWithToken(store, name, role),
    async bootstrapOrganiser(name = 'admin') {
      if ((await store.listUsers()).length > 0) return undefined;
      return createUserWithToken(store, name, 'organiser');
    },
    localUser: async () => toActor(await store.ensureLocalUser()),
    async watchSubmission(actor, id, listener) {
      const unsubscribe = progress.subscribe(id, listener);
      try {
        // Subscribe first, then read: an event between the two is seen twice, never lost.
        const submission = await createApi(deps, actor).getSubmission(id);
        return { submission, unsubscribe };
      } catch (thrown) {
        unsubscribe();
        throw thrown;
      }
    },
    async start(options = {}) {
      if (options.consume === true) {
        const handler = createSubmissionHandler({
          store,
          progress,
          telemetry,
          grade: (taskId, code, onProgress) => {
            // Tests of one submission run concurrently, in no fixed order: report how many
            // have started ("running test k of n"), which only grows.
            let started = 0;
            return grader.submit(taskId, code, {
              onProgress: (e) => {
                if (e.phase === 'running') onProgress(++started, e.of);
              },
            });
          },
        });
        const concurrency = options.concurrency || Math.max(2, engine.stats().size * 2);
        await queue.process(handler, { concurrency });
      }
      const recovered = await requeueUnfinished();
      const sweepMs = config.server.recoverySweepMs;
      if (sweepMs > 0 && sweep === undefined) {
        sweep = setInterval(() => {
          requeueUnfinished().catch((err: unknown) =>
            telemetry.logger.warn({ err }, 'recovery sweep failed; retrying at the next one'),
          );
        }, sweepMs);
        sweep.unref();
      }
      return { recovered };
    },
    async metricsText(actor) {
      if (actor.role !== 'organiser') throw forbidden('read the metrics');
      await refreshGauges();
      return { contentType: telemetry.metrics.contentType, text: await telemetry.metrics.text() };
    },
    async health() {
      const s = engine.stats();
      const depth = await queue.depth();
      return {
        status: s.size > 0 ? 'ok' : 'degraded',
        pool: { size: s.size, busy: s.busy, queued: s.queued, restarts: s.restarts },
        queue: depth,
        store: store.kind,
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(sweep);
      // Owned parts close in reverse order of creation: the queue (waits for active jobs)
      // before the engine those jobs use, the store and telemetry last.
      for (const close of p.owned.reverse()) await close().catch(() => undefined);
    },
  };
}
