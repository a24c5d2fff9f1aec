/** The code a task's editor starts with when there is no draft. */
import type { TaskDetail } from '../client/types.js';

export function starterCode(task: Pick<TaskDetail, 'mode' | 'statement'>): string {
  if (task.mode === 'function') {
    // Statements name the entry as `name(args)` in backticks, e.g. "Write a function `solution(a, b)`".
    const m = /`([A-Za-z_]\w*)\(([^()`]*)\)`/.exec(task.statement);
    if (m !== null) return `def ${m[1]}(${m[2]}):\n    # your code here\n    pass\n`;
    return '# Define the function the statement asks for.\n';
  }
  return 'import sys\n\n\ndef main():\n    data = sys.stdin.read()\n    # your code here\n\n\nmain()\n';
}

/** Function-mode inputs are argument lists; stdio inputs are stdin text. */
export function exampleInput(mode: string, input: unknown): string {
  if (mode === 'function' && Array.isArray(input)) return input.map((a) => JSON.stringify(a)).join(', ');
  return typeof input === 'string' ? input : JSON.stringify(input);
}
