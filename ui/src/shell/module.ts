/**
 * A lazily loaded module without Suspense. React throttles the reveal of a suspended boundary
 * (up to 300 ms after its fallback appeared), which on the task page alone cost more than the
 * chunk itself; a plain state update when the chunk arrives commits at once, and a chunk that
 * already arrived (preloaded while the session and the task were fetched) renders directly.
 */
import { useEffect, useState } from 'react';

export interface LazyModule<T> {
  /** Starts loading (idempotent; a failed load is retried on the next call). */
  load(): Promise<T>;
  /** The module if it has arrived. */
  peek(): T | undefined;
}

export function lazyModule<T>(importer: () => Promise<T>): LazyModule<T> {
  let value: T | undefined;
  let pending: Promise<T> | undefined;
  return {
    load() {
      pending ??= importer().then(
        (v) => (value = v),
        (error: unknown) => {
          pending = undefined;
          throw error;
        },
      );
      return pending;
    },
    peek: () => value,
  };
}

/**
 * The module once loaded (undefined until then). A failed load is thrown while rendering, so
 * the screen's error boundary offers a reload.
 */
export function useLazyModule<T>(m: LazyModule<T>): T | undefined {
  const [state, setState] = useState<{ value?: T; error?: unknown }>(() => {
    const value = m.peek();
    return value === undefined ? {} : { value };
  });
  useEffect(() => {
    if (state.value !== undefined) return;
    let live = true;
    m.load().then(
      (value) => live && setState({ value }),
      (error: unknown) => live && setState({ error }),
    );
    return () => {
      live = false;
    };
  }, [m, state.value]);
  if (state.error !== undefined) throw state.error;
  return state.value;
}
