/**
 * The grading result, the one output type of this module. The bridge reuses this schema on
 * the wire, so it carries the no-leak rule itself: a hidden test's entry that holds an input,
 * expected or actual value, or output, does not validate.
 */
import { z } from 'zod';

export const testStatuses = ['passed', 'failed', 'error', 'timeout', 'memory_limit', 'output_limit'] as const;
export const gradingStatuses = ['accepted', 'partial', 'rejected', 'error'] as const;

export const testResultSchema = z
  .object({
    name: z.string(),
    status: z.enum(testStatuses),
    hidden: z.boolean(),
    weight: z.number().min(0),
    /** CPU time of the test's child, seconds. */
    time: z.number().min(0),
    /** Peak memory of the test's child, KiB. */
    memory: z.number().min(0),
    /** Human feedback; for hidden tests a generic sentence that depends only on the status. */
    message: z.string(),
    /** Visible tests only: the args (function mode) or stdin (stdio), possibly shortened. */
    input: z.unknown().optional(),
    /** Visible tests only: the expected return value or stdout. */
    expected: z.unknown().optional(),
    /** Visible tests only: the return value (JSON) or stdout the submission produced. */
    actual: z.unknown().optional(),
    /** Visible function-mode tests only: what the submission printed, shortened. */
    stdout: z.string().optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (!t.hidden) return;
    for (const key of ['input', 'expected', 'actual', 'stdout'] as const) {
      if (t[key] !== undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: `a hidden test must not carry '${key}'` });
    }
  });

export const gradingResultSchema = z
  .object({
    taskId: z.string(),
    /** 100 × passed weight / total weight, rounded down. */
    score: z.number().int().min(0).max(100),
    status: z.enum(gradingStatuses),
    passed: z.number().int().min(0),
    total: z.number().int().min(0),
    tests: z.array(testResultSchema),
    /** Wall time from submission to the last test's result, seconds (static analysis not included). */
    executionTime: z.number().min(0),
    /** Largest peak memory of any test's child, KiB. */
    memoryUsage: z.number().min(0),
    /** Why the code could not run at all (status `error`): Python's own message and line. */
    error: z
      .object({
        type: z.string(),
        message: z.string(),
        line: z.number().int().nullable(),
        phase: z.enum(['compile', 'import', 'call']).nullable(),
      })
      .strict()
      .optional(),
    /** The static analysis report of the submission (analysis module's AnalysisReport), when available. */
    analysis: z.unknown().optional(),
    /**
     * Why there is no analysis report (it timed out, the analyser was busy or failed): static
     * analysis is advisory, so the submission is graded anyway and says what is missing.
     */
    analysisError: z.object({ code: z.string(), message: z.string() }).strict().optional(),
  })
  .strict();

export type TestStatus = (typeof testStatuses)[number];
export type GradingStatus = (typeof gradingStatuses)[number];
export type TestResult = z.infer<typeof testResultSchema>;
export type GradingResult = z.infer<typeof gradingResultSchema>;
