/** The top bar: brand, navigation, who is signed in, theme toggle and sign-out. */
import type { Route } from '../lib/routes.js';
import type { Theme } from '../shell/theme.js';

interface HeaderProps {
  readonly route: Route;
  readonly userName?: string;
  readonly organiser: boolean;
  readonly theme: Theme;
  readonly onToggleTheme: () => void;
  /** Absent in Electron (one local user, nothing to sign out of). */
  readonly onSignOut?: () => void;
}

const section = (route: Route): string => {
  switch (route.name) {
    case 'task':
      return 'tasks';
    case 'submission':
      return 'submissions';
    default:
      return route.name;
  }
};

function NavLink(props: { readonly to: string; readonly label: string; readonly current: string }) {
  const active = props.current === props.to;
  return (
    <a
      className={active ? 'nav-link active' : 'nav-link'}
      href={`#/${props.to}`}
      data-testid={`nav-${props.to}`}
      aria-current={active ? 'page' : undefined}
    >
      {props.label}
    </a>
  );
}

export function Header(props: HeaderProps) {
  const current = section(props.route);
  const signedIn = props.userName !== undefined;
  return (
    <header className="app-header">
      <a className="brand" href="#/tasks" aria-label="HackBridge home">
        <span className="brand-mark" aria-hidden="true">
          {'</>'}
        </span>
        HackBridge
      </a>
      {signedIn && (
        <nav className="main-nav" aria-label="Main">
          <NavLink to="tasks" label="Tasks" current={current} />
          <NavLink to="submissions" label="Submissions" current={current} />
          <NavLink to="profile" label="Profile" current={current} />
          {props.organiser && <NavLink to="dashboard" label="Dashboard" current={current} />}
        </nav>
      )}
      <div className="header-actions">
        <button
          type="button"
          className="icon-button"
          data-testid="theme-toggle"
          onClick={props.onToggleTheme}
          aria-label={props.theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
          title={props.theme === 'dark' ? 'Light theme' : 'Dark theme'}
        >
          <span aria-hidden="true">{props.theme === 'dark' ? '☀' : '☾'}</span>
        </button>
        {signedIn && (
          <span className="user-name" data-testid="user-name">
            {props.userName}
          </span>
        )}
        {signedIn && props.onSignOut !== undefined && (
          <button type="button" className="button ghost" data-testid="signout" onClick={props.onSignOut}>
            Sign out
          </button>
        )}
      </div>
    </header>
  );
}
