/**
 * Who is signed in. Over HTTP a pasted token is checked with getUserData() before it is kept
 * (sessionStorage); any 401 afterwards ends the session with a message. In Electron there is
 * one local user and no sign-in.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createUiClient, readToken, toUiError, writeToken } from '../client/index.js';
import type { UiClient, UserData } from '../client/index.js';
import { clearDrafts, setDraftOwner } from '../lib/draft.js';

export type SessionState =
  | { readonly status: 'checking' }
  | { readonly status: 'signed-out'; readonly message?: string }
  | { readonly status: 'signed-in'; readonly user: UserData };

export interface Session {
  readonly client: UiClient;
  readonly state: SessionState;
  signIn(token: string): Promise<void>;
  signOut(): void;
  /** Re-reads getUserData (best scores after a submission). */
  refresh(): void;
}

const EXPIRED = 'Your token was refused (expired or revoked). Sign in again.';

export function useSession(): Session {
  const [state, setState] = useState<SessionState>({ status: 'checking' });
  const onError = useRef<(status: number) => void>(() => undefined);
  const client = useMemo(() => createUiClient({ onError: (e) => onError.current(e.status) }), []);

  onError.current = (status) => {
    if (status !== 401 || client.transport === 'ipc') return;
    writeToken(undefined);
    setDraftOwner(undefined); // kept in storage for when the same user signs in again
    setState({ status: 'signed-out', message: EXPIRED });
  };

  const load = useCallback(async (): Promise<void> => {
    const user = await client.getUserData();
    setDraftOwner(user.profile.id);
    setState({ status: 'signed-in', user });
  }, [client]);

  useEffect(() => {
    if (client.transport === 'http' && readToken() === undefined) {
      setState({ status: 'signed-out' });
      return;
    }
    load().catch((e: unknown) => {
      const error = toUiError(e);
      if (error.status !== 401) setState({ status: 'signed-out', message: error.message });
    });
  }, [client, load]);

  const signIn = useCallback(
    async (token: string) => {
      writeToken(token.trim());
      try {
        await load();
      } catch (e) {
        writeToken(undefined);
        const error = toUiError(e);
        const message = error.status === 401 ? 'That token is not valid.' : error.message;
        setState({ status: 'signed-out', message });
        throw new Error(message, { cause: e });
      }
    },
    [load],
  );

  const signOut = useCallback(() => {
    writeToken(undefined);
    // Signing out is leaving the machine: the next person must not find this user's code.
    setState((previous) => {
      if (previous.status === 'signed-in') clearDrafts(previous.user.profile.id);
      return { status: 'signed-out' };
    });
    setDraftOwner(undefined);
  }, []);

  const refresh = useCallback(() => {
    load().catch(() => undefined); // a 401 is handled by onError; other failures keep the old data
  }, [load]);

  return { client, state, signIn, signOut, refresh };
}
