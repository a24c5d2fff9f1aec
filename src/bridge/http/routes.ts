/**
 * The HTTP binding of the contract, as data: one row per method. The server registers these
 * rows, the HTTP client builds requests from them and the OpenAPI document is generated from
 * them, so the three can never disagree.
 */
import { z } from 'zod';
import {
  analyzeRequestSchema,
  idSchema,
  runRequestSchema,
  submissionFilterSchema,
  submitRequestSchema,
} from '../contract.js';
import type { ContractMethod } from '../contract.js';

export interface RouteInput {
  readonly body: unknown;
  readonly params: Record<string, string>;
  readonly query: Record<string, unknown>;
}

export interface RouteRequest {
  readonly path: string;
  readonly body?: unknown;
  readonly query?: Record<string, string>;
}

export interface ApiRoute {
  readonly method: 'GET' | 'POST';
  /** Fastify syntax (`/api/tasks/:id`). */
  readonly url: string;
  readonly op: ContractMethod;
  readonly summary: string;
  readonly successStatus: 200 | 202;
  readonly body?: z.ZodType;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  /** Organisers only: documented in OpenAPI (the service enforces it). */
  readonly organiserOnly?: boolean;
  /** Server side: the parsed request → the method's positional arguments. */
  toArgs(input: RouteInput): unknown[];
  /** Client side: positional arguments → the request. */
  toRequest(args: readonly unknown[]): RouteRequest;
}

const idParams = z.object({ id: idSchema }).strict();
/** Query strings carry text: `limit` is coerced here, the contract itself takes a number. */
const submissionQuery = submissionFilterSchema
  .extend({ limit: z.coerce.number().int().min(1).max(1000).optional() })
  .strict();
const seg = (v: unknown): string => encodeURIComponent(String(v));

export const apiRoutes: readonly ApiRoute[] = [
  {
    method: 'GET',
    url: '/api/me',
    op: 'getUserData',
    summary: 'Profile, solved tasks, best score per task, submission counts, recent submissions',
    successStatus: 200,
    toArgs: () => [],
    toRequest: () => ({ path: '/api/me' }),
  },
  {
    method: 'GET',
    url: '/api/tasks',
    op: 'listTasks',
    summary: 'The task catalog',
    successStatus: 200,
    toArgs: () => [],
    toRequest: () => ({ path: '/api/tasks' }),
  },
  {
    method: 'GET',
    url: '/api/tasks/:id',
    op: 'getTask',
    summary: 'One task with its statement and visible tests',
    successStatus: 200,
    params: idParams,
    toArgs: ({ params }) => [params['id']],
    toRequest: ([id]) => ({ path: `/api/tasks/${seg(id)}` }),
  },
  {
    method: 'POST',
    url: '/api/analyze',
    op: 'analyzeCode',
    summary: 'Static security analysis of Python source',
    successStatus: 200,
    body: analyzeRequestSchema,
    toArgs: ({ body }) => [(body as z.infer<typeof analyzeRequestSchema>).code],
    toRequest: ([code]) => ({ path: '/api/analyze', body: { code } }),
  },
  {
    method: 'POST',
    url: '/api/run',
    op: 'runCode',
    summary: 'Runs Python source in the sandbox and returns the RunResult',
    successStatus: 200,
    body: runRequestSchema,
    toArgs: ({ body }) => {
      const { code, ...options } = body as z.infer<typeof runRequestSchema>;
      return [code, options];
    },
    toRequest: ([code, options]) => ({
      path: '/api/run',
      body: { ...((options as object | undefined) ?? {}), code },
    }),
  },
  {
    method: 'POST',
    url: '/api/submissions',
    op: 'submitTask',
    summary: 'Queues a submission for grading; progress is pushed over /api/ws',
    successStatus: 202,
    body: submitRequestSchema,
    toArgs: ({ body }) => {
      const { taskId, code } = body as z.infer<typeof submitRequestSchema>;
      return [taskId, code];
    },
    toRequest: ([taskId, code]) => ({ path: '/api/submissions', body: { taskId, code } }),
  },
  {
    method: 'GET',
    url: '/api/submissions/:id',
    op: 'getSubmission',
    summary: "One submission with its grading result once done (another user's is 404)",
    successStatus: 200,
    params: idParams,
    toArgs: ({ params }) => [params['id']],
    toRequest: ([id]) => ({ path: `/api/submissions/${seg(id)}` }),
  },
  {
    method: 'GET',
    url: '/api/submissions',
    op: 'listSubmissions',
    summary: 'Submissions, newest first; participants see only their own',
    successStatus: 200,
    query: submissionQuery,
    toArgs: ({ query }) => [query],
    toRequest: ([filter]) => ({
      path: '/api/submissions',
      query: Object.fromEntries(
        Object.entries((filter as Record<string, unknown> | undefined) ?? {})
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, String(v)]),
      ),
    }),
  },
  {
    method: 'GET',
    url: '/api/metrics',
    op: 'getMetrics',
    summary: 'Metrics snapshot as JSON (organisers only)',
    successStatus: 200,
    organiserOnly: true,
    toArgs: () => [],
    toRequest: () => ({ path: '/api/metrics' }),
  },
];
