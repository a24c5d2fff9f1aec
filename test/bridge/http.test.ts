/**
 * The HTTP transport beyond the contract: authentication and roles, the error shape for every
 * failure (ours and Fastify's), rate limits, Prometheus metrics, health, OpenAPI and the
 * progress WebSocket — against SQLite and PostgreSQL.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { buildHttpApp, errorBodySchema, wsServerMessageSchema } from '../../src/bridge/index.js';
import type { WsServerMessage } from '../../src/bridge/index.js';
import { closeTestEngine, eventually, startHarness } from './harness.js';
import type { Backend, Harness, TestUser } from './harness.js';

afterAll(async () => closeTestEngine());

const ADD = 'def add(a, b):\n    return a + b\n';
// Slow enough that the socket subscribes while the tests are still running.
const SLOW_ADD = 'import time\n\ndef add(a, b):\n    time.sleep(0.3)\n    return a + b\n';

describe.each<Backend>(['sqlite', 'postgres'])('HTTP server on %s', (backend) => {
  let h: Harness;
  let app: FastifyInstance;
  let alice: TestUser;
  let bob: TestUser;
  let org: TestUser;

  beforeAll(async () => {
    h = await startHarness(backend, { server: { runsPerMinute: 3, bodyLimitBytes: 64 * 1024 } });
    app = await buildHttpApp({ service: h.service });
    alice = await h.user('alice');
    bob = await h.user('bob');
    org = await h.user('org', 'organiser');
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  const auth = (u: TestUser): Record<string, string> => ({ authorization: `Bearer ${u.token}` });
  const expectError = (res: { statusCode: number; body: string }, status: number, code: string): void => {
    expect(res.statusCode).toBe(status);
    const body = errorBodySchema.parse(JSON.parse(res.body));
    expect(body.error.code).toBe(code);
  };

  describe('authentication', () => {
    it('answers 401 without a token', async () => {
      expectError(await app.inject({ method: 'GET', url: '/api/me' }), 401, 'HB_AUTH_MISSING');
    });
    it('answers 401 for an unknown token', async () => {
      const res = await app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { authorization: 'Bearer hb_nope' },
      });
      expectError(res, 401, 'HB_AUTH_MISSING');
    });
    it('answers 403 when a participant asks for metrics', async () => {
      expectError(
        await app.inject({ method: 'GET', url: '/metrics', headers: auth(alice) }),
        403,
        'HB_AUTH_FORBIDDEN',
      );
      expectError(
        await app.inject({ method: 'GET', url: '/api/metrics', headers: auth(alice) }),
        403,
        'HB_AUTH_FORBIDDEN',
      );
    });
    it("answers 404 for another user's submission", async () => {
      const post = await app.inject({
        method: 'POST',
        url: '/api/submissions',
        headers: auth(alice),
        payload: { taskId: 'add', code: ADD },
      });
      expect(post.statusCode).toBe(202);
      const { id } = JSON.parse(post.body) as { id: string };
      expectError(
        await app.inject({ method: 'GET', url: `/api/submissions/${id}`, headers: auth(bob) }),
        404,
        'HB_NOT_FOUND',
      );
      expect(
        (await app.inject({ method: 'GET', url: `/api/submissions/${id}`, headers: auth(org) })).statusCode,
      ).toBe(200);
    });
  });

  describe('errors', () => {
    it('maps invalid JSON to HB_VALIDATION', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/analyze',
        headers: { ...auth(alice), 'content-type': 'application/json' },
        payload: '{"code": ',
      });
      expectError(res, 400, 'HB_VALIDATION');
    });
    it('names the offending field of a body that does not validate', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/run',
        headers: auth(alice),
        payload: { code: 'print(1)', memoryLimit: 'lots' },
      });
      expectError(res, 400, 'HB_VALIDATION');
      expect(JSON.parse(res.body).error.details.issues[0].path).toEqual(['body', 'memoryLimit']);
    });
    it('rejects unknown body fields', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/submissions',
        headers: auth(alice),
        payload: { taskId: 'add', code: ADD, score: 100 },
      });
      expectError(res, 400, 'HB_VALIDATION');
    });
    it('answers 413 for a body over the limit', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/analyze',
        headers: auth(alice),
        payload: { code: 'x'.repeat(70 * 1024) },
      });
      expectError(res, 413, 'HB_BODY_TOO_LARGE');
    });
    it('answers 415 for a non-JSON body', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/analyze',
        headers: { ...auth(alice), 'content-type': 'application/xml' },
        payload: '<code/>',
      });
      expectError(res, 415, 'HB_MEDIA_TYPE');
    });
    it('answers an unknown route in the same shape', async () => {
      expectError(await app.inject({ method: 'GET', url: '/api/nothing-here' }), 404, 'HB_NOT_FOUND');
    });
    it('rate-limits runs per user with Retry-After', async () => {
      const run = (
        u: TestUser,
      ): Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }> =>
        app.inject({ method: 'POST', url: '/api/run', headers: auth(u), payload: { code: 'print(1)' } });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await run(bob)).statusCode);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await run(bob);
      expectError(limited, 429, 'HB_RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Another user's budget is untouched.
      expect((await run(org)).statusCode).toBe(200);
    });
  });

  describe('operations', () => {
    it('serves Prometheus metrics to organisers', async () => {
      const res = await app.inject({ method: 'GET', url: '/metrics', headers: auth(org) });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/plain');
      expect(res.body).toMatch(/^# (HELP|TYPE) /m);
    });
    it('reports health without a token', async () => {
      const res = await app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ status: 'ok', store: backend });
    });
    it('serves the OpenAPI document without a token', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(JSON.parse(res.body).openapi).toBe('3.1.0');
    });
    it('writes one telemetry event per analysis, and feeds pool and queue gauges', async () => {
      const count = (): number =>
        h.logLines.filter((l) => l['event_type'] === 'analysis' && l['user_id'] === org.actor.id).length;
      const before = count();
      await app.inject({
        method: 'POST',
        url: '/api/analyze',
        headers: auth(org),
        payload: { code: 'x = 1' },
      });
      expect(count() - before).toBe(1);
      const metrics = await app.inject({ method: 'GET', url: '/api/metrics', headers: auth(org) });
      const snapshot = JSON.parse(metrics.body) as { pool: { size: number } | null; queue: object | null };
      expect(snapshot.pool?.size).toBe(2);
      expect(snapshot.queue).not.toBeNull();
    });

    it('writes one telemetry event per run', async () => {
      const before = h.logLines.filter(
        (l) => l['event_type'] === 'run' && l['user_id'] === org.actor.id,
      ).length;
      await app.inject({
        method: 'POST',
        url: '/api/run',
        headers: auth(org),
        payload: { code: 'print(2)' },
      });
      const after = h.logLines.filter(
        (l) => l['event_type'] === 'run' && l['user_id'] === org.actor.id,
      ).length;
      expect(after - before).toBe(1);
    });
  });

  describe('progress WebSocket', () => {
    let url: string;
    beforeAll(async () => {
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      url = address.replace(/^http/, 'ws') + '/api/ws';
    });

    const collect = (ws: WebSocket): WsServerMessage[] => {
      const seen: WsServerMessage[] = [];
      ws.on('message', (data: Buffer) => seen.push(wsServerMessageSchema.parse(JSON.parse(data.toString()))));
      return seen;
    };

    it('pushes progress and one final result to the owner (token as first message)', async () => {
      const post = await app.inject({
        method: 'POST',
        url: '/api/submissions',
        headers: auth(alice),
        payload: { taskId: 'add', code: SLOW_ADD },
      });
      const { id } = JSON.parse(post.body) as { id: string };
      const ws = new WebSocket(url);
      const seen = collect(ws);
      await new Promise((r) => ws.once('open', r));
      ws.send(JSON.stringify({ type: 'auth', token: alice.token }));
      ws.send(JSON.stringify({ type: 'subscribe', id }));
      const done = await eventually(async () => seen.find((m) => m.type === 'done'), 'the done message');
      ws.close();
      expect(seen[0]).toMatchObject({ type: 'ready' });
      expect(done).toMatchObject({ type: 'done', id, state: 'done' });
      expect(done.type === 'done' && done.result?.score).toBe(100);
      expect(seen.filter((m) => m.type === 'done')).toHaveLength(1);
      const progress = seen.filter((m) => m.type === 'progress');
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.some((m) => m.type === 'progress' && m.state === 'running' && m.of === 3)).toBe(true);
    });

    it("refuses another user's submission and a missing token", async () => {
      const post = await app.inject({
        method: 'POST',
        url: '/api/submissions',
        headers: auth(alice),
        payload: { taskId: 'add', code: ADD },
      });
      const { id } = JSON.parse(post.body) as { id: string };
      const ws = new WebSocket(url, { headers: auth(bob) });
      const seen = collect(ws);
      await new Promise((r) => ws.once('open', r));
      ws.send(JSON.stringify({ type: 'subscribe', id }));
      const error = await eventually(async () => seen.find((m) => m.type === 'error'), 'an error');
      expect(error.type === 'error' && error.error.code).toBe('HB_NOT_FOUND');
      ws.close();

      const anon = new WebSocket(url);
      const anonSeen = collect(anon);
      await new Promise((r) => anon.once('open', r));
      anon.send(JSON.stringify({ type: 'subscribe', id }));
      const closed = await new Promise<number>((r) => anon.once('close', (code: number) => r(code)));
      expect(closed).toBe(4401);
      expect(anonSeen.find((m) => m.type === 'error')).toMatchObject({ error: { code: 'HB_AUTH_MISSING' } });
    });
  });
});
