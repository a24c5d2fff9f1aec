/**
 * The progress WebSocket's limits (red-team M1, M2, L2): sockets that never authenticate are
 * closed, sockets per IP are capped at the upgrade, a flood of messages closes the socket, large
 * messages are refused, replies are not buffered for a client that stopped reading, and the
 * token is never taken from the URL. Real server on SQLite, small limits.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { buildHttpApp, wsServerMessageSchema } from '../../src/bridge/index.js';
import type { WsServerMessage } from '../../src/bridge/index.js';
import { sendUnlessSlow } from '../../src/bridge/http/ws.js';
import { closeTestEngine, startHarness } from './harness.js';
import type { Harness, TestUser } from './harness.js';

afterAll(async () => closeTestEngine());

interface Client {
  readonly ws: WebSocket;
  readonly seen: WsServerMessage[];
  readonly closed: Promise<{ code: number; reason: string }>;
}

function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const ws = new WebSocket(url, { headers });
  const seen: WsServerMessage[] = [];
  ws.on('message', (data: Buffer) => seen.push(wsServerMessageSchema.parse(JSON.parse(data.toString()))));
  const closed = new Promise<{ code: number; reason: string }>((r) =>
    ws.once('close', (code: number, reason: Buffer) => r({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, seen, closed }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('progress WebSocket limits', () => {
  let h: Harness;
  let app: FastifyInstance;
  let url: string;
  let alice: TestUser;

  beforeAll(async () => {
    h = await startHarness('sqlite', {
      server: {
        wsAuthTimeoutMs: 300,
        wsMaxSocketsPerIp: 3,
        wsMessagesPerSecond: 5,
        wsMaxPayloadBytes: 1024,
        authFailuresPerMinute: 1000,
      },
    });
    app = await buildHttpApp({ service: h.service });
    url = (await app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws') + '/api/ws';
    alice = await h.user('alice');
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  describe('when a socket never authenticates', () => {
    it('closes it with 4401 after wsAuthTimeoutMs, saying why', async () => {
      const c = await connect(url);
      const started = Date.now();
      const { code, reason } = await c.closed;
      expect(code).toBe(4401);
      expect(reason).toBe('authentication timeout');
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(c.seen[0]).toMatchObject({ type: 'error', error: { code: 'HB_AUTH_MISSING' } });
    });

    it('keeps a socket that authenticated in time open past the deadline', async () => {
      const c = await connect(url);
      c.ws.send(JSON.stringify({ type: 'auth', token: alice.token }));
      await new Promise((r) => setTimeout(r, 600));
      expect(c.ws.readyState).toBe(WebSocket.OPEN);
      expect(c.seen[0]).toMatchObject({ type: 'ready' });
      c.ws.close();
      await c.closed;
    });
  });

  describe('when one address opens too many sockets', () => {
    it('refuses the upgrade with 429 HB_RATE_LIMITED, and admits again once one closes', async () => {
      const held = await Promise.all(
        [1, 2, 3].map(() => connect(url, { authorization: `Bearer ${alice.token}` })),
      );
      const refused = await new Promise<{ status: number; body: string; retryAfter: unknown }>(
        (resolve, reject) => {
          const ws = new WebSocket(url);
          ws.once('open', () => reject(new Error('upgraded')));
          ws.once('unexpected-response', (_req, res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d.toString()));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, body, retryAfter: res.headers['retry-after'] }),
            );
          });
          ws.once('error', () => undefined);
        },
      );
      expect(refused.status).toBe(429);
      expect(JSON.parse(refused.body)).toMatchObject({
        error: { code: 'HB_RATE_LIMITED', details: { limit: 'wsMaxSocketsPerIp', max: 3 } },
      });
      expect(refused.retryAfter).toBe('5');
      held[0]?.ws.close();
      await held[0]?.closed;
      const again = await connect(url, { authorization: `Bearer ${alice.token}` });
      for (const c of [again, ...held.slice(1)]) c?.ws.close();
      await Promise.all([again, ...held.slice(1)].map((c) => c?.closed));
    });
  });

  describe('when an authenticated client floods messages', () => {
    it('closes the socket with 1008 once it passes wsMessagesPerSecond', async () => {
      const c = await connect(url, { authorization: `Bearer ${alice.token}` });
      const msg = JSON.stringify({ type: 'subscribe', id: 'sub_doesnotexist0000000000' });
      for (let i = 0; i < 50; i++) c.ws.send(msg);
      const { code, reason } = await c.closed;
      expect(code).toBe(1008);
      expect(reason).toBe('message rate exceeded');
      expect(c.seen.some((m) => m.type === 'error' && m.error.code === 'HB_RATE_LIMITED')).toBe(true);
      // At most the bucket's worth of messages was handled (each got an error reply).
      expect(
        c.seen.filter((m) => m.type === 'error' && m.error.code === 'HB_NOT_FOUND').length,
      ).toBeLessThanOrEqual(5);
    });

    it('closes a socket whose message is larger than wsMaxPayloadBytes with 1009', async () => {
      const c = await connect(url, { authorization: `Bearer ${alice.token}` });
      c.ws.send(JSON.stringify({ type: 'auth', token: 'x'.repeat(2048) }));
      expect((await c.closed).code).toBe(1009);
    });
  });

  describe('when a client stops reading', () => {
    const target = (bufferedAmount: number, sent: string[]) => ({
      readyState: 1 as const,
      OPEN: 1 as const,
      bufferedAmount,
      send: (text: string) => void sent.push(text),
    });

    it('sends while the unsent replies stay under wsMaxBufferedBytes', () => {
      const sent: string[] = [];
      expect(sendUnlessSlow(target(1024, sent) as never, 'a', 1024)).toBe('sent');
      expect(sent).toEqual(['a']);
    });

    it('sends nothing more and reports a slow reader past it', () => {
      const sent: string[] = [];
      expect(sendUnlessSlow(target(1025, sent) as never, 'a', 1024)).toBe('slow');
      expect(sent).toEqual([]);
    });
  });

  describe('the token in the URL', () => {
    it('is not accepted: the socket still has to authenticate', async () => {
      const c = await connect(`${url}?token=${alice.token}`);
      const { code } = await c.closed;
      expect(code).toBe(4401);
      expect(c.seen.some((m) => m.type === 'ready')).toBe(false);
    });
  });
});
