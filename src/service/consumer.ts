/**
 * The submission job handler: claim → grade (publishing progress) → finish exactly once.
 * The queue acknowledges a job only after this resolves, and the store's claim/finish
 * transitions make a redelivered job harmless: a finished submission is never claimed again,
 * and of two racing finishes only one is recorded.
 */
import { z } from 'zod';
import { isHackBridgeError, toHackBridgeError } from '../common/index.js';
import type { GradingResult } from '../grading/index.js';
import type { Job } from '../queue/index.js';
import type { Store, SubmissionOutcome } from '../store/index.js';
import type { Telemetry } from '../telemetry/index.js';
import type { ProgressHub } from './progress.js';

export const submissionJobSchema = z.object({ submissionId: z.string().min(1) }).strict();
export type SubmissionJob = z.infer<typeof submissionJobSchema>;

/** The grading step, as the consumer needs it (the grader's `submit`). */
export type GradeFn = (
  taskId: string,
  code: string,
  onProgress: (test: number, of: number) => void,
) => Promise<GradingResult>;

export interface ConsumerDeps {
  readonly store: Store;
  readonly grade: GradeFn;
  readonly progress: ProgressHub;
  readonly telemetry: Telemetry;
}

function outcomeOf(result: GradingResult): SubmissionOutcome {
  return {
    state: 'done',
    score: result.score,
    status: result.status,
    result,
    tests: result.tests.map((t) => ({
      name: t.name,
      passed: t.status === 'passed',
      status: t.status,
      weight: t.weight,
      hidden: t.hidden,
      executionTimeS: t.time,
      memoryKiB: t.memory,
    })),
  };
}

export function createSubmissionHandler(deps: ConsumerDeps): (job: Job<SubmissionJob>) => Promise<void> {
  const { store, grade, progress, telemetry } = deps;
  return async (job) => {
    const id = job.payload.submissionId;
    if (!(await store.claimSubmission(id))) return; // unknown or already final: nothing to do
    const submission = await store.getSubmission(id);
    if (submission === undefined) return;
    progress.publish({ id, state: 'running' });
    let outcome: SubmissionOutcome;
    try {
      const result = await grade(submission.taskId, submission.code, (test, of) =>
        progress.publish({ id, state: 'running', test, of }),
      );
      outcome = outcomeOf(result);
    } catch (thrown) {
      const err = toHackBridgeError(thrown);
      // A client-side fault (unknown task, invalid code) will not improve on retry; an
      // internal one might (a zygote restart), until the last attempt.
      const permanent = isHackBridgeError(thrown) && err.statusCode < 500;
      if (!permanent && job.attempt < job.maxAttempts) throw thrown;
      telemetry.events.error({
        type: err.code,
        message: err.message,
        userId: submission.userId,
        details: { submissionId: id, cause: String((thrown as Error)?.message ?? thrown) },
      });
      outcome = {
        state: 'failed',
        score: 0,
        status: 'failed',
        result: null,
        error: `${err.message} [${err.code}]`,
      };
    }
    const won = await store.finishSubmission(id, outcome);
    if (won) {
      const result = outcome.state === 'done' ? (outcome.result as GradingResult) : undefined;
      for (const t of result?.tests ?? [])
        telemetry.events.run({
          kind: 'test',
          status: t.status,
          executionTimeS: t.time,
          memoryKiB: t.memory,
          userId: submission.userId,
          submissionId: id,
          taskId: submission.taskId,
        });
      telemetry.events.submission({
        submissionId: id,
        taskId: submission.taskId,
        status: outcome.status,
        score: outcome.score,
        executionTimeS: result?.executionTime ?? 0,
        memoryKiB: result?.memoryUsage ?? 0,
        userId: submission.userId,
      });
    }
    progress.publish({ id, state: outcome.state });
  };
}
