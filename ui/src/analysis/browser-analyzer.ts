/**
 * The analyser in the page: the same core the server runs (`createCoreAnalyzer`, default
 * policy), with the two WebAssembly files served by Vite as separate assets. This module is
 * only reached through `import()` in ./load.ts, so neither the analyser nor the wasm is in
 * the initial chunk.
 */
import runtimeUrl from 'web-tree-sitter/tree-sitter.wasm?url';
import grammarUrl from 'tree-sitter-python/tree-sitter-python.wasm?url';
import { createCoreAnalyzer } from '../../../src/analysis/analyzer.js';
import type { Analyzer } from '../../../src/analysis/analyzer.js';

/** Absolute URLs: Emscripten resolves relative ones against the script, not the page. */
const absolute = (url: string): string => new URL(url, document.baseURI).href;

export function createBrowserAnalyzer(): Analyzer {
  return createCoreAnalyzer({
    wasm: { runtime: absolute(runtimeUrl), grammar: absolute(grammarUrl) },
    // The cache keys on SHA-256 from crypto.subtle, which exists only in secure contexts
    // (https, localhost, file://); elsewhere analyse every time.
    cacheEntries: globalThis.crypto?.subtle === undefined ? 0 : 50,
  });
}
