/**
 * Progress by polling `getSubmission`: the Electron transport (no push channel) and the
 * fallback when the WebSocket cannot be used. Reports each state change and one final `done`.
 */
import type { ProgressMessage, Submission } from './types.js';

export interface PollOptions {
  readonly getSubmission: (id: string) => Promise<Submission>;
  /** Pause between polls, ms. */
  readonly intervalMs?: number;
  /** Consecutive failures before giving up with a `failed` message. */
  readonly maxFailures?: number;
}

const isFinal = (state: string): boolean => state === 'done' || state === 'failed';

export function pollSubmission(
  id: string,
  onMessage: (message: ProgressMessage) => void,
  options: PollOptions,
): () => void {
  const intervalMs = options.intervalMs ?? 500;
  const maxFailures = options.maxFailures ?? 5;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastState = '';
  let failures = 0;

  const tick = async (): Promise<void> => {
    if (stopped) return;
    try {
      const s = await options.getSubmission(id);
      failures = 0;
      if (stopped) return;
      if (isFinal(s.state)) {
        stopped = true;
        onMessage({
          type: 'done',
          id: s.id,
          state: s.state,
          result: s.result,
          ...(s.error === undefined ? {} : { error: s.error }),
        });
        return;
      }
      if (s.state !== lastState) onMessage({ type: 'progress', id: s.id, state: s.state });
      lastState = s.state;
    } catch (thrown) {
      failures++;
      if (failures >= maxFailures && !stopped) {
        stopped = true;
        const reason = thrown instanceof Error ? thrown.message : String(thrown);
        onMessage({ type: 'done', id, state: 'failed', result: undefined, error: reason });
        return;
      }
    }
    if (!stopped) timer = setTimeout(() => void tick(), intervalMs);
  };
  void tick();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
  };
}
