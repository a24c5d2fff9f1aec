/**
 * The task statement without Markdown on the critical path: react-markdown (with micromark
 * and the HTML schemas) is about half the task page's JavaScript work, so it lives in its own
 * chunk, fetched as soon as the task page's code runs (alongside the task request). Until it
 * has arrived the statement shows as plain wrapped text — the same words, never raw HTML — and
 * the editor does not wait for it.
 */
import { useEffect, useState } from 'react';
import type { StatementMarkdown } from './Markdown.js';

type Renderer = typeof StatementMarkdown;

let loaded: Renderer | undefined;
let loading: Promise<Renderer> | undefined;

/** Starts fetching the Markdown renderer (idempotent; a failed fetch is retried next time). */
export function preloadStatement(): Promise<Renderer> {
  loading ??= import('./Markdown.js').then(
    (m) => (loaded = m.StatementMarkdown),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

export function Statement(props: { readonly source: string; readonly testId?: string }) {
  const [Renderer, setRenderer] = useState<Renderer | undefined>(() => loaded);
  useEffect(() => {
    if (Renderer !== undefined) return;
    let live = true;
    preloadStatement().then(
      (r) => live && setRenderer(() => r),
      () => undefined, // stays plain text: still every word of the statement
    );
    return () => {
      live = false;
    };
  }, [Renderer]);
  if (Renderer !== undefined) return <Renderer {...props} />;
  return (
    <div className="markdown statement-plain" data-testid={props.testId}>
      <p>{props.source}</p>
    </div>
  );
}
