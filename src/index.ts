/**
 * HackBridge's library API. Each module adds its public exports here.
 */
export { HackBridgeError, isHackBridgeError, version } from './common/index.js';
export { loadConfig } from './config/index.js';
export type { Config } from './config/index.js';
export { createEngine, runResultSchema, runStatusSchema } from './engine/index.js';
export type { Engine, EngineOptions, EngineStats, RunOptions, RunResult, RunStatus } from './engine/index.js';
export {
  analyzeCode,
  analysisCacheStats,
  createAnalyzer,
  defaultPolicy,
  policySchema,
  analysisReportSchema,
  toSarif,
} from './analysis/index.js';
export type { AnalysisReport, AnalysisIssue, Policy } from './analysis/index.js';
export {
  loadTasks,
  validateCatalog,
  submitTask,
  closeSharedGrader,
  createGrader,
  gradingResultSchema,
  testResultSchema,
  toJUnitXml,
} from './grading/index.js';
export type {
  Task,
  TaskTest,
  TaskCatalog,
  TaskProblem,
  Grader,
  GraderOptions,
  GradingProgress,
  GradingResult,
  TestResult,
  SubmitTaskOptions,
} from './grading/index.js';
export { createStore, submissionSchema, userSchema, userSummarySchema } from './store/index.js';
export type {
  ApiToken,
  Store,
  StoreOptions,
  Submission,
  SubmissionOutcome,
  SubmissionState,
  TestResultRow,
  User,
  UserRole,
  UserSummary,
} from './store/index.js';
export { createQueue } from './queue/index.js';
export type { Job, JobHandler, JobQueue, QueueDepth, QueueOptions } from './queue/index.js';
export { createTelemetry, metricsSnapshotSchema } from './telemetry/index.js';
export type { MetricsSnapshot, Telemetry, TelemetryOptions } from './telemetry/index.js';
export { createService } from './service/index.js';
export type { CreateServiceOptions, HealthReport, Service, ServiceApi } from './service/index.js';
export {
  buildHttpApp,
  buildOpenApiDocument,
  contract,
  contractMethodNames,
  createHttpClient,
  createInProcessClient,
  createIpcHandlers,
  createRendererApi,
  errorBodySchema,
} from './bridge/index.js';
export type {
  Actor,
  ContractMethod,
  ErrorBody,
  HackBridgeApi,
  Submission as SubmissionView,
  SubmissionAck,
  SubmissionSummary,
  TaskDetail,
  TaskSummary,
  UserData,
} from './bridge/index.js';
