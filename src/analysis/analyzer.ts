/**
 * The analyser core (browser safe): parse once-loaded tree-sitter, walk, report, cache.
 */
import { HackBridgeError } from '../common/index.js';
import type { PyNode } from './ast.js';
import { toPyTree } from './ast.js';
import type { AnalysisCacheStats } from './cache.js';
import { ReportCache } from './cache.js';
import { Findings } from './findings.js';
import { checkSource } from './input.js';
import type { WasmLocations } from './parser.js';
import { lazyParser } from './parser.js';
import { PatternCounter } from './patterns.js';
import type { Policy } from './policy.js';
import { defaultPolicy, policySchema } from './policy.js';
import { buildReport, DEFAULT_MAX_ISSUES } from './report.js';
import type { AnalysisReport, ImportRecord } from './schema.js';
import { reportEncodingCookie, reportSyntaxErrors } from './syntax.js';
import { Walker } from './walker.js';

export interface AnalyzerOptions {
  /** Where the WebAssembly files are (the Node entry fills this in). */
  readonly wasm: WasmLocations;
  /** LRU size; 0 disables the cache. */
  readonly cacheEntries?: number;
  /** Larger sources are refused with HB_ANALYSIS_INPUT_TOO_LARGE. */
  readonly maxSourceBytes?: number;
  /**
   * Issues kept per report, the most severe first (default 200); the report's `issuesTotal`
   * counts all, and `safe`/`riskScore` use all.
   */
  readonly maxIssues?: number;
  /** Import records kept per report, the least allowed first (default 200); see `importsTotal`. */
  readonly maxImports?: number;
  /** Used when `analyze` is called without a policy. */
  readonly policy?: Policy;
}

export interface Analyzer {
  /** Analyses Python source. What the code does is in the report; only bad input throws. */
  analyze(code: string, policy?: Policy): Promise<AnalysisReport>;
  cacheStats(): AnalysisCacheStats;
}

export const DEFAULT_MAX_SOURCE_BYTES = 1024 * 1024;

const validated = new WeakSet<Policy>();

function checkPolicy(policy: Policy): Policy {
  if (validated.has(policy)) return policy;
  const parsed = policySchema.safeParse(policy);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new HackBridgeError(
      'HB_ANALYSIS_POLICY_INVALID',
      `Invalid analysis policy at '${first?.path.join('.') ?? ''}': ${first?.message ?? 'invalid'}`,
      {
        statusCode: 400,
        details: { path: first?.path.join('.') ?? '', reason: first?.message ?? 'invalid' },
      },
    );
  }
  validated.add(policy);
  return policy;
}

/** Lines as an editor shows them (a final newline does not start another). */
function lineCount(code: string): number {
  if (code === '') return 0;
  let n = 1;
  for (let i = code.indexOf('\n'); i >= 0; i = code.indexOf('\n', i + 1)) n++;
  return code.endsWith('\n') ? n - 1 : n;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function positiveOption(field: string, value: number | undefined): number {
  const n = value ?? DEFAULT_MAX_ISSUES;
  if (!Number.isInteger(n) || n < 1)
    throw new HackBridgeError('HB_ANALYSIS_OPTIONS_INVALID', `${field} must be a positive integer`, {
      statusCode: 500,
      details: { field, value: String(n) },
    });
  return n;
}

export function createCoreAnalyzer(options: AnalyzerOptions): Analyzer {
  const loadParser = lazyParser(options.wasm);
  const cache = new ReportCache(options.cacheEntries ?? 1000);
  const maxSourceBytes = options.maxSourceBytes ?? DEFAULT_MAX_SOURCE_BYTES;
  const basePolicy = options.policy ?? defaultPolicy;
  const maxIssues = positiveOption('maxIssues', options.maxIssues);
  const maxImports = positiveOption('maxImports', options.maxImports);

  return {
    async analyze(code: string, policy: Policy = basePolicy): Promise<AnalysisReport> {
      const { bytes } = checkSource(code, maxSourceBytes);
      checkPolicy(policy);
      const key = cache.enabled ? await cache.key(code, policy) : '';
      const cached = cache.enabled ? cache.get(key) : undefined;
      if (cached !== undefined) return cached;
      const parser = await loadParser();
      let hasError = false;
      const parse = (source: string): PyNode => {
        const tree = parser.parse(source);
        try {
          hasError = tree.rootNode.hasError;
          return toPyTree(tree, source, hasError, parser.walk(tree));
        } finally {
          tree.delete(); // WebAssembly memory is not garbage-collected
        }
      };
      const root = parse(code);
      const findings = new Findings();
      const patterns = new PatternCounter();
      const imports: ImportRecord[] = [];
      const syntaxError = hasError && reportSyntaxErrors(root, code, findings);
      reportEncodingCookie(root, code, findings);
      new Walker({
        source: code,
        policy,
        findings,
        patterns,
        imports,
        parseNested: parse,
        nestedDepth: 0,
      }).walkModule(root);
      const report = deepFreeze(
        buildReport({
          findings: findings.list(),
          patterns: patterns.list(),
          imports,
          syntaxError,
          policy,
          maxIssues,
          maxImports,
          lines: lineCount(code),
          bytes,
        }),
      );
      if (cache.enabled) cache.set(key, report);
      return report;
    },
    cacheStats: () => cache.stats(),
  };
}
