/** The API token of this browser tab (sessionStorage: gone when the tab closes). */
export const TOKEN_KEY = 'hackbridge.token';

export function readToken(): string | undefined {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined; // storage disabled: the user signs in again each time
  }
}

export function writeToken(token: string | undefined): void {
  try {
    if (token === undefined) sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // storage disabled: nothing to remember
  }
}
