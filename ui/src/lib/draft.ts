/** Draft code per task in localStorage, so a reload or a crash loses nothing. */
const key = (taskId: string): string => `hackbridge.draft.${taskId}`;

export function loadDraft(taskId: string): string | undefined {
  try {
    return localStorage.getItem(key(taskId)) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveDraft(taskId: string, code: string): void {
  try {
    localStorage.setItem(key(taskId), code);
  } catch {
    // quota or storage disabled: the editor still holds the code
  }
}
