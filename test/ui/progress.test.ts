import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pollSubmission } from '../../ui/src/client/poll.js';
import type { ProgressMessage, Submission } from '../../ui/src/client/types.js';
import { progressSocketUrl, wsSubscribe } from '../../ui/src/client/ws.js';
import type { SocketLike } from '../../ui/src/client/ws.js';

class FakeSocket implements SocketLike {
  sent: unknown[] = [];
  closed = false;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.closed = true;
  }
  push(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

const submission = (state: Submission['state']): Submission => ({
  id: 's1',
  taskId: 't',
  userId: 'u',
  state,
  createdAt: '2026-01-01T00:00:00Z',
});

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('wsSubscribe', () => {
  function setup(retries = 2) {
    const sockets: FakeSocket[] = [];
    const messages: ProgressMessage[] = [];
    const fallback = vi.fn(() => () => undefined);
    const stop = wsSubscribe('s1', (m) => messages.push(m), {
      url: 'ws://h/api/ws',
      token: () => 'tok',
      open: () => {
        const s = new FakeSocket();
        sockets.push(s);
        return s;
      },
      fallback,
      retries,
      backoffMs: 100,
    });
    return { sockets, messages, fallback, stop };
  }

  it('authenticates first, then subscribes, and forwards progress until done', () => {
    const { sockets, messages, fallback } = setup();
    const s = sockets[0]!;
    s.onopen?.({});
    expect(s.sent).toEqual([
      { type: 'auth', token: 'tok' },
      { type: 'subscribe', id: 's1' },
    ]);
    s.push({ type: 'ready', user: { id: 'u', name: 'n', role: 'participant' } });
    s.push({ type: 'progress', id: 's1', state: 'running', test: 2, of: 5 });
    s.push({ type: 'progress', id: 'other', state: 'running' });
    s.push({ type: 'done', id: 's1', state: 'done', result: undefined });
    expect(messages.map((m) => m.type)).toEqual(['progress', 'done']);
    expect(messages[0]).toMatchObject({ test: 2, of: 5 });
    expect(s.closed).toBe(true);
    expect(fallback).not.toHaveBeenCalled();
  });

  it('reconnects with growing pauses when the socket drops, then falls back to polling', () => {
    const { sockets, fallback } = setup(2);
    sockets[0]!.onclose?.({ code: 1006 });
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
    sockets[1]!.onclose?.({ code: 1006 });
    vi.advanceTimersByTime(199);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    sockets[2]!.onclose?.({ code: 1006 });
    expect(fallback).toHaveBeenCalledOnce();
  });

  it('falls back at once when the server refuses the token', () => {
    const { sockets, fallback } = setup();
    sockets[0]!.push({ type: 'error', error: { code: 'HB_AUTH_MISSING', message: 'x', details: {} } });
    sockets[0]!.onclose?.({ code: 4401 });
    expect(fallback).toHaveBeenCalledOnce();
    expect(sockets).toHaveLength(1);
  });

  it('stops cleanly when the caller unsubscribes', () => {
    const { sockets, stop, fallback } = setup();
    stop();
    expect(sockets[0]!.closed).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(fallback).not.toHaveBeenCalled();
  });

  it('derives the socket URL from the page origin', () => {
    expect(progressSocketUrl({ protocol: 'https:', host: 'a.b:8443' })).toBe('wss://a.b:8443/api/ws');
    expect(progressSocketUrl({ protocol: 'http:', host: 'localhost:8080' })).toBe(
      'ws://localhost:8080/api/ws',
    );
  });
});

describe('pollSubmission', () => {
  it('reports each state change once and a final done', async () => {
    const states: Submission['state'][] = ['queued', 'queued', 'running', 'done'];
    const getSubmission = vi.fn(async () => submission(states.shift() ?? 'done'));
    const messages: ProgressMessage[] = [];
    pollSubmission('s1', (m) => messages.push(m), { getSubmission, intervalMs: 50 });
    await vi.advanceTimersByTimeAsync(500);
    expect(messages.map((m) => `${m.type}:${m.state}`)).toEqual([
      'progress:queued',
      'progress:running',
      'done:done',
    ]);
    expect(getSubmission).toHaveBeenCalledTimes(4);
  });

  it('gives up with a failed message after repeated errors', async () => {
    const getSubmission = vi.fn(async () => Promise.reject(new Error('offline')));
    const messages: ProgressMessage[] = [];
    pollSubmission('s1', (m) => messages.push(m), { getSubmission, intervalMs: 10, maxFailures: 3 });
    await vi.advanceTimersByTimeAsync(200);
    expect(messages).toEqual([
      { type: 'done', id: 's1', state: 'failed', result: undefined, error: 'offline' },
    ]);
    expect(getSubmission).toHaveBeenCalledTimes(3);
  });
});
