/**
 * Grading: task catalogs, checkers, scoring, batch reports. Entered only through this file.
 */
export { loadTasks, loadTask, validateCatalog, catalogOf, formatProblem } from './load.js';
export type { TaskCatalog, TaskProblem, CatalogReport } from './load.js';
export { parseChecker } from './task-schema.js';
export type { Task, TaskTest, CheckerSpec } from './task-schema.js';
export { checkValue, checkText } from './checkers.js';
export type { CheckOutcome } from './checkers.js';
export { scoreTests } from './score.js';
export { gradingResultSchema, testResultSchema, testStatuses, gradingStatuses } from './result-schema.js';
export type { GradingResult, TestResult, TestStatus, GradingStatus } from './result-schema.js';
export { createGrader } from './grader.js';
export type { Grader, GraderOptions, GradingProgress, SubmitOptions, Analyzer } from './grader.js';
export type { Runner } from './runner.js';
export { toJUnitXml } from './junit.js';
export { expandSubmissions, gradeBatch } from './batch.js';
export type { BatchEntry, BatchOptions } from './batch.js';
export { summarise, formatSummary, toCsv, toJsonReport } from './report.js';
export type { BatchSummary } from './report.js';
export { submitTask, closeSharedGrader, defaultTasksDir, packagedTasksDir } from './submit.js';
export type { SubmitTaskOptions } from './submit.js';
export { readSolutions, checkSolution } from './solutions.js';
export type { SolutionSpec, SolutionCheck } from './solutions.js';
