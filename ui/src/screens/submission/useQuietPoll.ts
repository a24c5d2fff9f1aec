/**
 * Loads data, then reloads it every `intervalMs` while `pending(data)` holds — without going
 * back to a loading state, so rows never flicker. A change of `deps` starts afresh.
 */
import { useCallback, useEffect, useState } from 'react';
import { toUiError } from '../../client/index.js';
import type { UiError } from '../../client/index.js';

export interface QuietPoll<T> {
  /** The latest answer, kept while a refresh is in flight or fails. */
  readonly data: T | undefined;
  readonly error: UiError | undefined;
  readonly reload: () => void;
}

export function useQuietPoll<T>(
  load: () => Promise<T>,
  pending: (data: T) => boolean,
  intervalMs: number,
  deps: readonly unknown[],
): QuietPoll<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<UiError | undefined>(undefined);
  const [generation, setGeneration] = useState(0);

  // A new query (deps) clears what the old one showed; deps are the caller's query.
  useEffect(() => {
    setData(undefined);
    setError(undefined);
  }, deps);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    load().then(
      (next) => {
        if (!live) return;
        setData(next);
        setError(undefined);
        if (pending(next)) timer = setTimeout(() => setGeneration((g) => g + 1), intervalMs);
      },
      (e: unknown) => {
        if (live) setError(toUiError(e));
      },
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, reload };
}
