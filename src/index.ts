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
