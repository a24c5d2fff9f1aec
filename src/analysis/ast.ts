/**
 * Converts tree-sitter's tree into plain JavaScript objects in one cursor pass. Every rule
 * then reads cheap properties instead of crossing into WebAssembly per access, and the rules
 * do not depend on the parser's API.
 */
import type { Tree } from 'web-tree-sitter';
import type { CursorLike } from './fast-cursor.js';

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

/**
 * Node types whose children can fill grammar fields (tree-sitter-python 0.25 node-types.json;
 * test/analysis/ast.test.ts checks this list against the installed grammar). Children of other
 * types never have a field, so the conversion does not ask.
 */
// prettier-ignore
export const typesWithFields: ReadonlySet<string> = new Set([
  'aliased_import', 'as_pattern', 'assignment', 'attribute', 'augmented_assignment', 'binary_operator',
  'block', 'boolean_operator', 'call', 'case_clause', 'class_definition', 'comparison_operator',
  'decorated_definition', 'default_parameter', 'dict_pattern', 'dictionary_comprehension', 'elif_clause',
  'else_clause', 'except_clause', 'exec_statement', 'for_in_clause', 'for_statement', 'format_expression',
  'function_definition', 'future_import_statement', 'generator_expression', 'if_statement',
  'import_from_statement', 'import_statement', 'interpolation', 'keyword_argument', 'lambda',
  'list_comprehension', 'match_statement', 'named_expression', 'not_operator', 'pair', 'print_statement',
  'raise_statement', 'set_comprehension', 'subscript', 'try_statement', 'type_alias_statement',
  'typed_default_parameter', 'typed_parameter', 'unary_operator', 'while_statement', 'with_item',
  'with_statement',
]);

/**
 * Named node types that never have children (tokens), and the anonymous types that do (the
 * grammar aliases two-keyword operators to anonymous nodes). Every other anonymous node is a
 * token. The conversion does not ask the cursor for the children of a token: about half the
 * nodes of a file are tokens. test/analysis/ast.test.ts checks both lists against the grammar.
 */
// prettier-ignore
export const namedTokenTypes: ReadonlySet<string> = new Set([
  'comment', 'ellipsis', 'escape_interpolation', 'escape_sequence', 'false', 'float', 'identifier',
  'integer', 'line_continuation', 'none', 'string_end', 'string_start', 'true', 'type_conversion',
]);
export const anonymousTypesWithChildren: ReadonlySet<string> = new Set(['is not', 'not in']);

/** What the conversion needs to know per grammar symbol, computed once per language. */
interface SymbolTable {
  readonly named: boolean[];
  /** Children of this type may fill fields. */
  readonly hasFields: boolean[];
  /** This type never has children. */
  readonly token: boolean[];
}

const symbolTables = new WeakMap<Tree['language'], SymbolTable>();

function symbolTable(language: Tree['language']): SymbolTable {
  let table = symbolTables.get(language);
  if (table === undefined) {
    const named: boolean[] = [];
    const hasFields: boolean[] = [];
    const token: boolean[] = [];
    language.types.forEach((type, id) => {
      const isNamed = language.nodeTypeIsNamed(id);
      named[id] = isNamed;
      hasFields[id] = typesWithFields.has(type);
      // ERROR nodes (and any type this table does not know) are asked for children.
      token[id] = isNamed
        ? namedTokenTypes.has(type)
        : type !== 'ERROR' && !anonymousTypesWithChildren.has(type);
    });
    table = { named, hasFields, token };
    symbolTables.set(language, table);
  }
  return table;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Every cursor getter crosses into WebAssembly, so the conversion asks for as little as it
 * can: type and field ids for every node, children only of types that can have them; offsets
 * for named leaves, and for anonymous ones (punctuation, operators: read by type) only where an
 * inner node's span needs them (an inner node spans from its first child's start to its last
 * child's end, so it takes its position from them). With `full` (a tree with errors) every
 * leaf gets offsets, so MISSING tokens can be reported. Rows and columns are computed here;
 * tree-sitter's columns for UTF-16 input are code units, as these are.
 */
export function toPyTree(tree: Tree, source: string, full = true, cursor: CursorLike = tree.walk()): PyNode {
  const language = tree.language;
  const types = language.types;
  const fieldNames = language.fields;
  const { named, hasFields, token } = symbolTable(language);
  const starts = lineStarts(source);
  // Offsets arrive almost in source order: search for the row from the previous one.
  let hint = 0;
  const rowOf = (offset: number): number => {
    let row = hint;
    while (row > 0 && (starts[row] as number) > offset) row--;
    while (row + 1 < starts.length && (starts[row + 1] as number) <= offset) row++;
    hint = row;
    return row;
  };
  const placeStart = (node: Mutable<PyNode>, start: number): void => {
    const row = rowOf(start);
    node.start = start;
    node.row = row;
    node.col = start - (starts[row] as number);
  };
  const placeEnd = (node: Mutable<PyNode>, end: number): void => {
    const row = end === node.start ? node.row : rowOf(end);
    node.end = end;
    node.endRow = row;
    node.endCol = end - (starts[row] as number);
  };
  const make = (parentHasFields: boolean): { node: Mutable<PyNode>; typeId: number } => {
    const typeId = cursor.nodeTypeId;
    const node: Mutable<PyNode> = {
      type: types[typeId] ?? 'ERROR',
      named: named[typeId] ?? language.nodeTypeIsNamed(typeId),
      field: full || parentHasFields ? (fieldNames[cursor.currentFieldId] ?? null) : null,
      missing: false,
      start: -1,
      end: -1,
      row: 0,
      col: 0,
      endRow: 0,
      endCol: 0,
      children: [],
    };
    return { node, typeId };
  };
  /** Called with the cursor on a node that has no children. */
  const leaf = (node: Mutable<PyNode>, first: boolean): void => {
    if (!node.named && !full) {
      // The start of an inner node's first child is the inner node's start.
      if (first) placeStart(node, cursor.startIndex);
      return;
    }
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    // Only zero-width nodes can be MISSING (inserted by error recovery): ask only then.
    node.missing = start === end && cursor.nodeIsMissing;
    placeStart(node, start);
    placeEnd(node, end);
  };
  /** The cursor is still on a last child: complete an anonymous leaf's span if it was skipped. */
  const closeLast = (node: Mutable<PyNode>): void => {
    if (node.end >= 0) return;
    if (node.start < 0) placeStart(node, cursor.startIndex);
    placeEnd(node, cursor.endIndex);
  };
  const finish = (node: Mutable<PyNode>): void => {
    const first = node.children[0] as PyNode;
    const last = node.children[node.children.length - 1] as PyNode;
    node.start = first.start;
    node.row = first.row;
    node.col = first.col;
    node.end = last.end;
    node.endRow = last.endRow;
    node.endCol = last.endCol;
  };
  const { node: root, typeId: rootType } = make(false);
  const stack: Mutable<PyNode>[] = [root];
  const fieldStack: boolean[] = [hasFields[rootType] === true];
  let first = token[rootType] !== true && cursor.gotoFirstChild();
  if (!first) {
    leaf(root, true);
    closeLast(root);
    stack.pop();
  }
  // Depth-first without recursion: hostile input may nest thousands of levels deep.
  while (stack.length > 0) {
    const parent = stack[stack.length - 1] as Mutable<PyNode>;
    const { node, typeId } = make(fieldStack[fieldStack.length - 1] === true);
    parent.children.push(node);
    if (token[typeId] !== true && cursor.gotoFirstChild()) {
      stack.push(node);
      fieldStack.push(hasFields[typeId] === true);
      first = true;
      continue;
    }
    leaf(node, first);
    first = false;
    if (cursor.gotoNextSibling()) continue;
    closeLast(node);
    for (;;) {
      const parent = stack.pop();
      fieldStack.pop();
      if (parent === undefined) break;
      finish(parent);
      if (stack.length === 0 || !cursor.gotoParent()) {
        stack.length = 0;
        break;
      }
      // String text between escape sequences is no node: a string_content's children do not
      // cover it, so its span comes from the parser (`'o\x73'` is 'os', not 's').
      if (parent.type === 'string_content') {
        placeStart(parent, cursor.startIndex);
        placeEnd(parent, cursor.endIndex);
      }
      if (cursor.gotoNextSibling()) break;
    }
  }
  cursor.delete();
  if (root.children.length > 0) {
    // The module spans the whole source, including leading and trailing blank lines.
    const end = Math.max(root.end, source.length);
    placeStart(root, 0);
    placeEnd(root, end);
  }
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
