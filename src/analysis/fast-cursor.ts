/**
 * A tree cursor that calls the WebAssembly exports directly. web-tree-sitter's TreeCursor
 * copies its four-word state into the runtime's transfer buffer and back on every call
 * (through the generic setValue/getValue), which is most of the cost of converting a tree.
 * The state can simply stay in the buffer while one cursor walks alone: every call below
 * reads and updates it in place. Written against web-tree-sitter 0.25.8 (pinned); when the
 * runtime does not expose these exports, the library's own cursor is used.
 */
import type { Tree } from 'web-tree-sitter';

/** What tree conversion needs from a cursor (web-tree-sitter's TreeCursor has all of it). */
export interface CursorLike {
  readonly nodeTypeId: number;
  readonly currentFieldId: number;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly nodeIsMissing: boolean;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  delete(): void;
}

/** The Emscripten module of web-tree-sitter's runtime (the object passed to Parser.init). */
interface RuntimeExports {
  _ts_init(): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_missing_wasm(tree: number): number;
  getValue(pointer: number, type: string): number;
}

const required = [
  '_ts_init',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_current_node_is_missing_wasm',
  'getValue',
] as const;

/** A factory of direct cursors, or undefined when `runtime` is not a populated module. */
export function directCursors(runtime: object): ((tree: Tree) => CursorLike) | undefined {
  const m = runtime as Partial<Record<(typeof required)[number], unknown>>;
  if (!required.every((name) => typeof m[name] === 'function')) return undefined;
  const rt = runtime as RuntimeExports;
  // ts_init only reports the buffer's address (and writes the ABI versions into it).
  const buffer = rt._ts_init();
  // Bound once: the Emscripten module is a large dictionary-mode object, and a property
  // lookup on it per call costs as much as the call itself.
  const typeId = rt._ts_tree_cursor_current_node_type_id_wasm;
  const fieldId = rt._ts_tree_cursor_current_field_id_wasm;
  const startIndex = rt._ts_tree_cursor_start_index_wasm;
  const endIndex = rt._ts_tree_cursor_end_index_wasm;
  const isMissing = rt._ts_tree_cursor_current_node_is_missing_wasm;
  const firstChild = rt._ts_tree_cursor_goto_first_child_wasm;
  const nextSibling = rt._ts_tree_cursor_goto_next_sibling_wasm;
  const parent = rt._ts_tree_cursor_goto_parent_wasm;
  return (tree) => {
    const cursor = tree.walk();
    // Any getter copies the cursor's state into the transfer buffer; from here it stays there.
    void cursor.nodeTypeId;
    const t = (tree as unknown as Record<number, number>)[0] as number;
    return {
      get nodeTypeId() {
        return typeId(t);
      },
      get currentFieldId() {
        return fieldId(t);
      },
      get startIndex() {
        return startIndex(t);
      },
      get endIndex() {
        return endIndex(t);
      },
      get nodeIsMissing() {
        return isMissing(t) === 1;
      },
      gotoFirstChild: () => firstChild(t) === 1,
      gotoNextSibling: () => nextSibling(t) === 1,
      gotoParent: () => parent(t) === 1,
      delete() {
        // The cursor's stack may have been reallocated while walking: hand the current state
        // back so delete frees what is allocated now, not a stale pointer.
        const state = cursor as unknown as Record<number, number>;
        for (let i = 0; i < 4; i++) state[i] = rt.getValue(buffer + 4 * i, 'i32');
        cursor.delete();
      },
    };
  };
}
