import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { typesWithFields } from '../../src/analysis/ast.js';

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
});
