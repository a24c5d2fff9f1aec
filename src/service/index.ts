/**
 * Service: the use cases that tie engine, analysis, grading, store, queue and telemetry
 * together, for one caller at a time. Transports (src/bridge) sit on top of it.
 */
export { createService } from './create.js';
export type { CreateServiceOptions, HealthReport, Service } from './create.js';
export type { ServiceApi } from './api.js';
export { createSubmissionHandler, submissionJobSchema } from './consumer.js';
export type { ConsumerDeps, GradeFn, SubmissionJob } from './consumer.js';
export { progressEventSchema } from './progress.js';
export type { ProgressEvent, ProgressHub } from './progress.js';
export { createLocalProgressHub, createRedisProgressHub } from './progress.js';
export { createRateLimiter } from './rate-limit.js';
export { clampRunOptions } from './limits.js';
export type { RateLimiter } from './rate-limit.js';
export { createAuthenticator, hashToken } from './authenticator.js';
export type { Authenticator, AuthenticatorOptions } from './authenticator.js';
export { chooseToken, createUserWithToken, issueToken } from './users.js';
export type { TokenChoice } from './users.js';
export {
  actorSchema,
  codeSchema,
  idSchema,
  roleSchema,
  runOptionsSchema,
  runRequestSchema,
  submissionAckSchema,
  submissionFilterSchema,
  submissionSchema,
  submissionStateSchema,
  submissionSummarySchema,
  taskDetailSchema,
  taskSummarySchema,
  userDataSchema,
} from './schemas.js';
export type {
  Actor,
  Role,
  RunOptions,
  Submission,
  SubmissionAck,
  SubmissionFilter,
  SubmissionState,
  SubmissionSummary,
  TaskDetail,
  TaskSummary,
  UserData,
} from './schemas.js';
