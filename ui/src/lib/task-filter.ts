/** Search and filters of the task list. */
import type { TaskSummary } from '../client/types.js';

export interface TaskFilter {
  readonly query: string;
  /** '' = any. */
  readonly difficulty: string;
  /** '' = any. */
  readonly tag: string;
}

const difficultyOrder = ['easy', 'medium', 'hard'];

export function filterTasks(tasks: readonly TaskSummary[], filter: TaskFilter): TaskSummary[] {
  const words = filter.query.toLowerCase().split(/\s+/).filter(Boolean);
  return tasks.filter((t) => {
    if (filter.difficulty !== '' && t.difficulty !== filter.difficulty) return false;
    if (filter.tag !== '' && !t.tags.includes(filter.tag)) return false;
    const haystack = `${t.id} ${t.title} ${t.tags.join(' ')}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

/** Difficulties present, easy → hard first, then any others alphabetically. */
export function difficultiesOf(tasks: readonly TaskSummary[]): string[] {
  const present = [...new Set(tasks.flatMap((t) => (t.difficulty === undefined ? [] : [t.difficulty])))];
  const rank = (d: string): number => {
    const i = difficultyOrder.indexOf(d);
    return i === -1 ? difficultyOrder.length : i;
  };
  return present.sort((x, y) => rank(x) - rank(y) || x.localeCompare(y));
}

export function tagsOf(tasks: readonly TaskSummary[]): string[] {
  return [...new Set(tasks.flatMap((t) => t.tags))].sort();
}
