/** Route → screen. Participants opening the dashboard see `forbidden` (the server refuses too). */
import { lazy, Suspense, useEffect } from 'react';
import { loadAnalyzer } from './analysis/load.js';
import { prefetchTask } from './shell/task-cache.js';
import type { UiClient } from './client/index.js';
import { hrefOf } from './lib/routes.js';
import type { Route } from './lib/routes.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { Loading } from './components/Status.js';
import { ProfileScreen } from './screens/Profile.js';
import { SubmissionDetailScreen, SubmissionsScreen } from './screens/Submissions.js';
import { TaskListScreen } from './screens/TaskList.js';
import { lazyModule, useLazyModule } from './shell/module.js';
import type { Theme } from './shell/theme.js';

// The editor, Markdown and chart code load with the first screen that needs them, keeping
// the initial chunk to the shell, the task list and the submissions.
// The task page is loaded without Suspense (see shell/module.ts): it is the screen people
// open most, often straight from a link.
const taskPage = lazyModule(() => import('./screens/TaskPage.js'));
const loadTaskPage = () => taskPage.load();
// Opened on a task (a link or a reload): fetch its code now, while the session is checked.
if (/^#\/tasks\/./.test(window.location.hash)) loadTaskPage().catch(() => undefined);
const DashboardScreen = lazy(() =>
  import('./screens/Dashboard.js').then((m) => ({ default: m.DashboardScreen })),
);

interface ScreenSwitchProps {
  readonly route: Route;
  readonly client: UiClient;
  readonly theme: Theme;
  readonly role: 'participant' | 'organiser';
}

export function Forbidden() {
  return (
    <div className="card notice-page" data-testid="forbidden" role="alert">
      <h1>Organisers only</h1>
      <p className="muted">The dashboard shows platform metrics; your account is a participant account.</p>
      <a href="#/tasks">Back to the tasks</a>
    </div>
  );
}

export function Screen(props: ScreenSwitchProps) {
  const { route } = props;
  const { name } = route;
  // A new screen starts at the top; from the task list, fetch the task page's code (editor,
  // Markdown, analyser) while the user is still choosing, so opening a task is instant.
  useEffect(() => {
    window.scrollTo(0, 0);
    if (name !== 'tasks') return;
    const timer = setTimeout(() => {
      loadTaskPage().catch(() => undefined);
      loadAnalyzer().catch(() => undefined);
    }, 300);
    return () => clearTimeout(timer);
  }, [name]);
  return (
    <ErrorBoundary resetKey={hrefOf(route)}>
      <Suspense fallback={<Loading />}>
        <ScreenFor {...props} />
      </Suspense>
    </ErrorBoundary>
  );
}

function TaskPage(props: { readonly client: UiClient; readonly id: string; readonly theme: Theme }) {
  const loaded = useLazyModule(taskPage);
  // While the page's code loads, fetch the task too. (Once loaded, the page asks itself; this
  // effect runs after the page's own, so asking here too would fetch the task twice.)
  const { client, id } = props;
  useEffect(() => {
    if (taskPage.peek() === undefined) prefetchTask(client, id);
  }, [client, id]);
  if (loaded === undefined) return <Loading label="Loading task…" />;
  return <loaded.TaskPageScreen {...props} />;
}

function ScreenFor({ route, client, theme, role }: ScreenSwitchProps) {
  switch (route.name) {
    case 'signin':
    case 'tasks':
      return <TaskListScreen client={client} />;
    case 'task':
      return <TaskPage client={client} id={route.id} theme={theme} />;
    case 'submissions':
      return <SubmissionsScreen client={client} />;
    case 'submission':
      return <SubmissionDetailScreen client={client} id={route.id} />;
    case 'profile':
      return <ProfileScreen client={client} />;
    case 'dashboard':
      return role === 'organiser' ? <DashboardScreen client={client} /> : <Forbidden />;
    case 'notfound':
      return (
        <div className="card notice-page" role="alert">
          <h1>Page not found</h1>
          <p className="muted">
            Nothing lives at <code>{route.path}</code>.
          </p>
          <a href="#/tasks">Back to the tasks</a>
        </div>
      );
  }
}
