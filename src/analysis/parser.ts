/**
 * Loads the tree-sitter runtime and the Python grammar once (lazy, cached promise). Browser
 * safe: callers pass where the two WebAssembly files are (file paths in Node, URLs or bytes in
 * a browser); nothing here imports `node:` modules.
 *
 * Checked: web-tree-sitter 0.25.8 loads tree-sitter-python 0.25.0's grammar (ABI 15).
 */
import type { Tree } from 'web-tree-sitter';
import { Language, Parser } from 'web-tree-sitter';
import { HackBridgeError } from '../common/index.js';
import type { CursorLike } from './fast-cursor.js';
import { directCursors } from './fast-cursor.js';

export interface WasmLocations {
  /** web-tree-sitter's own `tree-sitter.wasm`: a path (Node), a URL string (browser) or the bytes. */
  readonly runtime: string | Uint8Array;
  /** `tree-sitter-python.wasm`. */
  readonly grammar: string | Uint8Array;
}

/** A ready parser; `parse` is synchronous once loaded. */
export interface PythonParser {
  parse(source: string): Tree;
  /** A cursor over `tree` for conversion: direct WebAssembly calls when the runtime allows. */
  walk(tree: Tree): CursorLike;
}

let runtimeReady: Promise<void> | undefined;
/** The options object given to Parser.init: Emscripten fills it in as the runtime module. */
let runtimeModule: object | undefined;

function initRuntime(runtime: string | Uint8Array): Promise<void> {
  if (runtimeReady === undefined) {
    const options = typeof runtime === 'string' ? { locateFile: () => runtime } : { wasmBinary: runtime };
    runtimeModule = options;
    runtimeReady = Parser.init(options);
  }
  return runtimeReady;
}

/** Returns a function that resolves to the parser, loading the WebAssembly on first call only. */
export function lazyParser(locations: WasmLocations): () => Promise<PythonParser> {
  let ready: Promise<PythonParser> | undefined;
  return () => {
    ready ??= (async () => {
      try {
        await initRuntime(locations.runtime);
        const language = await Language.load(locations.grammar);
        const parser = new Parser();
        parser.setLanguage(language);
        // If another caller initialised the runtime first, our options object is not the module.
        const direct = runtimeModule === undefined ? undefined : directCursors(runtimeModule);
        return {
          walk: (tree: Tree) => direct?.(tree) ?? tree.walk(),
          parse(source: string) {
            const tree = parser.parse(source);
            if (tree === null) throw new Error('tree-sitter returned no tree');
            return tree;
          },
        };
      } catch (cause) {
        ready = undefined;
        runtimeReady = undefined;
        throw new HackBridgeError('HB_ANALYSIS_PARSER_UNAVAILABLE', 'The Python parser could not be loaded', {
          statusCode: 500,
          details: { reason: cause instanceof Error ? cause.message : String(cause) },
          cause,
        });
      }
    })();
    return ready;
  };
}
