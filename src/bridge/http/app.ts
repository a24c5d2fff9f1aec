/**
 * The HTTP transport: a Fastify app over the service. Every route of the contract comes from
 * the route table; auth, body validation and error mapping happen here once. The factory
 * does not listen, so tests use `app.inject()` or `listen({ port: 0 })`.
 */
import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HackBridgeError } from '../../common/index.js';
import type { Actor, Service } from '../../service/index.js';
import { mapError } from '../errors.js';
import { invoke } from '../invoke.js';
import { bearerToken } from './auth.js';
import { buildOpenApiDocument } from './openapi.js';
import { apiRoutes } from './routes.js';
import type { ApiRoute } from './routes.js';
import { createAuthThrottle } from './throttle.js';
import { createUiFiles } from './ui-files.js';
import { registerProgressSocket } from './ws.js';

export interface HttpAppOptions {
  readonly service: Service;
  /**
   * The built web UI (dist/ui) served at `/`; undefined serves none (every UI path then says
   * how to build it). `hackbridge serve` passes the dist/ui beside its own code.
   */
  readonly uiDir?: string | undefined;
}

/** The API's own paths; everything else that is not a route is the web UI's. */
const isApiPath = (url: string): boolean =>
  url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

/** Responses that may carry code, results or metrics: never to be kept by a browser or proxy. */
const isPrivatePath = (url: string): boolean =>
  isApiPath(url) || url === '/metrics' || url.startsWith('/metrics?');

/** A URL fit for a log line: the value of any `token=` query parameter is replaced. */
export function redactUrl(url: string): string {
  return url.replace(/([?&;]token=)[^&;#]*/gi, '$1[redacted]');
}

/** Fastify's own faults (bad JSON, body too large, wrong media type) in the contract's codes. */
function fromFastify(err: {
  statusCode?: number;
  code?: string;
  message: string;
}): HackBridgeError | undefined {
  const status = err.statusCode;
  if (status === undefined || status >= 500 || typeof err.code !== 'string' || !err.code.startsWith('FST_'))
    return undefined;
  if (status === 413)
    return new HackBridgeError('HB_BODY_TOO_LARGE', 'Request body is too large', {
      statusCode: 413,
      details: { reason: err.code },
    });
  if (status === 415)
    return new HackBridgeError('HB_MEDIA_TYPE', 'Send request bodies as application/json', {
      statusCode: 415,
      details: { reason: err.code },
    });
  return new HackBridgeError('HB_VALIDATION', err.message, {
    statusCode: 400,
    details: { reason: err.code },
  });
}

function parsePart(route: ApiRoute, part: 'body' | 'params' | 'query', value: unknown): unknown {
  const schema = route[part];
  if (schema === undefined) return value;
  const result = schema.safeParse(value ?? (part === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const path = [part, ...(first?.path.map(String) ?? [])].join('.');
  throw new HackBridgeError('HB_VALIDATION', `Invalid request ${path}: ${first?.message ?? 'invalid'}`, {
    statusCode: 400,
    details: {
      issues: result.error.issues.map((i) => ({ path: [part, ...i.path.map(String)], message: i.message })),
    },
  });
}

export async function buildHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const { service } = options;
  const { config } = service;
  const production = config.telemetry.production;
  const app = Fastify({
    bodyLimit: config.server.bodyLimitBytes,
    trustProxy: config.server.trustProxy,
    // Per-request lines would dwarf the platform's own events; errors are logged below.
    logger: false,
    return503OnClosing: true,
  });

  // Authentication runs in an onRequest hook, before Fastify reads or parses a body: an
  // unauthenticated client costs one header check (red-team L3), and an IP that keeps failing
  // is refused without a store lookup.
  const authThrottle = createAuthThrottle(config.server.authFailuresPerMinute);
  const actors = new WeakMap<FastifyRequest, Actor>();
  const authenticate = async (req: FastifyRequest): Promise<void> => {
    authThrottle.check(req.ip);
    try {
      actors.set(req, await service.authenticate(bearerToken(req.headers)));
    } catch (thrown) {
      if (thrown instanceof HackBridgeError && thrown.statusCode === 401) authThrottle.failed(req.ip);
      throw thrown;
    }
  };
  const actorOf = (req: FastifyRequest): Actor => {
    const actor = actors.get(req);
    if (actor === undefined)
      throw new HackBridgeError('HB_INTERNAL', 'Route served without its authentication hook', {
        statusCode: 500,
        details: { url: redactUrl(req.url) },
      });
    return actor;
  };

  app.setErrorHandler((thrown: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const fastifyError =
      thrown instanceof HackBridgeError ? undefined : fromFastify(thrown as HackBridgeError);
    const mapped = mapError(fastifyError ?? thrown, { production });
    if (mapped.statusCode >= 500) {
      service.telemetry.logger.error(
        { err: thrown, url: redactUrl(req.url), method: req.method },
        'request failed',
      );
      service.telemetry.events.error({ type: mapped.error.code, message: mapped.error.message });
    }
    void reply.code(mapped.statusCode).headers(mapped.headers).send(mapped.body);
  });

  // JSON is never to be sniffed into something executable; UI responses add the full set.
  // Code, results, profiles and metrics stay out of browser and proxy caches (red-team L5).
  app.addHook('onSend', async (req, reply) => {
    if (!reply.hasHeader('x-content-type-options')) void reply.header('x-content-type-options', 'nosniff');
    if (isPrivatePath(req.url)) void reply.header('cache-control', 'no-store');
  });

  const ui = createUiFiles(options.uiDir);
  app.setNotFoundHandler((req: FastifyRequest, reply: FastifyReply) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && !isApiPath(req.url)) {
      const etag = req.headers['if-none-match'];
      const encoding = req.headers['accept-encoding'];
      return ui.serve(
        req.url,
        {
          ifNoneMatch: typeof etag === 'string' ? etag : undefined,
          acceptEncoding: typeof encoding === 'string' ? encoding : undefined,
        },
        reply,
      );
    }
    const mapped = mapError(
      new HackBridgeError('HB_NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}`, {
        statusCode: 404,
        details: { kind: 'route', method: req.method },
      }),
    );
    return reply.code(404).send(mapped.body);
  });

  // ws closes a socket whose message is larger with 1009 before it is buffered whole.
  await app.register(websocket, { options: { maxPayload: config.server.wsMaxPayloadBytes } });

  // 503 when the pool has no live worker, so a load balancer takes the instance out.
  app.get('/health', async (_req, reply) => {
    const health = await service.health();
    return reply.code(health.status === 'ok' ? 200 : 503).send(health);
  });

  app.get('/metrics', { onRequest: authenticate }, async (req, reply) => {
    const { contentType, text } = await service.metricsText(actorOf(req));
    return reply.type(contentType).send(text);
  });

  const openapi = buildOpenApiDocument();
  app.get('/api/openapi.json', async () => openapi);

  for (const route of apiRoutes) {
    app.route({
      method: route.method,
      url: route.url,
      onRequest: authenticate,
      handler: async (req, reply) => {
        const actor = actorOf(req);
        const body = parsePart(route, 'body', req.body);
        const params = parsePart(route, 'params', req.params) as Record<string, string>;
        const query = parsePart(route, 'query', req.query) as Record<string, unknown>;
        const result = await invoke(service.forUser(actor), route.op, route.toArgs({ body, params, query }));
        return reply.code(route.successStatus).send(result);
      },
    });
  }

  await app.register(async (scope) => registerProgressSocket(scope, service, { authThrottle }));
  return app;
}
