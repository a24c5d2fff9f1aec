/**
 * What participants may see of a task. Expected values of hidden tests never leave the Node
 * side; visible tests show their input and expected output, as the statement promises.
 */
import type { Task } from '../grading/index.js';
import type { TaskDetail, TaskSummary } from './schemas.js';

export function taskSummary(task: Task): TaskSummary {
  return {
    id: task.id,
    title: task.title,
    mode: task.mode,
    tags: [...task.tags],
    ...(task.difficulty === undefined ? {} : { difficulty: task.difficulty }),
  };
}

export function taskDetail(task: Task): TaskDetail {
  const visible = task.tests.filter((t) => !t.hidden);
  return {
    ...taskSummary(task),
    statement: task.statement,
    limits: { time: task.limits.time, memory: task.limits.memory, output: task.limits.output },
    tests: visible.map((t) => ({
      name: t.name,
      input: task.mode === 'function' ? (t.args ?? []) : (t.stdin ?? ''),
      expected: t.expected,
    })),
    hiddenTests: task.tests.length - visible.length,
  };
}
