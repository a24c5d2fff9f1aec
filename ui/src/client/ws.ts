/**
 * Progress over the `/api/ws` WebSocket: `{type:'auth', token}` first (browsers cannot set
 * headers on a WebSocket and tokens stay out of URLs), then `{type:'subscribe', id}`. A
 * dropped socket is reopened a few times with growing pauses; after that, or when WebSockets
 * are unavailable or refused, progress falls back to polling `getSubmission`.
 */
import type { ProgressMessage, WsServerMessage } from './types.js';

/** The part of the browser WebSocket this module uses (tests pass a fake). */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface WsSubscribeOptions {
  readonly url: string;
  readonly token: () => string | undefined;
  readonly open?: (url: string) => SocketLike;
  /** Polling fallback: same callback contract as subscribe. */
  readonly fallback: (id: string, onMessage: (m: ProgressMessage) => void) => () => void;
  /** Reconnect attempts before falling back. */
  readonly retries?: number;
  /** First reconnect pause, ms (doubles each time). */
  readonly backoffMs?: number;
}

/** The server closes with 4401 when the token is refused. */
const CLOSE_UNAUTHORIZED = 4401;

function parseMessage(data: unknown): WsServerMessage | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const m = JSON.parse(data) as { type?: unknown };
    return typeof m === 'object' && m !== null && typeof m.type === 'string'
      ? (m as WsServerMessage)
      : undefined;
  } catch {
    return undefined;
  }
}

export function wsSubscribe(
  id: string,
  onMessage: (message: ProgressMessage) => void,
  options: WsSubscribeOptions,
): () => void {
  const open = options.open ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const retries = options.retries ?? 3;
  const backoffMs = options.backoffMs ?? 500;
  let socket: SocketLike | undefined;
  let stopFallback: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let finished = false;

  const finish = (): void => {
    finished = true;
    if (timer !== undefined) clearTimeout(timer);
    const s = socket;
    socket = undefined;
    if (s !== undefined) {
      s.onclose = null;
      s.onerror = null;
      s.onmessage = null;
      s.close(1000, 'done');
    }
  };

  const fallBack = (): void => {
    if (finished || stopFallback !== undefined) return;
    finish();
    stopFallback = options.fallback(id, onMessage);
  };

  const connect = (): void => {
    const token = options.token();
    let s: SocketLike;
    try {
      s = open(options.url);
    } catch {
      return fallBack();
    }
    socket = s;
    s.onopen = () => {
      if (token !== undefined) s.send(JSON.stringify({ type: 'auth', token }));
      // The server handles messages in order: the subscribe waits for the auth.
      s.send(JSON.stringify({ type: 'subscribe', id }));
    };
    s.onmessage = (ev) => {
      const m = parseMessage(ev.data);
      if (m === undefined) return;
      if (m.type === 'ready') attempt = 0;
      if ((m.type === 'progress' || m.type === 'done') && m.id === id) {
        attempt = 0;
        if (m.type === 'done') finish();
        onMessage(m);
      }
      if (m.type === 'error') fallBack(); // polling reports the failure through the normal error path
    };
    s.onerror = () => undefined; // onclose follows
    s.onclose = (ev) => {
      if (finished || socket !== s) return;
      socket = undefined;
      if (ev.code === CLOSE_UNAUTHORIZED || attempt >= retries) return fallBack();
      const pause = backoffMs * 2 ** attempt;
      attempt++;
      timer = setTimeout(connect, pause);
    };
  };

  connect();
  return () => {
    finish();
    stopFallback?.();
  };
}

/** `ws(s)://<host>/api/ws` for the page's own origin. */
export function progressSocketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`;
}
