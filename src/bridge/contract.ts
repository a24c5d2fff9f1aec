/**
 * The one API contract every transport (in-process, HTTP, Electron IPC) implements. Request
 * and response shapes are zod schemas; the TypeScript types are inferred from them. Response
 * schemas of the lower modules (RunResult, AnalysisReport, GradingResult, metrics snapshot)
 * are imported, never restated, so a change there changes the contract and the OpenAPI
 * document in one step.
 */
import { z } from 'zod';
import {
  actorSchema,
  runRequestSchema,
  submissionAckSchema,
  submissionFilterSchema,
  submissionSchema,
  submissionSummarySchema,
  taskDetailSchema,
  taskSummarySchema,
  userDataSchema,
  runOptionsSchema,
  codeSchema,
  idSchema,
} from '../service/index.js';
import { runResultSchema } from '../engine/index.js';
import { analysisReportSchema } from '../analysis/index.js';
import { metricsSnapshotSchema } from '../telemetry/index.js';
import type { ContractMethod } from './methods.js';

export {
  actorSchema,
  runRequestSchema,
  submissionAckSchema,
  submissionFilterSchema,
  submissionSchema,
  submissionSummarySchema,
  taskDetailSchema,
  taskSummarySchema,
  userDataSchema,
  runOptionsSchema,
  codeSchema,
  idSchema,
};

/** `POST /api/analyze` body. */
export const analyzeRequestSchema = z.object({ code: codeSchema }).strict();
/** `POST /api/submissions` body. */
export const submitRequestSchema = z.object({ taskId: idSchema, code: codeSchema }).strict();

/**
 * Each contract method: its positional arguments (validated at every transport boundary)
 * and its result. The key order is the public method order.
 */
export const contract = {
  getUserData: { args: z.tuple([]), result: userDataSchema },
  submitTask: { args: z.tuple([idSchema, codeSchema]), result: submissionAckSchema },
  analyzeCode: { args: z.tuple([codeSchema]), result: analysisReportSchema },
  runCode: { args: z.tuple([codeSchema, runOptionsSchema.optional()]), result: runResultSchema },
  listTasks: { args: z.tuple([]), result: z.array(taskSummarySchema) },
  getTask: { args: z.tuple([idSchema]), result: taskDetailSchema },
  getSubmission: { args: z.tuple([idSchema]), result: submissionSchema },
  listSubmissions: {
    args: z.tuple([submissionFilterSchema.optional()]),
    result: z.array(submissionSummarySchema),
  },
  getMetrics: { args: z.tuple([]), result: metricsSnapshotSchema },
} as const satisfies Record<ContractMethod, { args: z.ZodType; result: z.ZodType }>;

export { contractMethodNames } from './methods.js';
export type { ContractMethod } from './methods.js';
type Def<M extends ContractMethod> = (typeof contract)[M];

/** Positional arguments of a method, as callers write them. */
export type ContractArgs<M extends ContractMethod> = z.input<Def<M>['args']>;
/** What a method resolves to. */
export type ContractResult<M extends ContractMethod> = z.output<Def<M>['result']>;

/** The typed API the UI, the CLI and library users program against, whatever the transport. */
export type HackBridgeApi = {
  [M in ContractMethod]: (...args: ContractArgs<M>) => Promise<ContractResult<M>>;
};

export type { Actor, RunOptions, UserData, TaskSummary, TaskDetail } from '../service/index.js';
export type { Submission, SubmissionSummary, SubmissionAck, SubmissionFilter } from '../service/index.js';

/** The wire shape of every error, whatever the transport. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** What a client sends on the progress WebSocket (`/api/ws`). */
export const wsClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string().min(1).max(200) }).strict(),
  z.object({ type: z.literal('subscribe'), id: idSchema }).strict(),
  z.object({ type: z.literal('unsubscribe'), id: idSchema }).strict(),
]);
export type WsClientMessage = z.infer<typeof wsClientMessageSchema>;

/** What the server pushes on the progress WebSocket. */
export const wsServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), user: actorSchema }),
  z.object({
    type: z.literal('progress'),
    id: z.string(),
    state: submissionSchema.shape.state,
    test: z.number().int().optional(),
    of: z.number().int().optional(),
  }),
  z.object({
    type: z.literal('done'),
    id: z.string(),
    state: submissionSchema.shape.state,
    result: submissionSchema.shape.result,
    error: z.string().optional(),
  }),
  z.object({ type: z.literal('error'), error: errorBodySchema.shape.error }),
]);
export type WsServerMessage = z.infer<typeof wsServerMessageSchema>;
