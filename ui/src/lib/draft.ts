/**
 * Draft code per user and task in localStorage, so a reload or a crash loses nothing. Keyed
 * by the signed-in user's id: on a shared machine (a contest room, a lab) the next person to
 * sign in must not find the previous one's code in the editor. An explicit sign-out removes
 * that user's drafts; an expired token keeps them for when the same user signs in again.
 */
const PREFIX = 'hackbridge.draft.';
let owner: string | undefined;

const key = (user: string, taskId: string): string =>
  `${PREFIX}${encodeURIComponent(user)}/${encodeURIComponent(taskId)}`;

/** Whose drafts loadDraft/saveDraft read and write; undefined while nobody is signed in. */
export function setDraftOwner(userId: string | undefined): void {
  owner = userId;
}

export function loadDraft(taskId: string): string | undefined {
  if (owner === undefined) return undefined;
  try {
    return localStorage.getItem(key(owner, taskId)) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveDraft(taskId: string, code: string): void {
  if (owner === undefined) return; // nobody to keep it for
  try {
    localStorage.setItem(key(owner, taskId), code);
  } catch {
    // quota or storage disabled: the editor still holds the code
  }
}

/** Removes every draft of `userId`, and drafts from before they were keyed by user. */
export function clearDrafts(userId: string): void {
  try {
    const mine = `${PREFIX}${encodeURIComponent(userId)}/`;
    const doomed: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k !== null && k.startsWith(PREFIX) && (k.startsWith(mine) || !k.includes('/'))) doomed.push(k);
    }
    for (const k of doomed) localStorage.removeItem(k);
  } catch {
    // storage disabled: nothing was kept
  }
}
