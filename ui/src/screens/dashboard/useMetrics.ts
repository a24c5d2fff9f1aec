/**
 * Polls `getMetrics()` every `intervalMs` while the tab is visible. The next request is
 * scheduled only after the previous one settles, so a slow server never gets a pile-up, and a
 * hidden tab costs the server nothing. A 403 stops polling for good: the role will not change.
 */
import { useEffect, useState } from 'react';
import type { MetricsSnapshot, UiClient } from '../../client/types.js';
import { errorMessage, isForbidden } from '../format.js';

export interface MetricsState {
  readonly metrics: MetricsSnapshot | undefined;
  /** The last refresh's failure; earlier figures stay on screen. */
  readonly error: string | undefined;
  readonly forbidden: boolean;
  /** The tab is hidden, so refreshing is paused. */
  readonly paused: boolean;
  /** When the figures on screen arrived (ms since epoch). */
  readonly updatedAtMs: number | undefined;
}

const initial: MetricsState = {
  metrics: undefined,
  error: undefined,
  forbidden: false,
  paused: false,
  updatedAtMs: undefined,
};

export function useMetrics(client: UiClient, intervalMs: number): MetricsState {
  const [state, setState] = useState<MetricsState>(initial);

  useEffect(() => {
    let stopped = false;
    let inFlight = false;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const schedule = (): void => {
      clearTimeout(timer);
      if (!stopped && !document.hidden) timer = setTimeout(() => void tick(), intervalMs);
    };

    const tick = async (): Promise<void> => {
      if (stopped || inFlight) return;
      inFlight = true;
      try {
        const metrics = await client.getMetrics();
        if (stopped) return;
        setState((s) => ({ ...s, metrics, error: undefined, updatedAtMs: Date.now() }));
      } catch (err) {
        if (stopped) return;
        if (isForbidden(err)) {
          stopped = true;
          setState((s) => ({ ...s, forbidden: true }));
          return;
        }
        setState((s) => ({ ...s, error: errorMessage(err) }));
      } finally {
        inFlight = false;
      }
      schedule();
    };

    const onVisibility = (): void => {
      setState((s) => ({ ...s, paused: document.hidden }));
      if (document.hidden) clearTimeout(timer);
      else void tick();
    };

    document.addEventListener('visibilitychange', onVisibility);
    setState((s) => ({ ...s, paused: document.hidden }));
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [client, intervalMs]);

  return state;
}
