/**
 * Starts loading a task while the task page's code is still being fetched and parsed (and,
 * on a reload, while the session is still being checked), so these overlap instead of running
 * one after the other. A prefetched answer is used once; a failed one is forgotten, so a retry
 * (or the next sign-in) asks again.
 */
import { readToken } from '../client/index.js';
import type { TaskDetail, UiClient } from '../client/index.js';
import type { Route } from '../lib/routes.js';

const pending = new Map<string, { client: UiClient; task: Promise<TaskDetail> }>();

export function prefetchTask(client: UiClient, id: string): void {
  if (pending.get(id)?.client === client) return;
  const task = client.getTask(id);
  // The screen reports failures when it takes the promise.
  task.catch(() => {
    if (pending.get(id)?.task === task) pending.delete(id);
  });
  pending.set(id, { client, task });
}

/**
 * On the first render of a task URL: fetch the task together with the user (getUserData),
 * not after it. Only with a token (or in Electron): without one the request would only fail.
 */
export function prefetchOpenedTask(client: UiClient, route: Route): void {
  if (route.name !== 'task') return;
  if (client.transport === 'http' && readToken() === undefined) return;
  prefetchTask(client, route.id);
}

/** The prefetched task if there is one for this client, else a fresh request. */
export function takeTask(client: UiClient, id: string): Promise<TaskDetail> {
  const entry = pending.get(id);
  pending.delete(id);
  return entry?.client === client ? entry.task : client.getTask(id);
}
