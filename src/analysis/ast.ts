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

export function toPyTree(tree: Tree): PyNode {
  const cursor = tree.walk();
  const make = (): PyNode => {
    const s = cursor.startPosition;
    const e = cursor.endPosition;
    return {
      type: cursor.nodeType,
      named: cursor.nodeIsNamed,
      field: cursor.currentFieldName,
      missing: cursor.nodeIsMissing,
      start: cursor.startIndex,
      end: cursor.endIndex,
      row: s.row,
      col: s.column,
      endRow: e.row,
      endCol: e.column,
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
      if (stack.length === 0 || cursor.currentDepth === 0) break;
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
