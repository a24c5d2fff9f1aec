/**
 * Submissions and their per-test rows. The state machine lives in the WHERE clauses:
 * an UPDATE only matches non-final rows, so of concurrent finishers exactly one changes the
 * row (PostgreSQL re-checks the WHERE after waiting on the row lock; SQLite serialises
 * writers), and the per-test rows commit in the same transaction as the final state.
 */
import type { Kysely } from 'kysely';
import { notFound } from './errors.js';
import { newId, nowIso } from './ids.js';
import { parseInput } from './input.js';
import { num, toJson, toSubmission, toTestResult } from './rows.js';
import type { Database } from './schema.js';
import type {
  NewSubmission,
  Submission,
  SubmissionOutcome,
  SubmissionQuery,
  SubmissionState,
  TestResultRow,
  UserSummary,
} from './types.js';
import { newSubmissionSchema, submissionOutcomeSchema, submissionQuerySchema } from './types.js';

const UNFINISHED: SubmissionState[] = ['queued', 'running'];
// 9 columns a row: 400 rows stay far below SQLite's bound-parameter limit.
const TEST_ROWS_PER_INSERT = 400;
const RECENT = 10;

export function submissionsRepository(db: Kysely<Database>) {
  const listSubmissions = async (query: SubmissionQuery): Promise<Submission[]> => {
    const { userId, taskId, limit, before } = parseInput(submissionQuerySchema, query, 'listSubmissions');
    let q = db.selectFrom('submissions').selectAll();
    if (userId !== undefined) q = q.where('user_id', '=', userId);
    if (taskId !== undefined) q = q.where('task_id', '=', taskId);
    if (before !== undefined) {
      const cursor = await db
        .selectFrom('submissions')
        .select(['created_at', 'id'])
        .where('id', '=', before)
        .executeTakeFirst();
      if (cursor === undefined) return [];
      // (created_at, id) < cursor, newest first: ids break ties between same-millisecond rows.
      q = q.where((eb) =>
        eb.or([
          eb('created_at', '<', cursor.created_at),
          eb.and([eb('created_at', '=', cursor.created_at), eb('id', '<', cursor.id)]),
        ]),
      );
    }
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toSubmission);
  };

  return {
    listSubmissions,

    async createSubmission(input: NewSubmission): Promise<Submission> {
      const { id, userId, taskId, code } = parseInput(newSubmissionSchema, input, 'createSubmission');
      const submission: Submission = {
        id: id ?? newId('sub'),
        userId,
        taskId,
        code,
        state: 'queued',
        attempts: 0,
        score: null,
        status: null,
        result: null,
        error: null,
        createdAt: nowIso(),
        startedAt: null,
        finishedAt: null,
      };
      await db
        .insertInto('submissions')
        .values({
          id: submission.id,
          user_id: userId,
          task_id: taskId,
          code,
          state: 'queued',
          attempts: 0,
          created_at: submission.createdAt,
        })
        .execute();
      return submission;
    },

    async claimSubmission(id: string): Promise<boolean> {
      const res = await db
        .updateTable('submissions')
        .set((eb) => ({ state: 'running', attempts: eb('attempts', '+', 1), started_at: nowIso() }))
        .where('id', '=', id)
        .where('state', 'in', UNFINISHED)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async finishSubmission(id: string, outcome: SubmissionOutcome): Promise<boolean> {
      const o = parseInput(submissionOutcomeSchema, outcome, 'finishSubmission');
      return db.transaction().execute(async (trx) => {
        const res = await trx
          .updateTable('submissions')
          .set({
            state: o.state,
            score: o.score,
            status: o.status,
            result: toJson(o.result),
            error: o.error ?? null,
            finished_at: nowIso(),
          })
          .where('id', '=', id)
          .where('state', 'in', UNFINISHED)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) return false;
        const rows = (o.tests ?? []).map((t, idx) => ({
          submission_id: id,
          idx,
          name: t.name,
          passed: t.passed ? 1 : 0,
          status: t.status,
          weight: t.weight,
          hidden: t.hidden ? 1 : 0,
          execution_time_s: t.executionTimeS,
          memory_kib: t.memoryKiB,
        }));
        for (let i = 0; i < rows.length; i += TEST_ROWS_PER_INSERT) {
          await trx
            .insertInto('test_results')
            .values(rows.slice(i, i + TEST_ROWS_PER_INSERT))
            .execute();
        }
        return true;
      });
    },

    async getSubmission(id: string): Promise<Submission | undefined> {
      const row = await db.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toSubmission(row);
    },

    async listTestResults(submissionId: string): Promise<TestResultRow[]> {
      const rows = await db
        .selectFrom('test_results')
        .selectAll()
        .where('submission_id', '=', submissionId)
        .orderBy('idx')
        .execute();
      return rows.map(toTestResult);
    },

    async listUnfinishedSubmissions(): Promise<Submission[]> {
      const rows = await db
        .selectFrom('submissions')
        .selectAll()
        .where('state', 'in', UNFINISHED)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toSubmission);
    },

    async getUserSummary(userId: string): Promise<UserSummary> {
      const user = await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
      if (user === undefined) throw notFound('user', userId);
      const states = await db
        .selectFrom('submissions')
        .select((eb) => ['state', eb.fn.countAll<string | number>().as('n')])
        .where('user_id', '=', userId)
        .groupBy('state')
        .execute();
      const best = await db
        .selectFrom('submissions')
        .select((eb) => ['task_id', eb.fn.max('score').as('best')])
        .where('user_id', '=', userId)
        .where('state', '=', 'done')
        .groupBy('task_id')
        .orderBy('task_id')
        .execute();
      const byState: Record<SubmissionState, number> = { queued: 0, running: 0, done: 0, failed: 0 };
      for (const s of states) byState[s.state as SubmissionState] = num(s.n);
      const bestScoreByTask: Record<string, number> = {};
      for (const b of best) bestScoreByTask[b.task_id] = num(b.best);
      return {
        userId,
        submissions: Object.values(byState).reduce((a, b) => a + b, 0),
        byState,
        solvedTaskIds: best.filter((b) => num(b.best) >= 100).map((b) => b.task_id),
        bestScoreByTask,
        recent: await listSubmissions({ userId, limit: RECENT }),
      };
    },
  };
}
