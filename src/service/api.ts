/**
 * The contract's use cases, bound to one caller. Access rules live here, once, for every
 * transport: a participant sees only their own submissions (another user's looks unknown,
 * 404), organisers see everything and the metrics; runs and submissions draw on per-user
 * rate limits.
 */
import type { AnalysisReport } from '../analysis/index.js';
import type { Config } from '../config/index.js';
import type { Engine, RunResult } from '../engine/index.js';
import type { GradingResult, TaskCatalog } from '../grading/index.js';
import { gradingResultSchema } from '../grading/index.js';
import type { JobQueue } from '../queue/index.js';
import type { Store, Submission as StoredSubmission } from '../store/index.js';
import type { MetricsSnapshot, Telemetry } from '../telemetry/index.js';
import type { AnalysisPool } from './analysis-pool.js';
import type { SubmissionJob } from './consumer.js';
import { forbidden, notFound, sourceTooLarge } from './errors.js';
import { clampRunOptions } from './limits.js';
import type { ProgressHub } from './progress.js';
import type { RateLimiter } from './rate-limit.js';
import type {
  Actor,
  RunOptions,
  Submission,
  SubmissionAck,
  SubmissionFilter,
  SubmissionSummary,
  TaskDetail,
  TaskSummary,
  UserData,
} from './schemas.js';
import { taskDetail, taskSummary } from './tasks-view.js';

/** The contract's methods for one caller; the bridge's `HackBridgeApi` has the same shape. */
export interface ServiceApi {
  getUserData(): Promise<UserData>;
  submitTask(taskId: string, code: string): Promise<SubmissionAck>;
  analyzeCode(code: string): Promise<AnalysisReport>;
  runCode(code: string, options?: RunOptions): Promise<RunResult>;
  listTasks(): Promise<TaskSummary[]>;
  getTask(id: string): Promise<TaskDetail>;
  getSubmission(id: string): Promise<Submission>;
  listSubmissions(filter?: SubmissionFilter): Promise<SubmissionSummary[]>;
  getMetrics(): Promise<MetricsSnapshot>;
}

export interface ApiDeps {
  readonly config: Readonly<Config>;
  readonly engine: Engine;
  readonly store: Store;
  readonly queue: JobQueue<SubmissionJob>;
  readonly telemetry: Telemetry;
  readonly tasks: TaskCatalog;
  readonly progress: ProgressHub;
  /** Static analysis off the event loop (worker threads, time budget, bounded queue). */
  readonly analysis: AnalysisPool;
  readonly analyzeLimiter: RateLimiter;
  readonly runLimiter: RateLimiter;
  readonly submitLimiter: RateLimiter;
  /** Pool and queue gauges are read when someone looks, not on a timer. */
  readonly refreshGauges: () => Promise<void>;
}

export function summaryOf(s: StoredSubmission): SubmissionSummary {
  return {
    id: s.id,
    taskId: s.taskId,
    userId: s.userId,
    state: s.state,
    createdAt: s.createdAt,
    ...(s.finishedAt === null ? {} : { finishedAt: s.finishedAt }),
    ...(s.score === null ? {} : { score: s.score }),
  };
}

export function submissionOf(s: StoredSubmission): Submission {
  const parsed = s.state === 'done' ? gradingResultSchema.safeParse(s.result) : undefined;
  const result: GradingResult | undefined = parsed?.success === true ? parsed.data : undefined;
  return {
    ...summaryOf(s),
    code: s.code,
    ...(result === undefined ? {} : { result }),
    ...(s.error === null ? {} : { error: s.error }),
  };
}

/** May `actor` see a submission of `userId`? */
export const canSee = (actor: Actor, userId: string): boolean =>
  actor.role === 'organiser' || actor.id === userId;

export function createApi(deps: ApiDeps, actor: Actor): ServiceApi {
  const { config, engine, store, queue, telemetry, tasks, progress } = deps;

  // The operator's engine maximum always wins over the (smaller) API default.
  const sourceLimit = Math.min(config.server.maxSourceBytes, config.engine.maxSourceBytes);
  const sourceSetting =
    sourceLimit === config.server.maxSourceBytes ? 'server.maxSourceBytes' : 'engine.maxSourceBytes';
  const checkSource = (code: string): void => {
    const bytes = Buffer.byteLength(code, 'utf8');
    if (bytes > sourceLimit) throw sourceTooLarge(bytes, sourceLimit, sourceSetting);
  };

  const loadVisible = async (id: string): Promise<StoredSubmission> => {
    const s = await store.getSubmission(id);
    // Another user's submission is reported exactly like a missing one.
    if (s === undefined || !canSee(actor, s.userId)) throw notFound('submission', id);
    return s;
  };

  return {
    async getUserData() {
      const [user, summary] = await Promise.all([store.getUser(actor.id), store.getUserSummary(actor.id)]);
      if (user === undefined) throw notFound('user', actor.id);
      return {
        profile: { id: user.id, name: user.name, role: user.role, createdAt: user.createdAt },
        solvedTasks: summary.solvedTaskIds,
        bestScores: summary.bestScoreByTask,
        submissionCounts: { total: summary.submissions, byState: summary.byState },
        recentSubmissions: summary.recent.map(summaryOf),
      };
    },

    async submitTask(taskId, code) {
      if (tasks.get(taskId) === undefined) throw notFound('task', taskId);
      checkSource(code);
      deps.submitLimiter.take(actor.id);
      // Written before it is acknowledged: from here on a crash loses nothing, because
      // start-up re-enqueues every unfinished submission.
      const s = await store.createSubmission({ userId: actor.id, taskId, code });
      await queue.enqueue(s.id, { submissionId: s.id });
      progress.publish({ id: s.id, state: 'queued' });
      return { id: s.id, state: 'queued' };
    },

    async analyzeCode(code) {
      checkSource(code);
      deps.analyzeLimiter.take(actor.id);
      const started = performance.now();
      const report = await deps.analysis.analyze(code);
      telemetry.events.analysis({
        executionTimeS: (performance.now() - started) / 1000,
        safe: report.safe,
        riskScore: report.riskScore,
        issues: report.issues.length,
        userId: actor.id,
      });
      return report;
    },

    async runCode(code, options = {}) {
      checkSource(code);
      deps.runLimiter.take(actor.id);
      const result = await engine.run(code, clampRunOptions(options, config.engine));
      telemetry.events.run({
        status: result.status,
        executionTimeS: result.executionTime,
        memoryKiB: result.memoryUsage,
        userId: actor.id,
      });
      return result;
    },

    async listTasks() {
      return tasks.list().map(taskSummary);
    },

    async getTask(id) {
      const task = tasks.get(id);
      if (task === undefined) throw notFound('task', id);
      return taskDetail(task);
    },

    async getSubmission(id) {
      return submissionOf(await loadVisible(id));
    },

    async listSubmissions(filter = {}) {
      if (actor.role !== 'organiser' && filter.user !== undefined && filter.user !== actor.id)
        throw forbidden("list other users' submissions");
      const userId = actor.role === 'organiser' ? filter.user : actor.id;
      const rows = await store.listSubmissions({
        ...(userId === undefined ? {} : { userId }),
        ...(filter.task === undefined ? {} : { taskId: filter.task }),
        limit: filter.limit ?? 100,
      });
      return rows.map(summaryOf);
    },

    async getMetrics() {
      if (actor.role !== 'organiser') throw forbidden('read the metrics');
      await deps.refreshGauges();
      return telemetry.snapshot();
    },
  };
}
