/**
 * Token revocation over HTTP and the progress WebSocket, on SQLite and PostgreSQL: a token
 * revoked by this server is refused at once, one revoked by another process (another store
 * connection, which the server's authenticator is not told about) within `server.authCacheMs`,
 * and the user's other tokens keep working unless all were revoked.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { buildHttpApp, errorBodySchema, wsServerMessageSchema } from '../../src/bridge/index.js';
import type { WsServerMessage } from '../../src/bridge/index.js';
import { hashToken, issueToken } from '../../src/service/index.js';
import { createStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { closeTestEngine, startHarness } from './harness.js';
import type { Backend, Harness, TestUser } from './harness.js';

afterAll(async () => closeTestEngine());

const AUTH_CACHE_MS = 200;

describe.each<Backend>(['sqlite', 'postgres'])('token revocation on %s', (backend) => {
  let h: Harness;
  let app: FastifyInstance;
  /** Another connection to the same database: revocations through it are "another process". */
  let elsewhere: Store;
  let wsUrl: string;

  beforeAll(async () => {
    h = await startHarness(backend, { server: { authCacheMs: AUTH_CACHE_MS } });
    app = await buildHttpApp({ service: h.service });
    elsewhere = await createStore(h.config.store.url);
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    wsUrl = address.replace(/^http/, 'ws') + '/api/ws';
  });
  afterAll(async () => {
    await app?.close();
    await elsewhere?.close();
    await h?.close();
  });

  const me = async (token: string): Promise<{ status: number; code?: string }> => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.statusCode === 200) return { status: 200 };
    return { status: res.statusCode, code: errorBodySchema.parse(JSON.parse(res.body)).error.code };
  };
  const idOf = async (token: string): Promise<string> =>
    (await elsewhere.findToken(hashToken(token)))?.token.id ?? 'missing';
  const withSecond = async (u: TestUser): Promise<string> =>
    issueToken(h.service.store, u.actor.id, 'second');

  describe('over HTTP', () => {
    it('refuses a token revoked by this server at once, and the user’s other token still works', async () => {
      const alice = await h.user('alice');
      const second = await withSecond(alice);
      expect(await me(alice.token)).toEqual({ status: 200 });
      expect(await h.service.revokeToken(await idOf(alice.token))).toBe(true);
      expect(await me(alice.token)).toEqual({ status: 401, code: 'HB_AUTH_REVOKED' });
      expect(await me(second)).toEqual({ status: 200 });
    });

    it('refuses a token revoked by another process within server.authCacheMs', async () => {
      const bea = await h.user('bea');
      const second = await withSecond(bea);
      expect(await me(bea.token)).toEqual({ status: 200 });
      const revokedAt = Date.now();
      expect(await elsewhere.revokeToken(await idOf(bea.token))).toBe(true);
      let refused: { status: number; code?: string } = { status: 200 };
      while (refused.status === 200 && Date.now() - revokedAt < 5_000) {
        await new Promise((r) => setTimeout(r, 20));
        refused = await me(bea.token);
      }
      expect(refused).toEqual({ status: 401, code: 'HB_AUTH_REVOKED' });
      // Bounded: the cache time plus a wide margin for a loaded 2-core machine (not a timing test).
      expect(Date.now() - revokedAt).toBeLessThan(AUTH_CACHE_MS + 2_000);
      expect(await me(second)).toEqual({ status: 200 });
    });

    it('refuses every token of a user after revoking them all, and no one else’s', async () => {
      const cy = await h.user('cy');
      const second = await withSecond(cy);
      const dan = await h.user('dan');
      for (const t of [cy.token, second, dan.token]) expect((await me(t)).status).toBe(200);
      expect(await h.service.revokeUserTokens(cy.actor.id)).toBe(2);
      expect(await me(cy.token)).toEqual({ status: 401, code: 'HB_AUTH_REVOKED' });
      expect(await me(second)).toEqual({ status: 401, code: 'HB_AUTH_REVOKED' });
      expect(await me(dan.token)).toEqual({ status: 200 });
    });
  });

  describe('over the progress WebSocket', () => {
    const open = async (
      token: string,
    ): Promise<{ ws: WebSocket; seen: WsServerMessage[]; closed: Promise<number> }> => {
      const ws = new WebSocket(wsUrl, { headers: { authorization: `Bearer ${token}` } });
      const seen: WsServerMessage[] = [];
      ws.on('message', (data: Buffer) => seen.push(wsServerMessageSchema.parse(JSON.parse(data.toString()))));
      const closed = new Promise<number>((r) => ws.once('close', (code: number) => r(code)));
      await new Promise((r) => ws.once('open', r));
      for (let i = 0; i < 100 && !seen.some((m) => m.type === 'ready'); i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(seen[0]).toMatchObject({ type: 'ready' });
      return { ws, seen, closed };
    };
    const revokedError = { type: 'error', error: { code: 'HB_AUTH_REVOKED' } };

    it('closes a socket with 4401 at its next message after the token is revoked', async () => {
      const eve = await h.user('eve');
      const { ws, seen, closed } = await open(eve.token);
      await h.service.revokeToken(await idOf(eve.token));
      ws.send(JSON.stringify({ type: 'subscribe', id: 'sub_anything' }));
      expect(await closed).toBe(4401);
      expect(seen.at(-1)).toMatchObject(revokedError);
    });

    it('closes a socket that only listens within the bound after another process revokes its token', async () => {
      const fin = await h.user('fin');
      const second = await withSecond(fin);
      const listening = await open(fin.token);
      const other = await open(second);
      const revokedAt = Date.now();
      await elsewhere.revokeToken(await idOf(fin.token));
      expect(await listening.closed).toBe(4401);
      // Bounded: authCacheMs + the re-check interval (at least 1 s), plus a wide margin.
      expect(Date.now() - revokedAt).toBeLessThan(AUTH_CACHE_MS + 1_000 + 2_000);
      expect(listening.seen.at(-1)).toMatchObject(revokedError);
      // The user's other token keeps its socket.
      expect(other.ws.readyState).toBe(WebSocket.OPEN);
      other.ws.close();
    });
  });
});
