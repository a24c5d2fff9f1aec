/**
 * Starts loading a task while the task page's code is still being fetched and parsed, so the
 * two overlap instead of running one after the other. A prefetched answer is used once.
 */
import type { TaskDetail, UiClient } from '../client/index.js';

const pending = new Map<string, { client: UiClient; task: Promise<TaskDetail> }>();

export function prefetchTask(client: UiClient, id: string): void {
  if (pending.get(id)?.client === client) return;
  const task = client.getTask(id);
  task.catch(() => undefined); // the screen reports failures when it takes the promise
  pending.set(id, { client, task });
}

/** The prefetched task if there is one for this client, else a fresh request. */
export function takeTask(client: UiClient, id: string): Promise<TaskDetail> {
  const entry = pending.get(id);
  pending.delete(id);
  return entry?.client === client ? entry.task : client.getTask(id);
}
