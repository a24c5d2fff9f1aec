/**
 * The OpenAPI 3.1 document, generated from the route table and the contract's zod schemas
 * (`z.toJSONSchema`): nothing is written twice. OpenAPI 3.1 uses JSON Schema 2020-12, zod's
 * default target.
 */
import { z } from 'zod';
import { version } from '../../common/index.js';
import { contract, errorBodySchema } from '../contract.js';
import type { ContractMethod } from '../contract.js';
import { apiRoutes } from './routes.js';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    reused: 'inline',
  }) as JsonSchema;
  return rest;
}

const pascal = (op: ContractMethod): string => op.charAt(0).toUpperCase() + op.slice(1);

const errorStatuses: Record<string, string> = {
  '400': 'HB_VALIDATION: the request does not validate (details.issues)',
  '401': 'HB_AUTH_MISSING: missing or unknown token; HB_AUTH_REVOKED: revoked token',
  '403': 'HB_AUTH_FORBIDDEN: the role may not do this',
  '404': 'HB_NOT_FOUND: unknown resource (or another user’s submission)',
  '413': 'HB_BODY_TOO_LARGE',
  '415': 'HB_MEDIA_TYPE',
  '429':
    'HB_RATE_LIMITED: too many runs or submissions for this user, or failed authentications from this address; see the Retry-After header',
  '500': 'HB_INTERNAL',
};

const errorResponses = (codes: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(
    codes.map((c) => [
      c,
      {
        description: errorStatuses[c],
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  );

export function buildOpenApiDocument(): Record<string, unknown> {
  const schemas: Record<string, JsonSchema> = { Error: jsonSchema(errorBodySchema, 'output') };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of apiRoutes) {
    const name = pascal(route.op);
    schemas[`${name}Result`] = jsonSchema(contract[route.op].result, 'output');
    const parameters = [
      ...Object.entries(route.params?.shape ?? {}).map(([key, s]) => ({
        name: key,
        in: 'path',
        required: true,
        schema: jsonSchema(s as z.ZodType, 'input'),
      })),
      ...Object.entries(route.query?.shape ?? {}).map(([key, s]) => ({
        name: key,
        in: 'query',
        required: false,
        schema: jsonSchema(s as z.ZodType, 'input'),
      })),
    ];
    if (route.body !== undefined) schemas[`${name}Request`] = jsonSchema(route.body, 'input');
    const codes = ['400', '401', ...(route.organiserOnly === true ? ['403'] : []), '500'];
    if (route.params !== undefined) codes.push('404');
    if (route.body !== undefined) codes.push('413', '415');
    // Every authenticated route: an address past server.authFailuresPerMinute gets 429.
    codes.push('429');
    const openPath = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
    paths[openPath] = {
      ...paths[openPath],
      [route.method.toLowerCase()]: {
        operationId: route.op,
        summary: route.summary,
        security: [{ bearer: [] }],
        ...(parameters.length > 0 ? { parameters } : {}),
        ...(route.body === undefined
          ? {}
          : {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}Request` } } },
              },
            }),
        responses: {
          [String(route.successStatus)]: {
            description: 'OK',
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}Result` } } },
          },
          ...errorResponses([...new Set(codes)].sort()),
        },
      },
    };
  }
  paths['/health'] = {
    get: {
      operationId: 'health',
      summary: 'Pool, queue and store health',
      security: [],
      responses: { '200': { description: 'OK' }, '503': { description: 'The pool has no live worker' } },
    },
  };
  paths['/metrics'] = {
    get: {
      operationId: 'prometheusMetrics',
      summary: 'Prometheus text exposition (organisers only)',
      security: [{ bearer: [] }],
      responses: {
        '200': { description: 'OK', content: { 'text/plain': { schema: { type: 'string' } } } },
        ...errorResponses(['401', '403', '429']),
      },
    },
  };
  paths['/api/ws'] = {
    get: {
      operationId: 'progressSocket',
      summary:
        'WebSocket. Authenticate with the Authorization header or a first message {"type":"auth","token"} within server.wsAuthTimeoutMs (else close 4401); ' +
        'then send {"type":"subscribe","id"}; the server pushes {"type":"progress",id,state,test?,of?} and a final {"type":"done",id,state,result?,error?}. ' +
        'Too many or too large messages, or a client that stops reading: close 1008/1009.',
      security: [],
      responses: {
        '101': { description: 'Switching Protocols' },
        ...errorResponses(['429']),
      },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'HackBridge API',
      version,
      description: 'Runs, grades and analyses untrusted Python code.',
    },
    servers: [{ url: '/' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, schemas },
    security: [{ bearer: [] }],
    paths,
  };
}
