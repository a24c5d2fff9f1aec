/**
 * Catches what a screen throws while rendering, most often a lazily loaded chunk that is gone
 * because the server was updated since the page loaded, and offers a reload instead of a
 * blank page.
 */
import { Component } from 'react';
import type { ReactNode } from 'react';

interface Props {
  readonly children: ReactNode;
  /** A change (the route) clears the error. */
  readonly resetKey: string;
}

interface State {
  readonly error: Error | undefined;
  readonly key: string;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: undefined, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey === state.key ? null : { error: undefined, key: props.resetKey };
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    return (
      <div className="card notice-page" role="alert">
        <h1>This page could not be shown</h1>
        <p className="muted">
          {error.message}. If HackBridge was just updated, reloading the page fetches the new version.
        </p>
        <button type="button" className="button primary" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}
