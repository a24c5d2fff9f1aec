/** Counts the programming patterns a submission uses (for the report and organisers' statistics). */
import type { PyNode } from './ast.js';
import type { CodePattern, PatternName } from './schema.js';

const MAX_LINES = 20;

export class PatternCounter {
  /** Folding may evaluate a node more than once; each node (by its start) counts once. */
  private readonly seen = new Map<PatternName, { count: number; lines: number[]; starts: Set<number> }>();

  add(pattern: PatternName, node: PyNode): void {
    let entry = this.seen.get(pattern);
    if (entry === undefined) {
      entry = { count: 0, lines: [], starts: new Set() };
      this.seen.set(pattern, entry);
    }
    if (entry.starts.has(node.start)) return;
    entry.starts.add(node.start);
    entry.count++;
    const line = node.row + 1;
    if (entry.lines.length < MAX_LINES && !entry.lines.includes(line)) entry.lines.push(line);
  }

  list(): CodePattern[] {
    return [...this.seen.entries()]
      .map(([pattern, e]) => ({ pattern, count: e.count, lines: [...e.lines].sort((a, b) => a - b) }))
      .sort((a, b) => a.pattern.localeCompare(b.pattern));
  }
}
