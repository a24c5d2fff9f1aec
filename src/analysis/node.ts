/**
 * The Node entry: finds the WebAssembly files in node_modules and keeps one lazily created
 * default analyser for `analyzeCode`. The only file of the module that imports `node:`.
 */
import { createRequire } from 'node:module';
import type { Analyzer, AnalyzerOptions } from './analyzer.js';
import { createCoreAnalyzer } from './analyzer.js';
import type { AnalysisCacheStats } from './cache.js';
import type { WasmLocations } from './parser.js';
import type { Policy } from './policy.js';
import type { AnalysisReport } from './schema.js';

const require = createRequire(import.meta.url);

/** Paths of web-tree-sitter's runtime and the Python grammar as installed. */
export function nodeWasmLocations(): WasmLocations {
  return {
    runtime: require.resolve('web-tree-sitter/tree-sitter.wasm'),
    grammar: require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
  };
}

/**
 * Creates an analyser with its own cache and defaults. In Node the WebAssembly locations are
 * found automatically; a browser passes `wasm` URLs (see `createCoreAnalyzer`).
 */
export function createAnalyzer(options: Partial<AnalyzerOptions> = {}): Analyzer {
  return createCoreAnalyzer({ ...options, wasm: options.wasm ?? nodeWasmLocations() });
}

let shared: Analyzer | undefined;

function defaultAnalyzer(): Analyzer {
  shared ??= createAnalyzer();
  return shared;
}

/**
 * Analyses Python source with the default analyser (shared cache, default policy unless one
 * is given). Throws HackBridgeError only for bad input (too large, binary, invalid policy).
 */
export function analyzeCode(code: string, policy?: Policy): Promise<AnalysisReport> {
  return defaultAnalyzer().analyze(code, policy);
}

/** Hits and misses of the default analyser's cache. */
export function analysisCacheStats(): AnalysisCacheStats {
  return defaultAnalyzer().cacheStats();
}
