/** Sign-in (server mode): paste an API token; it is checked with getUserData() before it is kept. */
import { useState } from 'react';
import type { FormEvent } from 'react';

interface SignInProps {
  readonly message?: string;
  readonly onSignIn: (token: string) => Promise<void>;
}

export function SignInScreen(props: SignInProps) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const shown = error ?? props.message;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (token.trim() === '') {
      setError('Paste your API token first.');
      return;
    }
    setBusy(true);
    setError(undefined);
    props.onSignIn(token).then(
      () => setBusy(false),
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
  };

  return (
    <div className="signin-page">
      <form className="card signin-card" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to HackBridge</h1>
        <p className="muted">
          Paste the API token your organiser gave you. It is kept only for this browser tab.
        </p>
        <label htmlFor="signin-token" className="field-label">
          API token
        </label>
        <input
          id="signin-token"
          data-testid="signin-token"
          className="input mono"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-invalid={shown !== undefined}
          aria-describedby={shown === undefined ? undefined : 'signin-error'}
        />
        {shown !== undefined && (
          <p id="signin-error" className="form-error" role="alert" data-testid="signin-error">
            {shown}
          </p>
        )}
        <button type="submit" className="button primary block" data-testid="signin-submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        <p className="muted small signin-help">
          No token yet? An organiser creates one with <code>hackbridge users create NAME</code>.
        </p>
      </form>
    </div>
  );
}
