/**
 * Authentication before any work, and a throttle on failures (red-team L3); no-store on API
 * responses (L5); tokens kept out of logged URLs (L2). Real server on SQLite.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { buildHttpApp, errorBodySchema } from '../../src/bridge/index.js';
import { redactUrl } from '../../src/bridge/http/app.js';
import { createAuthThrottle } from '../../src/bridge/http/throttle.js';
import { closeTestEngine, startHarness } from './harness.js';
import type { Harness, TestUser } from './harness.js';

afterAll(async () => closeTestEngine());

const codeOf = (res: { body: string }): string => errorBodySchema.parse(JSON.parse(res.body)).error.code;

describe('API authentication', () => {
  let h: Harness;
  let app: FastifyInstance;
  let alice: TestUser;
  let org: TestUser;

  beforeAll(async () => {
    h = await startHarness('sqlite', { server: { authFailuresPerMinute: 5 } });
    app = await buildHttpApp({ service: h.service });
    alice = await h.user('alice');
    org = await h.user('org', 'organiser');
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  describe('when a request has no valid token', () => {
    it('answers 401 before the body is parsed (broken JSON is never looked at)', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/run',
        headers: { 'content-type': 'application/json' },
        payload: '{"code": "print(1)", broken',
        remoteAddress: '10.0.0.1',
      });
      expect(res.statusCode).toBe(401);
      expect(codeOf(res)).toBe('HB_AUTH_MISSING');
    });

    it('answers 401 before the media type is checked', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/analyze',
        headers: { 'content-type': 'text/plain' },
        payload: 'x',
        remoteAddress: '10.0.0.2',
      });
      expect(res.statusCode).toBe(401);
    });

    it('still validates the body of an authenticated request', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/run',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${alice.token}` },
        payload: '{"code": broken',
      });
      expect(res.statusCode).toBe(400);
      expect(codeOf(res)).toBe('HB_VALIDATION');
    });
  });

  describe('when one address keeps failing to authenticate', () => {
    it('answers 429 HB_RATE_LIMITED with Retry-After past authFailuresPerMinute, even for a good token', async () => {
      const from = { remoteAddress: '10.0.0.9' };
      for (let i = 0; i < 5; i++) {
        const res = await app.inject({
          method: 'GET',
          url: '/api/me',
          headers: { authorization: `Bearer hb_wrong${i}` },
          ...from,
        });
        expect(res.statusCode).toBe(401);
      }
      const limited = await app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { authorization: 'Bearer hb_wrong' },
        ...from,
      });
      expect(limited.statusCode).toBe(429);
      expect(codeOf(limited)).toBe('HB_RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      const good = await app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { authorization: `Bearer ${alice.token}` },
        ...from,
      });
      expect(good.statusCode).toBe(429);
    });

    it('leaves other addresses and successful logins alone', async () => {
      const res = await app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { authorization: `Bearer ${alice.token}` },
        remoteAddress: '10.0.0.10',
      });
      expect(res.statusCode).toBe(200);
      for (let i = 0; i < 20; i++) {
        const ok = await app.inject({
          method: 'GET',
          url: '/api/tasks',
          headers: { authorization: `Bearer ${alice.token}` },
          remoteAddress: '10.0.0.10',
        });
        expect(ok.statusCode).toBe(200);
      }
    });

    it('counts failed WebSocket logins too, and refuses more of them', async () => {
      const url = (await app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws') + '/api/ws';
      const attempt = async (token: string): Promise<{ code: number; error?: string }> => {
        const ws = new WebSocket(url);
        let error: string | undefined;
        ws.on('message', (d: Buffer) => {
          const m = JSON.parse(d.toString()) as { type: string; error?: { code: string } };
          if (m.type === 'error') error = m.error?.code;
        });
        await new Promise((r) => ws.once('open', r));
        ws.send(JSON.stringify({ type: 'auth', token }));
        const code = await new Promise<number>((r) => ws.once('close', (c: number) => r(c)));
        return error === undefined ? { code } : { code, error };
      };
      for (let i = 0; i < 5; i++)
        expect(await attempt(`hb_bad${i}`)).toEqual({ code: 4401, error: 'HB_AUTH_MISSING' });
      expect(await attempt('hb_bad')).toEqual({ code: 4401, error: 'HB_RATE_LIMITED' });
    });
  });

  describe('caching', () => {
    it('marks API and metrics responses no-store', async () => {
      const me = await app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { authorization: `Bearer ${alice.token}` },
        remoteAddress: '10.0.0.30',
      });
      expect(me.headers['cache-control']).toBe('no-store');
      const denied = await app.inject({ method: 'GET', url: '/api/me', remoteAddress: '10.0.0.20' });
      expect(denied.headers['cache-control']).toBe('no-store');
      const metrics = await app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${org.token}` },
        remoteAddress: '10.0.0.30',
      });
      expect(metrics.statusCode).toBe(200);
      expect(metrics.headers['cache-control']).toBe('no-store');
    });
  });
});

describe('redactUrl', () => {
  it('replaces every token= value and keeps the rest of the URL', () => {
    expect(redactUrl('/api/ws?token=hb_secret&x=1')).toBe('/api/ws?token=[redacted]&x=1');
    expect(redactUrl('/api/ws?a=1&TOKEN=hb_secret')).toBe('/api/ws?a=1&TOKEN=[redacted]');
    expect(redactUrl('/api/me')).toBe('/api/me');
    expect(redactUrl('/api/x?mytoken=1')).toBe('/api/x?mytoken=1');
  });
});

describe('auth throttle', () => {
  it('refills continuously: one more failure is allowed 60/perMinute s later', () => {
    let now = 0;
    const throttle = createAuthThrottle(2, () => now);
    throttle.failed('a');
    throttle.failed('a');
    expect(() => throttle.check('a')).toThrow(/Too many failed authentications/);
    expect(() => throttle.check('b')).not.toThrow();
    now += 30_000;
    expect(() => throttle.check('a')).not.toThrow();
  });

  it('is off at 0', () => {
    const throttle = createAuthThrottle(0);
    for (let i = 0; i < 100; i++) throttle.failed('a');
    expect(() => throttle.check('a')).not.toThrow();
  });
});

describe('behind a reverse proxy', () => {
  const badLogins = async (app: FastifyInstance, clients: number): Promise<number[]> => {
    const codes: number[] = [];
    for (let i = 0; i < clients; i++) {
      const res = await app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { authorization: 'Bearer hb_wrong', 'x-forwarded-for': `203.0.113.${i + 1}` },
        remoteAddress: '127.0.0.1',
      });
      codes.push(res.statusCode);
    }
    return codes;
  };

  it('without trustProxy, every client of the proxy shares its address and its failure budget', async () => {
    const h = await startHarness('sqlite', { server: { authFailuresPerMinute: 3 } });
    const app = await buildHttpApp({ service: h.service });
    try {
      expect(await badLogins(app, 5)).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await app.close();
      await h.close();
    }
  });

  it('with trustProxy naming the proxy, each forwarded client has its own budget', async () => {
    const h = await startHarness('sqlite', {
      server: { authFailuresPerMinute: 3, trustProxy: '127.0.0.1' },
    });
    const app = await buildHttpApp({ service: h.service });
    try {
      expect(await badLogins(app, 5)).toEqual([401, 401, 401, 401, 401]);
    } finally {
      await app.close();
      await h.close();
    }
  });
});
