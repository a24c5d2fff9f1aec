/**
 * Messages between the analysis pool and its worker threads: string-tagged unions, parsed
 * with zod on both sides like every other boundary (a worker is our code, but a report that
 * does not validate is a bug we want named, not forwarded).
 */
import { z } from 'zod';
import { analysisReportSchema } from '../analysis/index.js';

/** What the worker is created with (`workerData`). */
export const analysisWorkerDataSchema = z
  .object({
    maxSourceBytes: z.number().int().positive(),
    maxIssues: z.number().int().positive(),
    maxImports: z.number().int().positive(),
  })
  .strict();

export const toWorkerSchema = z.object({
  type: z.literal('analyze'),
  id: z.number().int(),
  code: z.string(),
});

export const fromWorkerSchema = z.discriminatedUnion('type', [
  /** The parser is loaded: the time budget of a job starts only after this. */
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('report'), id: z.number().int(), report: analysisReportSchema }),
  z.object({
    type: z.literal('fault'),
    id: z.number().int(),
    code: z.string(),
    message: z.string(),
    statusCode: z.number().int(),
    details: z.record(z.string(), z.unknown()),
  }),
]);

export type AnalysisWorkerData = z.infer<typeof analysisWorkerDataSchema>;
export type ToWorker = z.infer<typeof toWorkerSchema>;
export type FromWorker = z.infer<typeof fromWorkerSchema>;
