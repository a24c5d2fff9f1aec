import { beforeEach, describe, expect, it } from 'vitest';
import { clearDrafts, loadDraft, saveDraft, setDraftOwner } from '../../ui/src/lib/draft.js';

/** The Storage surface draft.ts uses, over a Map (vitest runs these in Node). */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    key: (i) => [...items.keys()][i] ?? null,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, String(v)),
    removeItem: (k) => void items.delete(k),
    clear: () => items.clear(),
  };
}

describe('drafts', () => {
  beforeEach(() => {
    Object.defineProperty(globalThis, 'localStorage', { value: memoryStorage(), configurable: true });
    setDraftOwner(undefined);
  });

  it('keeps a draft per user and task', () => {
    setDraftOwner('alice');
    saveDraft('task-123', 'print("alice")');
    expect(loadDraft('task-123')).toBe('print("alice")');
    expect(loadDraft('task-7')).toBeUndefined();
  });

  describe('when another user signs in on the same browser', () => {
    it('does not show them the previous user’s code', () => {
      setDraftOwner('alice');
      saveDraft('task-123', 'secret approach');
      setDraftOwner('bob');
      expect(loadDraft('task-123')).toBeUndefined();
      saveDraft('task-123', 'bob code');
      setDraftOwner('alice');
      expect(loadDraft('task-123')).toBe('secret approach');
    });
  });

  it('neither reads nor writes drafts while nobody is signed in', () => {
    setDraftOwner('alice');
    saveDraft('task-123', 'mine');
    setDraftOwner(undefined);
    expect(loadDraft('task-123')).toBeUndefined();
    saveDraft('task-123', 'anonymous');
    expect(localStorage.length).toBe(1);
  });

  it('sign-out removes that user’s drafts and legacy unkeyed ones, not other users’', () => {
    localStorage.setItem('hackbridge.draft.task-123', 'from before drafts had owners');
    localStorage.setItem('hackbridge.theme', 'dark');
    setDraftOwner('alice');
    saveDraft('task-123', 'a');
    saveDraft('task-9', 'b');
    setDraftOwner('bob');
    saveDraft('task-123', 'c');
    clearDrafts('alice');
    expect(loadDraft('task-123')).toBe('c');
    setDraftOwner('alice');
    expect(loadDraft('task-123')).toBeUndefined();
    expect(loadDraft('task-9')).toBeUndefined();
    expect(localStorage.getItem('hackbridge.draft.task-123')).toBeNull();
    expect(localStorage.getItem('hackbridge.theme')).toBe('dark');
  });

  it('cannot be confused by ids containing the separator', () => {
    setDraftOwner('a/b');
    saveDraft('c', 'x');
    setDraftOwner('a');
    expect(loadDraft('b/c')).toBeUndefined();
  });
});
