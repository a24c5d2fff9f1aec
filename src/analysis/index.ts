/**
 * Static security analysis of untrusted Python (public API of the module).
 * `analyzeCode` uses a shared default analyser; `createAnalyzer` makes one with its own
 * cache, size limit and default policy. `createCoreAnalyzer` is the browser-safe core that
 * takes the WebAssembly locations explicitly.
 */
export { analyzeCode, analysisCacheStats, createAnalyzer, nodeWasmLocations } from './node.js';
export { createCoreAnalyzer, DEFAULT_MAX_SOURCE_BYTES } from './analyzer.js';
export type { Analyzer, AnalyzerOptions } from './analyzer.js';
export type { AnalysisCacheStats } from './cache.js';
export { ReportCache } from './cache.js';
export type { WasmLocations } from './parser.js';
export { defaultPolicy, mergePolicy, moduleStatus, policySchema } from './policy.js';
export type { Policy } from './policy.js';
export {
  analysisIssueSchema,
  analysisReportSchema,
  codePatternSchema,
  importRecordSchema,
  severitySchema,
} from './schema.js';
export type {
  AnalysisIssue,
  AnalysisReport,
  CodePattern,
  ImportRecord,
  RuleFamily,
  Severity,
} from './schema.js';
export { rules as analysisRules, ruleMeta } from './rules/catalog.js';
export type { RuleMeta, RuleId } from './rules/catalog.js';
export { toSarif, SARIF_SCHEMA_URI } from './sarif.js';
export type { SarifLog, SarifOptions } from './sarif.js';
export { formatReportText } from './text.js';
export { decodeSource } from './input.js';
