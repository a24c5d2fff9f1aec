/** Hash routes (they work over http:// and Electron's file:// alike). */
export type Route =
  | { readonly name: 'signin' }
  | { readonly name: 'tasks' }
  | { readonly name: 'task'; readonly id: string }
  | { readonly name: 'submissions' }
  | { readonly name: 'submission'; readonly id: string }
  | { readonly name: 'profile' }
  | { readonly name: 'dashboard' }
  | { readonly name: 'notfound'; readonly path: string };

function decode(segment: string): string | undefined {
  try {
    const v = decodeURIComponent(segment);
    return v === '' ? undefined : v;
  } catch {
    return undefined;
  }
}

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/tasks';
  const parts = path.split('/').slice(1);
  const [head, rest, ...extra] = parts;
  if (extra.length > 0) return { name: 'notfound', path };
  const id = rest === undefined ? undefined : decode(rest);
  switch (head) {
    case 'signin':
      if (rest === undefined) return { name: 'signin' };
      break;
    case 'tasks':
      if (rest === undefined) return { name: 'tasks' };
      if (id !== undefined) return { name: 'task', id };
      break;
    case 'submissions':
      if (rest === undefined) return { name: 'submissions' };
      if (id !== undefined) return { name: 'submission', id };
      break;
    case 'profile':
      if (rest === undefined) return { name: 'profile' };
      break;
    case 'dashboard':
      if (rest === undefined) return { name: 'dashboard' };
      break;
  }
  return { name: 'notfound', path };
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'task':
      return `#/tasks/${encodeURIComponent(route.id)}`;
    case 'submission':
      return `#/submissions/${encodeURIComponent(route.id)}`;
    case 'notfound':
      return `#${route.path}`;
    default:
      return `#/${route.name}`;
  }
}
