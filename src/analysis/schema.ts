/**
 * The analyser's public data shapes. The bridge reuses these schemas for its contract, so
 * the report a browser sees and the one the CLI prints are the same validated type.
 */
import { z } from 'zod';

export const severitySchema = z.enum(['low', 'medium', 'high', 'critical']);
export const confidenceSchema = z.enum(['low', 'medium', 'high']);
export const ruleFamilySchema = z.enum([
  'syntax',
  'imports',
  'dynamic-code',
  'file-system',
  'network',
  'processes',
  'introspection',
  'resources',
  'obfuscation',
]);

/** One finding. Lines and columns are 1-based; columns count UTF-16 code units, as editors do. */
export const analysisIssueSchema = z.object({
  rule: z.string().regex(/^HB-[A-Z]{2,5}-\d{3}$/),
  family: ruleFamilySchema,
  severity: severitySchema,
  confidence: confidenceSchema,
  /** e.g. `CWE-78`. */
  cwe: z.string().regex(/^CWE-\d+$/),
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  endLine: z.number().int().min(1),
  endColumn: z.number().int().min(1),
  message: z.string().min(1),
  hint: z.string().min(1),
});

export const patternNameSchema = z.enum([
  'loop',
  'recursion',
  'comprehension',
  'generator',
  'class',
  'lambda',
  'exception-handling',
  'global-state',
  'input-reading',
  'decorator',
  'memoization',
  'context-manager',
  'async',
]);

export const codePatternSchema = z.object({
  pattern: patternNameSchema,
  count: z.number().int().min(1),
  /** 1-based lines of the first occurrences (at most 20). */
  lines: z.array(z.number().int().min(1)),
});

export const importStatusSchema = z.enum(['allowed', 'warned', 'restricted', 'denied', 'unknown']);

export const importRecordSchema = z.object({
  module: z.string().min(1),
  /** `import m`, `from m import n`, or a call such as `__import__('m')` / `importlib.import_module`. */
  kind: z.enum(['import', 'from', 'dynamic']),
  /** Names taken by `from m import a, b` (`*` for a star import). */
  names: z.array(z.string()),
  /** `import m as alias`. */
  alias: z.string().nullable(),
  line: z.number().int().min(1),
  status: importStatusSchema,
});

export const analysisReportSchema = z.object({
  safe: z.boolean(),
  riskScore: z.number().int().min(0).max(100),
  /** At most the analyser's `maxIssues` (default 200): the most severe, in file order. */
  issues: z.array(analysisIssueSchema),
  /** Every issue found; `safe` and `riskScore` are computed from all of them. */
  issuesTotal: z.number().int().min(0),
  /** True when `issues` holds fewer than `issuesTotal` (the least severe were dropped). */
  issuesTruncated: z.boolean(),
  patterns: z.array(codePatternSchema),
  /** At most the analyser's `maxImports` (default 200): the least allowed first, in line order. */
  imports: z.array(importRecordSchema),
  importsTotal: z.number().int().min(0),
  /** True when `imports` holds fewer than `importsTotal`. */
  importsTruncated: z.boolean(),
  /** The source had syntax errors; findings come from tree-sitter's error recovery. */
  syntaxError: z.boolean(),
  stats: z.object({ lines: z.number().int().min(0), bytes: z.number().int().min(0) }),
});

export type Severity = z.infer<typeof severitySchema>;
export type Confidence = z.infer<typeof confidenceSchema>;
export type RuleFamily = z.infer<typeof ruleFamilySchema>;
export type AnalysisIssue = z.infer<typeof analysisIssueSchema>;
export type CodePattern = z.infer<typeof codePatternSchema>;
export type PatternName = z.infer<typeof patternNameSchema>;
export type ImportRecord = z.infer<typeof importRecordSchema>;
export type ImportStatus = z.infer<typeof importStatusSchema>;
export type AnalysisReport = z.infer<typeof analysisReportSchema>;
