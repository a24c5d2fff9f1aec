/**
 * Converts tree-sitter's tree into plain JavaScript objects in one cursor pass. Every rule
 * then reads cheap properties instead of crossing into WebAssembly per access, and the rules
 * do not depend on the parser's API.
 */
import type { Tree } from 'web-tree-sitter';

export interface PyNode {
  readonly type: string;
  readonly named: boolean;
  /** The grammar field this node fills in its parent (`function`, `arguments`, ...). */
  readonly field: string | null;
  readonly missing: boolean;
  /** UTF-16 offsets into the source. */
  readonly start: number;
  readonly end: number;
  /** 0-based rows; columns in UTF-16 code units. */
  readonly row: number;
  readonly col: number;
  readonly endRow: number;
  readonly endCol: number;
  readonly children: PyNode[];
}

/** Start offsets of every line, for turning UTF-16 offsets into (row, column) in JavaScript. */
function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function rowOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Every cursor getter crosses into WebAssembly, so the conversion reads only five values per
 * node (type id, named, field id, start and end offsets) and computes rows and columns here.
 * Tree-sitter counts `\r` as part of a line, as this does; its columns for UTF-16 input
 * are code units, as these are.
 */
export function toPyTree(tree: Tree, source: string): PyNode {
  const cursor = tree.walk();
  const types = tree.language.types;
  const fieldNames = tree.language.fields;
  const starts = lineStarts(source);
  const language = tree.language;
  // Named-ness is a property of the symbol: ask the grammar once per type, not per node.
  const namedByType: boolean[] = [];
  const isNamed = (typeId: number): boolean => (namedByType[typeId] ??= language.nodeTypeIsNamed(typeId));
  const make = (): PyNode => {
    const typeId = cursor.nodeTypeId;
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    const row = rowOf(starts, start);
    const endRow = end === start ? row : rowOf(starts, end);
    return {
      type: types[typeId] ?? 'ERROR',
      named: isNamed(typeId),
      field: fieldNames[cursor.currentFieldId] ?? null,
      // Only zero-width nodes can be MISSING (inserted by error recovery): ask only then.
      missing: start === end && cursor.nodeIsMissing,
      start,
      end,
      row,
      col: start - (starts[row] as number),
      endRow,
      endCol: end - (starts[endRow] as number),
      children: [],
    };
  };
  const root = make();
  const stack: PyNode[] = [root];
  // Depth-first without recursion: hostile input may nest thousands of levels deep.
  if (cursor.gotoFirstChild()) {
    for (;;) {
      const node = make();
      stack[stack.length - 1]?.children.push(node);
      if (cursor.gotoFirstChild()) {
        stack.push(node);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) break;
        stack.pop();
        if (stack.length === 0) break;
      }
      if (stack.length === 0) break;
    }
  }
  cursor.delete();
  return root;
}

/** The first child filling `field`, if any. */
export function field(node: PyNode, name: string): PyNode | undefined {
  for (const c of node.children) if (c.field === name) return c;
  return undefined;
}

/** Every child filling `field`. */
export function fields(node: PyNode, name: string): PyNode[] {
  return node.children.filter((c) => c.field === name);
}

export function named(node: PyNode): PyNode[] {
  return node.children.filter((c) => c.named && c.type !== 'comment');
}

const nonAscii = /[\u0080-\uffff]/;

/**
 * Identifier text as Python sees it: the parser NFKC-normalises identifiers (PEP 3131), so
 * `ｅｖａｌ` *is* `eval`.
 */
export function identifierName(source: string, node: PyNode): string {
  const raw = source.slice(node.start, node.end);
  return nonAscii.test(raw) ? raw.normalize('NFKC') : raw;
}

export function isNormalisedIdentifier(source: string, node: PyNode): boolean {
  const raw = source.slice(node.start, node.end);
  return !nonAscii.test(raw) || raw.normalize('NFKC') === raw;
}
