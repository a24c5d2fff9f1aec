/**
 * `GET /api/ws`: pushes a submission's progress. Authentication: the `Authorization: Bearer`
 * header (server-side clients) or a first message `{"type":"auth","token"}` (browsers, which
 * cannot set headers on a WebSocket). Never a `?token=` query: URLs end up in proxy and access
 * logs. Then `{"type":"subscribe","id"}`; the server answers with the stored state at once and
 * then `{"type":"progress",id,state,test?,of?}` up to one final `{"type":"done",id,state,result?}`.
 * A participant may subscribe only to their own submissions (others look unknown, as in HTTP).
 *
 * The token is checked again before every later message and every `server.authCacheMs`
 * (at least every second) while the socket is open: a revoked token gets an `error`
 * (`HB_AUTH_REVOKED`) and close code 4401 at its next message, or within authCacheMs + that
 * interval (2 s by default) on a socket that only listens.
 *
 * Limits (red-team M1/M2: idle sockets held forever, an unbounded message queue and reply
 * buffer): a socket that has not authenticated within `server.wsAuthTimeoutMs` is closed with
 * 4401; sockets per client IP and in total are capped (`wsMaxSocketsPerIp`, `wsMaxSockets`; the
 * upgrade is refused with 429 HB_RATE_LIMITED); each socket may send `wsMessagesPerSecond`
 * messages of at most `wsMaxPayloadBytes`, have `WS_MAX_PENDING` of them waiting and
 * `WS_MAX_SUBSCRIPTIONS` subscriptions, and is closed with 1008 beyond that, or when more than
 * `wsMaxBufferedBytes` of replies wait for a client that does not read.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { HackBridgeError, isHackBridgeError } from '../../common/index.js';
import type { Actor, ProgressEvent, Service, Submission } from '../../service/index.js';
import { wsClientMessageSchema } from '../contract.js';
import type { WsServerMessage } from '../contract.js';
import { mapError } from '../errors.js';
import { bearerToken } from './auth.js';
import { createMessageBucket, createSocketCounter } from './throttle.js';
import type { AuthThrottle } from './throttle.js';

/** Close code for a failed authentication (4000–4999 are the application's). */
export const WS_CLOSE_UNAUTHORIZED = 4401;

/** RFC 6455 policy violation: too many or too large messages, a client that does not read. */
export const WS_CLOSE_POLICY = 1008;

/** RFC 6455 "try again later": the server holds its maximum of sockets. */
export const WS_CLOSE_TRY_LATER = 1013;

const isFinal = (state: string): boolean => state === 'done' || state === 'failed';

/** Close code when the server cannot check the token (store down): fail closed, try again later. */
const WS_CLOSE_INTERNAL = 1011;

/** Open subscriptions per socket: enough for a UI, too few to hold a server's memory hostage. */
export const WS_MAX_SUBSCRIPTIONS = 100;

/**
 * Messages received but not yet handled (each waits for the one before it, e.g. a subscribe
 * for its auth): a client that sends faster than the store answers is closed, not queued.
 */
export const WS_MAX_PENDING = 16;

/** After a policy close, how long a client that does not read gets before the TCP socket is cut. */
const CLOSE_GRACE_MS = 1_000;

/** How often an open socket re-checks its token, in ms: the cache time, but at least 1 s. */
export function wsRecheckMs(authCacheMs: number): number {
  return Math.max(authCacheMs, 1_000);
}

/** The part of a `ws` socket `sendUnlessSlow` needs (tests pass a stand-in). */
export type SendTarget = Pick<WebSocket, 'readyState' | 'OPEN' | 'bufferedAmount' | 'send'>;

/**
 * Sends `text` unless the socket is closing or already holds more than `maxBufferedBytes` of
 * unsent data: a client that stopped reading would otherwise make every reply pile up here.
 */
export function sendUnlessSlow(
  socket: SendTarget,
  text: string,
  maxBufferedBytes: number,
): 'sent' | 'slow' | 'closed' {
  if (socket.readyState !== socket.OPEN) return 'closed';
  if (socket.bufferedAmount > maxBufferedBytes) return 'slow';
  socket.send(text);
  return 'sent';
}

export interface ProgressSocketOptions {
  /** Failed logins per client IP, shared with the HTTP routes. */
  readonly authThrottle: AuthThrottle;
}

export function registerProgressSocket(
  app: FastifyInstance,
  service: Service,
  options: ProgressSocketOptions,
): void {
  const server = service.config.server;
  const { authThrottle } = options;
  const sockets = createSocketCounter({ maxTotal: server.wsMaxSockets, maxPerIp: server.wsMaxSocketsPerIp });

  // Refused before the upgrade, as a plain HTTP 429 (no socket, no timers, no frames).
  const admit = async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => sockets.admit(req.ip);

  app.get('/api/ws', { websocket: true, preValidation: admit }, (socket: WebSocket, req) => {
    const production = service.config.telemetry.production;
    const ip = req.ip;
    let actor: Actor | undefined;
    let loginToken: string | undefined;
    const subscriptions = new Map<string, () => void>();

    /** Closes with a code the client can read, and cuts the TCP socket if it does not read. */
    const closeWith = (code: number, reason: string): void => {
      if (socket.readyState === socket.OPEN) socket.close(code, reason);
      setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
    };
    const send = (message: WsServerMessage): void => {
      const sent = sendUnlessSlow(socket, JSON.stringify(message), server.wsMaxBufferedBytes);
      if (sent === 'slow') closeWith(WS_CLOSE_POLICY, 'slow reader');
    };
    const sendError = (thrown: unknown): void =>
      send({ type: 'error', error: mapError(thrown, { production }).body.error });
    const sendDone = (s: Submission): void =>
      send({
        type: 'done',
        id: s.id,
        state: s.state,
        result: s.result,
        ...(s.error === undefined ? {} : { error: s.error }),
      });

    // Checked again here: several upgrades may have passed `admit` at once.
    try {
      sockets.admit(ip);
    } catch (thrown) {
      sendError(thrown);
      return closeWith(WS_CLOSE_TRY_LATER, 'too many sockets');
    }
    const release = sockets.open(ip);

    let recheck: NodeJS.Timeout | undefined;
    const authDeadline = setTimeout(() => {
      if (actor !== undefined) return;
      sendError(
        new HackBridgeError('HB_AUTH_MISSING', `Authenticate within ${server.wsAuthTimeoutMs} ms`, {
          statusCode: 401,
          details: { timeoutMs: server.wsAuthTimeoutMs },
        }),
      );
      closeWith(WS_CLOSE_UNAUTHORIZED, 'authentication timeout');
    }, server.wsAuthTimeoutMs);

    const login = async (token: string | undefined): Promise<void> => {
      try {
        authThrottle.check(ip);
        try {
          actor = await service.authenticate(token);
        } catch (thrown) {
          if (isHackBridgeError(thrown) && thrown.statusCode === 401) authThrottle.failed(ip);
          throw thrown;
        }
        loginToken = token;
        clearTimeout(authDeadline);
        send({ type: 'ready', user: actor });
        // A socket that only listens sends no messages: re-check on a timer too, in the same chain.
        recheck = setInterval(() => {
          enqueue(async () => void (await stillAuthorised()));
        }, wsRecheckMs(server.authCacheMs));
      } catch (thrown) {
        sendError(thrown);
        closeWith(WS_CLOSE_UNAUTHORIZED, 'unauthorized');
      }
    };

    /** False (and the socket closing) once the token no longer authenticates. */
    const stillAuthorised = async (): Promise<boolean> => {
      if (actor === undefined || socket.readyState !== socket.OPEN) return actor !== undefined;
      try {
        actor = await service.authenticate(loginToken);
        return true;
      } catch (thrown) {
        actor = undefined;
        sendError(thrown);
        const auth = isHackBridgeError(thrown) && thrown.statusCode === 401;
        closeWith(auth ? WS_CLOSE_UNAUTHORIZED : WS_CLOSE_INTERNAL, auth ? 'unauthorized' : 'server error');
        return false;
      }
    };
    const subscribe = async (who: Actor, id: string): Promise<void> => {
      if (subscriptions.has(id)) return;
      if (subscriptions.size >= WS_MAX_SUBSCRIPTIONS)
        throw new HackBridgeError(
          'HB_VALIDATION',
          `At most ${WS_MAX_SUBSCRIPTIONS} subscriptions per socket`,
          {
            statusCode: 400,
            details: { limit: WS_MAX_SUBSCRIPTIONS },
          },
        );
      let initialSent = false;
      let finished = false;
      const early: ProgressEvent[] = [];
      const finish = async (): Promise<void> => {
        if (finished) return;
        finished = true;
        subscriptions.get(id)?.();
        subscriptions.delete(id);
        sendDone(await service.forUser(who).getSubmission(id));
      };
      const onEvent = (e: ProgressEvent): void => {
        if (!initialSent) return void early.push(e);
        if (finished) return;
        if (isFinal(e.state)) return void finish().catch(sendError);
        send({
          type: 'progress',
          id,
          state: e.state,
          ...(e.test === undefined ? {} : { test: e.test }),
          ...(e.of === undefined ? {} : { of: e.of }),
        });
      };
      const { submission, unsubscribe } = await service.watchSubmission(who, id, onEvent);
      subscriptions.set(id, unsubscribe);
      initialSent = true;
      if (isFinal(submission.state)) {
        finished = true;
        unsubscribe();
        subscriptions.delete(id);
        return sendDone(submission);
      }
      send({ type: 'progress', id, state: submission.state });
      for (const e of early.splice(0)) onEvent(e);
    };

    const handle = async (raw: string): Promise<void> => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        parsed = undefined;
      }
      const message = wsClientMessageSchema.safeParse(parsed);
      if (!message.success)
        throw new HackBridgeError('HB_VALIDATION', 'Unknown WebSocket message', {
          statusCode: 400,
          details: {
            issues: message.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
          },
        });
      const m = message.data;
      if (m.type === 'auth') return actor === undefined ? login(m.token) : undefined;
      if (actor !== undefined && !(await stillAuthorised())) return;
      if (actor === undefined) {
        sendError(new HackBridgeError('HB_AUTH_MISSING', 'Authenticate first', { statusCode: 401 }));
        return closeWith(WS_CLOSE_UNAUTHORIZED, 'unauthorized');
      }
      if (m.type === 'subscribe') return subscribe(actor, m.id);
      subscriptions.get(m.id)?.();
      subscriptions.delete(m.id);
    };

    // Messages are handled strictly in order (a subscribe right after an auth waits for it), but
    // never queued without bound: a client over its rate or its pending messages is closed.
    let chain: Promise<void> = Promise.resolve();
    let pending = 0;
    const enqueue = (task: () => Promise<void>): void => {
      pending += 1;
      chain = chain
        .then(task)
        .catch(sendError)
        .finally(() => void (pending -= 1));
    };
    const allowMessage = createMessageBucket(server.wsMessagesPerSecond);
    socket.on('message', (data: Buffer) => {
      if (socket.readyState !== socket.OPEN) return;
      if (!allowMessage() || pending >= WS_MAX_PENDING) {
        sendError(
          new HackBridgeError('HB_RATE_LIMITED', 'Too many WebSocket messages', {
            statusCode: 429,
            details: { limit: 'wsMessagesPerSecond', max: server.wsMessagesPerSecond, retryAfterS: 1 },
          }),
        );
        return closeWith(WS_CLOSE_POLICY, 'message rate exceeded');
      }
      const text = data.toString('utf8');
      enqueue(() => handle(text));
    });
    socket.on('close', () => {
      release();
      clearTimeout(authDeadline);
      clearInterval(recheck);
      for (const unsubscribe of subscriptions.values()) unsubscribe();
      subscriptions.clear();
    });

    const token = bearerToken(req.headers);
    if (token !== undefined) enqueue(() => login(token));
  });
}
