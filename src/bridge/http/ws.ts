/**
 * `GET /api/ws`: pushes a submission's progress. Authentication, in order of preference: the
 * `Authorization: Bearer` header (server-side clients), a first message
 * `{"type":"auth","token"}` (browsers, which cannot set headers on a WebSocket and should keep
 * tokens out of URLs and logs), or `?token=` (for quick tools; it may end up in proxy logs).
 * Then `{"type":"subscribe","id"}`; the server answers with the stored state at once and then
 * `{"type":"progress",id,state,test?,of?}` up to one final `{"type":"done",id,state,result?}`.
 * A participant may subscribe only to their own submissions (others look unknown, as in HTTP).
 *
 * The token is checked again before every later message and every `server.authCacheMs`
 * (at least every second) while the socket is open: a revoked token gets an `error`
 * (`HB_AUTH_REVOKED`) and close code 4401 at its next message, or within authCacheMs + that
 * interval (2 s by default) on a socket that only listens.
 */
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { HackBridgeError, isHackBridgeError } from '../../common/index.js';
import type { Actor, ProgressEvent, Service, Submission } from '../../service/index.js';
import { wsClientMessageSchema } from '../contract.js';
import type { WsServerMessage } from '../contract.js';
import { mapError } from '../errors.js';
import { bearerToken } from './auth.js';

/** Close code for a failed authentication (4000–4999 are the application's). */
export const WS_CLOSE_UNAUTHORIZED = 4401;

const isFinal = (state: string): boolean => state === 'done' || state === 'failed';

/** Close code when the server cannot check the token (store down): fail closed, try again later. */
const WS_CLOSE_INTERNAL = 1011;

/** Open subscriptions per socket: enough for a UI, too few to hold a server's memory hostage. */
export const WS_MAX_SUBSCRIPTIONS = 100;

/** How often an open socket re-checks its token, in ms: the cache time, but at least 1 s. */
export function wsRecheckMs(authCacheMs: number): number {
  return Math.max(authCacheMs, 1_000);
}

export function registerProgressSocket(app: FastifyInstance, service: Service): void {
  app.get('/api/ws', { websocket: true }, (socket: WebSocket, req) => {
    const production = service.config.telemetry.production;
    let actor: Actor | undefined;
    let loginToken: string | undefined;
    const subscriptions = new Map<string, () => void>();
    const send = (message: WsServerMessage): void => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
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

    const login = async (token: string | undefined): Promise<void> => {
      try {
        actor = await service.authenticate(token);
        loginToken = token;
        send({ type: 'ready', user: actor });
      } catch (thrown) {
        sendError(thrown);
        socket.close(WS_CLOSE_UNAUTHORIZED, 'unauthorized');
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
        socket.close(
          auth ? WS_CLOSE_UNAUTHORIZED : WS_CLOSE_INTERNAL,
          auth ? 'unauthorized' : 'server error',
        );
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
        return void socket.close(WS_CLOSE_UNAUTHORIZED, 'unauthorized');
      }
      if (m.type === 'subscribe') return subscribe(actor, m.id);
      subscriptions.get(m.id)?.();
      subscriptions.delete(m.id);
    };

    // Messages are handled strictly in order: a subscribe right after an auth waits for it.
    let chain: Promise<void> = Promise.resolve();
    socket.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      chain = chain.then(() => handle(text)).catch(sendError);
    });
    // A socket that only listens sends no messages: re-check on a timer too, in the same chain.
    const recheck = setInterval(() => {
      chain = chain.then(async () => void (await stillAuthorised())).catch(sendError);
    }, wsRecheckMs(service.config.server.authCacheMs));
    socket.on('close', () => {
      clearInterval(recheck);
      for (const unsubscribe of subscriptions.values()) unsubscribe();
      subscriptions.clear();
    });

    const query = req.query as Record<string, unknown>;
    const token =
      bearerToken(req.headers) ?? (typeof query['token'] === 'string' ? query['token'] : undefined);
    if (token !== undefined) chain = chain.then(() => login(token));
  });
}
