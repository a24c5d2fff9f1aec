/** Small shared pieces: loading and error notices, status and difficulty badges. */
import type { UiError } from '../client/index.js';

export function Loading(props: { readonly label?: string }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {props.label ?? 'Loading…'}
    </div>
  );
}

export function ErrorNotice(props: { readonly error: UiError; readonly onRetry?: () => void }) {
  return (
    <div className="notice error" role="alert">
      <strong>{props.error.message}</strong>
      <span className="muted mono"> [{props.error.code}]</span>
      {props.onRetry !== undefined && (
        <button type="button" className="button ghost small" onClick={props.onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

const tone: Readonly<Record<string, string>> = {
  success: 'good',
  passed: 'good',
  accepted: 'good',
  done: 'good',
  partial: 'warn',
  queued: 'neutral',
  running: 'neutral',
  timeout: 'bad',
  memory_limit: 'bad',
  output_limit: 'bad',
  runtime_error: 'bad',
  syntax_error: 'bad',
  security_violation: 'bad',
  internal_error: 'bad',
  failed: 'bad',
  rejected: 'bad',
  error: 'bad',
};

export const statusLabel = (status: string): string =>
  (status.charAt(0).toUpperCase() + status.slice(1)).replace(/_/g, ' ');

export function StatusBadge(props: { readonly status: string; readonly testId?: string }) {
  return (
    <span className={`badge ${tone[props.status] ?? 'neutral'}`} data-testid={props.testId}>
      {statusLabel(props.status)}
    </span>
  );
}

export function DifficultyBadge(props: { readonly difficulty: string | undefined }) {
  if (props.difficulty === undefined) return null;
  return <span className={`difficulty ${props.difficulty}`}>{statusLabel(props.difficulty)}</span>;
}

/** The error the user's code raised (a Run's or a grading's): type, message and the line when known. */
export function CodeError(props: {
  readonly error: { readonly type: string; readonly message: string; readonly line: number | null };
}) {
  const { type, message, line } = props.error;
  return (
    <p className="notice error small">
      <strong>{type}</strong>: {message}
      {line !== null && ` (line ${line})`}
    </p>
  );
}
