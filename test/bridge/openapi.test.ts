/**
 * The OpenAPI document is generated, never hand-written; this golden file pins its deliberate
 * shape (paths, methods, operation ids, parameters, status codes, schema references). The
 * component schemas themselves follow the lower modules' zod schemas and are checked for
 * presence, not byte for byte, so a new RunResult field does not break this test.
 * Regenerate after a deliberate change: `UPDATE_GOLDEN=1 npx vitest run test/bridge/openapi.test.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiRoutes, buildOpenApiDocument, contract } from '../../src/bridge/index.js';

const GOLDEN = 'test/bridge/openapi.golden.json';

type Operation = {
  operationId: string;
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
};

function skeleton(doc: Record<string, unknown>): unknown {
  const paths = doc['paths'] as Record<string, Record<string, Operation>>;
  return Object.fromEntries(
    Object.entries(paths).map(([path, ops]) => [
      path,
      Object.fromEntries(
        Object.entries(ops).map(([method, op]) => [
          method,
          {
            operationId: op.operationId,
            parameters: (op.parameters ?? []).map((p) => `${p.in}:${p.name}`),
            requestBody: op.requestBody?.content['application/json']?.schema ?? null,
            responses: Object.fromEntries(
              Object.entries(op.responses).map(([code, r]) => [
                code,
                Object.values(r.content ?? {})[0]?.schema ?? null,
              ]),
            ),
          },
        ]),
      ),
    ]),
  );
}

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument();

  it('matches the golden shape', () => {
    const actual = { openapi: doc['openapi'], paths: skeleton(doc) };
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 2)}\n`);
    // Compared as data, so the file may be laid out by prettier.
    expect(actual).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  });

  it('documents every contract method over HTTP, once', () => {
    expect(apiRoutes.map((r) => r.op).sort()).toEqual(Object.keys(contract).sort());
  });

  it('holds a JSON Schema for every referenced component', () => {
    const schemas = (doc['components'] as { schemas: Record<string, Record<string, unknown>> }).schemas;
    const refs = [...JSON.stringify(doc['paths']).matchAll(/"#\/components\/schemas\/([A-Za-z]+)"/g)].map(
      (m) => m[1] ?? '',
    );
    for (const ref of new Set(refs)) expect(['object', 'array'], ref).toContain(schemas[ref]?.['type']);
    expect(schemas['RunCodeRequest']?.['required']).toEqual(['code']);
  });
});
