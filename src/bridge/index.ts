/**
 * Bridge: the one API contract (zod schemas + inferred types) and its transports —
 * in-process, HTTP + WebSocket (Fastify, OpenAPI) and Electron IPC.
 */
export {
  analyzeRequestSchema,
  actorSchema,
  codeSchema,
  contract,
  contractMethodNames,
  errorBodySchema,
  idSchema,
  runOptionsSchema,
  runRequestSchema,
  submissionAckSchema,
  submissionFilterSchema,
  submissionSchema,
  submissionSummarySchema,
  submitRequestSchema,
  taskDetailSchema,
  taskSummarySchema,
  userDataSchema,
  wsClientMessageSchema,
  wsServerMessageSchema,
} from './contract.js';
export type {
  Actor,
  ContractArgs,
  ContractMethod,
  ContractResult,
  ErrorBody,
  HackBridgeApi,
  RunOptions,
  Submission,
  SubmissionAck,
  SubmissionFilter,
  SubmissionSummary,
  TaskDetail,
  TaskSummary,
  UserData,
  WsClientMessage,
  WsServerMessage,
} from './contract.js';
export { mapError, errorFromBody } from './errors.js';
export type { MappedError } from './errors.js';
export { createInProcessClient, invoke, parseArgs } from './invoke.js';
export { buildHttpApp } from './http/app.js';
export type { HttpAppOptions } from './http/app.js';
export { createHttpClient } from './http/client.js';
export type { HttpClientOptions } from './http/client.js';
export { buildOpenApiDocument } from './http/openapi.js';
export { apiRoutes } from './http/routes.js';
export { WS_CLOSE_UNAUTHORIZED } from './http/ws.js';
export { createUiFiles, UI_SECURITY_HEADERS, uiContentSecurityPolicy } from './http/ui-files.js';
export type { UiFile, UiFiles, UiLookup } from './http/ui-files.js';
export { createIpcHandlers } from './ipc.js';
export type { IpcEnvelope, IpcHandler, IpcHandlerOptions } from './ipc.js';
export { createRendererApi } from './ipc-renderer.js';
export type { IpcInvoke, RendererError } from './ipc-renderer.js';
export { ipcChannel, RENDERER_GLOBAL } from './methods.js';
