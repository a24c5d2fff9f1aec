/**
 * The shapes the service's use cases take and return. The bridge composes them into the
 * public contract (method table, HTTP bodies, OpenAPI); they live here because the service
 * produces them and may not import the bridge above it.
 */
import { z } from 'zod';
import { gradingResultSchema } from '../grading/index.js';

/** Task ids, submission ids, user ids: short, printable, no path separators. */
export const idSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits, ".", "_", ":" or "-"');

/** Source code. The byte limit is the operator's (`engine.maxSourceBytes`), checked by the service. */
export const codeSchema = z.string().max(4 * 1024 * 1024);

export const roleSchema = z.enum(['participant', 'organiser']);
export type Role = z.infer<typeof roleSchema>;

/** Who is calling: every use case runs on behalf of one actor. */
export const actorSchema = z.object({ id: z.string(), name: z.string(), role: roleSchema });
export type Actor = z.infer<typeof actorSchema>;

/**
 * Limits a caller may ask for, in the contract's units (CPU seconds, wall seconds, MB, KB).
 * Finite and positive; values above the operator maxima are clamped, not refused.
 */
export const runOptionsSchema = z
  .object({
    stdin: z
      .string()
      .max(4 * 1024 * 1024)
      .optional(),
    timeLimit: z.number().positive().max(3600).optional(),
    wallTimeLimit: z.number().positive().max(3600).optional(),
    memoryLimit: z.number().positive().max(65536).optional(),
    outputLimit: z
      .number()
      .positive()
      .max(1024 * 1024)
      .optional(),
  })
  .strict();
export type RunOptions = z.infer<typeof runOptionsSchema>;

/** `POST /api/run` body: the code and its run options side by side. */
export const runRequestSchema = runOptionsSchema.extend({ code: codeSchema }).strict();

export const submissionStateSchema = z.enum(['queued', 'running', 'done', 'failed']);
export type SubmissionState = z.infer<typeof submissionStateSchema>;

export const submissionAckSchema = z.object({ id: idSchema, state: submissionStateSchema });
export type SubmissionAck = z.infer<typeof submissionAckSchema>;

export const submissionSummarySchema = z.object({
  id: z.string(),
  taskId: z.string(),
  userId: z.string(),
  state: submissionStateSchema,
  createdAt: z.string(),
  finishedAt: z.string().optional(),
  score: z.number().optional(),
});
export type SubmissionSummary = z.infer<typeof submissionSummarySchema>;

/** One submission with its code; `result` is the grading result once the state is `done`. */
export const submissionSchema = submissionSummarySchema.extend({
  /**
   * The submitted source, for the submission's own page (its owner or an organiser). The
   * service always sends it; optional so older clients' fixtures stay valid.
   */
  code: z.string().optional(),
  result: gradingResultSchema.optional(),
  /** Why a `failed` submission failed (HackBridge's fault, never the code's). */
  error: z.string().optional(),
});
export type Submission = z.infer<typeof submissionSchema>;

/** `GET /api/submissions?user=&task=`; a participant's filter is narrowed to themselves. */
export const submissionFilterSchema = z
  .object({
    user: idSchema.optional(),
    task: idSchema.optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .strict();
export type SubmissionFilter = z.infer<typeof submissionFilterSchema>;

export const taskSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  mode: z.string(),
  tags: z.array(z.string()),
  difficulty: z.string().optional(),
});
export type TaskSummary = z.infer<typeof taskSummarySchema>;

/** A task as participants see it: hidden tests are never sent. */
export const taskDetailSchema = taskSummarySchema.extend({
  statement: z.string(),
  limits: z.record(z.string(), z.number()).optional(),
  tests: z.array(
    z.object({
      name: z.string(),
      input: z.unknown().optional(),
      expected: z.unknown().optional(),
    }),
  ),
  hiddenTests: z.number().int().min(0),
});
export type TaskDetail = z.infer<typeof taskDetailSchema>;

export const userDataSchema = z.object({
  profile: z.object({ id: z.string(), name: z.string(), role: roleSchema, createdAt: z.string() }),
  solvedTasks: z.array(z.string()),
  bestScores: z.record(z.string(), z.number()),
  submissionCounts: z.object({
    total: z.number().int(),
    byState: z.record(z.string(), z.number().int()),
  }),
  recentSubmissions: z.array(submissionSummarySchema),
});
export type UserData = z.infer<typeof userDataSchema>;
