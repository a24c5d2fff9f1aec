import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  anonymousTypesWithChildren,
  namedTokenTypes,
  toPyTree,
  typesWithFields,
} from '../../src/analysis/ast.js';
import { nodeWasmLocations } from '../../src/analysis/node.js';
import { lazyParser } from '../../src/analysis/parser.js';

describe('tree conversion', () => {
  it('knows exactly the node types of the installed grammar whose children fill fields', () => {
    const nodeTypes = JSON.parse(
      readFileSync('node_modules/tree-sitter-python/src/node-types.json', 'utf8'),
    ) as {
      type: string;
      fields?: Record<string, unknown>;
    }[];
    const expected = nodeTypes
      .filter((t) => t.fields !== undefined && Object.keys(t.fields).length > 0)
      .map((t) => t.type);
    expect([...typesWithFields].sort()).toEqual(expected.sort());
  });

  it('knows exactly which named types are tokens and which anonymous types have children', () => {
    const nodeTypes = JSON.parse(
      readFileSync('node_modules/tree-sitter-python/src/node-types.json', 'utf8'),
    ) as { type: string; named: boolean; children?: unknown; fields?: unknown; subtypes?: unknown }[];
    const leaf = (t: (typeof nodeTypes)[number]): boolean =>
      t.children === undefined && t.fields === undefined && t.subtypes === undefined;
    expect([...namedTokenTypes].sort()).toEqual(
      nodeTypes
        .filter((t) => t.named && leaf(t))
        .map((t) => t.type)
        .sort(),
    );
    expect([...anonymousTypesWithChildren].sort()).toEqual(
      nodeTypes
        .filter((t) => !t.named && !leaf(t))
        .map((t) => t.type)
        .sort(),
    );
  });
});

describe('direct cursor', () => {
  it('builds the same tree as the library cursor on every corpus file', async () => {
    const parser = await lazyParser(nodeWasmLocations())();
    const dirs = ['test/fixtures/analysis/benign', 'test/fixtures/analysis/hostile'];
    const files = dirs.flatMap((d) => readdirSync(d).map((f) => readFileSync(join(d, f), 'utf8')));
    files.push('def f(:\n  x = [1, 2\n', "s = 'o\\x73' + f'{x!r:>3}'\n");
    for (const code of files) {
      const tree = parser.parse(code);
      try {
        const direct = toPyTree(tree, code, true, parser.walk(tree));
        expect(direct).toEqual(toPyTree(tree, code, true, tree.walk()));
      } finally {
        tree.delete();
      }
    }
  });
});
