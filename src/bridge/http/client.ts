/**
 * A typed HTTP client for the contract, built from the same route table the server uses.
 * Errors come back as HackBridgeErrors with the server's code, status and details.
 */
import { HackBridgeError } from '../../common/index.js';
import { errorBodySchema } from '../contract.js';
import type { HackBridgeApi } from '../contract.js';
import { errorFromBody } from '../errors.js';
import { clientFrom } from '../invoke.js';
import { apiRoutes } from './routes.js';

export interface HttpClientOptions {
  /** e.g. `http://127.0.0.1:8080` */
  readonly baseUrl: string;
  readonly token?: string;
}

export function createHttpClient(options: HttpClientOptions): HackBridgeApi {
  const base = options.baseUrl.replace(/\/+$/, '');
  const routeOf = new Map(apiRoutes.map((r) => [r.op, r]));
  return clientFrom(async (method, args) => {
    const route = routeOf.get(method);
    if (route === undefined) throw new HackBridgeError('HB_INTERNAL', `No HTTP route for ${method}`);
    const request = route.toRequest(args);
    const query = new URLSearchParams(request.query ?? {}).toString();
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${request.path}${query === '' ? '' : `?${query}`}`, {
      method: route.method,
      headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (response.ok) return body;
    const error = errorBodySchema.safeParse(body);
    if (error.success) throw errorFromBody(error.data, response.status);
    throw new HackBridgeError('HB_INTERNAL', `HTTP ${response.status} without an error body`, {
      statusCode: response.status,
    });
  });
}
