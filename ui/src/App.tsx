/**
 * The shell, composition only: session, theme and hash route pick the screen; the header and
 * the skip link frame it. Screens get the transport-agnostic client and nothing else.
 */
import { useEffect, useRef } from 'react';
import { Header } from './components/Header.js';
import { Loading } from './components/Status.js';
import { Screen } from './Screen.js';
import { SignInScreen } from './screens/SignIn.js';
import { navigate, useRoute } from './shell/route.js';
import { useSession } from './shell/session.js';
import { prefetchOpenedTask } from './shell/task-cache.js';
import { useRouteFocus } from './shell/route-focus.js';
import { hrefOf } from './lib/routes.js';
import { useTheme } from './shell/theme.js';
import { SkipLink } from './components/SkipLink.js';

export function App() {
  const session = useSession();
  const route = useRoute();
  const { theme, toggle } = useTheme();
  const { state, client } = session;

  // Opened on a task (a link or a reload): ask for it now, alongside the session check.
  useEffect(() => prefetchOpenedTask(client, route), []);

  // Signed out: every route shows sign-in at #/signin, remembering where the user was going;
  // signed in: #/signin leads there (or to the tasks).
  const returnTo = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (state.status === 'signed-out' && route.name !== 'signin') {
      returnTo.current = window.location.hash;
      navigate('#/signin');
    }
    if (state.status === 'signed-in' && route.name === 'signin') {
      navigate(returnTo.current ?? '#/tasks');
      returnTo.current = undefined;
    }
  }, [state.status, route.name]);

  useRouteFocus(hrefOf(route), 'main-content');

  const user = state.status === 'signed-in' ? state.user.profile : undefined;
  return (
    <>
      <SkipLink target="main-content" />
      <Header
        route={route}
        {...(user === undefined ? {} : { userName: user.name })}
        organiser={user?.role === 'organiser'}
        theme={theme}
        onToggleTheme={toggle}
        {...(client.transport === 'http' ? { onSignOut: session.signOut } : {})}
      />
      <main id="main-content" tabIndex={-1} className="app-main">
        {state.status === 'checking' && <Loading label="Signing in…" />}
        {state.status === 'signed-out' && (
          <SignInScreen
            onSignIn={session.signIn}
            {...(state.message === undefined ? {} : { message: state.message })}
          />
        )}
        {state.status === 'signed-in' && (
          <Screen route={route} client={client} theme={theme} role={state.user.profile.role} />
        )}
      </main>
    </>
  );
}
