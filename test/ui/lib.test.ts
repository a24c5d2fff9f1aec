import { describe, expect, it } from 'vitest';
import { lineDiff, valueText } from '../../ui/src/lib/diff.js';
import { formatKiB, formatSeconds } from '../../ui/src/lib/format.js';
import { hrefOf, parseHash } from '../../ui/src/lib/routes.js';
import { exampleInput, starterCode } from '../../ui/src/lib/starter.js';
import { difficultiesOf, filterTasks } from '../../ui/src/lib/task-filter.js';
import { describeTermination } from '../../ui/src/lib/termination.js';

describe('describeTermination', () => {
  const base = { exitCode: null, signal: null };
  it('names the CPU limit and what was used', () => {
    expect(
      describeTermination({
        ...base,
        termination: { reason: 'cpu_time', limit: 5, observed: 5.0123, unit: 's' },
      }),
    ).toBe('Stopped: CPU time limit 5 s exceeded (used 5.01 s)');
  });
  it('names the wall-clock and memory limits in readable units', () => {
    expect(describeTermination({ ...base, termination: { reason: 'wall_time', limit: 10, unit: 's' } })).toBe(
      'Stopped: wall-clock time limit 10 s exceeded',
    );
    expect(
      describeTermination({
        ...base,
        termination: { reason: 'memory', limit: 65536, observed: 70000, unit: 'KiB' },
      }),
    ).toBe('Stopped: memory limit 64 MiB exceeded (peak 68.4 MiB)');
  });
  it('says what the sandbox blocked and which signal stopped the program', () => {
    expect(
      describeTermination({ ...base, termination: { reason: 'blocked_syscall', detail: 'socket(AF_INET)' } }),
    ).toBe('Stopped: the sandbox blocked a forbidden action: socket(AF_INET)');
    expect(
      describeTermination({ exitCode: null, signal: 'SIGSEGV', termination: { reason: 'signal' } }),
    ).toBe('Stopped by signal SIGSEGV');
  });
  it('keeps a long supervisor detail to its first line', () => {
    const detail = `zygote exited (code 1)\nTraceback (most recent call last):\n${'x'.repeat(500)}`;
    expect(describeTermination({ ...base, termination: { reason: 'signal', detail } })).toBe(
      'Stopped: zygote exited (code 1)',
    );
  });
  it('reports normal and failing exits', () => {
    expect(describeTermination({ exitCode: 0, signal: null, termination: { reason: 'exit' } })).toBe(
      'Finished normally (exit code 0)',
    );
    expect(describeTermination({ exitCode: 1, signal: null, termination: { reason: 'exit' } })).toBe(
      'Exited with code 1',
    );
  });
  it('names the output limit and the stream', () => {
    expect(
      describeTermination({
        ...base,
        termination: { reason: 'output', limit: 65536, observed: 70000, unit: 'bytes', detail: 'stdout' },
      }),
    ).toBe('Stopped: output limit 64 KiB exceeded (wrote 68.4 KiB): stdout');
  });
});

describe('lineDiff', () => {
  it('aligns equal lines and marks the differing ones', () => {
    expect(lineDiff('a\nb\nc', 'a\nx\nc')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'expected', text: 'b' },
      { kind: 'actual', text: 'x' },
      { kind: 'same', text: 'c' },
    ]);
  });
  it('shows values as JSON and strings as they are', () => {
    expect(valueText([1, 'a'])).toBe('[1,"a"]');
    expect(valueText('1 2\n')).toBe('1 2\n');
    expect(valueText(undefined)).toBe('');
  });
});

describe('hash routes', () => {
  it.each([
    ['', { name: 'tasks' }],
    ['#/signin', { name: 'signin' }],
    ['#/tasks/', { name: 'tasks' }],
    ['#/tasks/task-123', { name: 'task', id: 'task-123' }],
    ['#/submissions/sub%3A1', { name: 'submission', id: 'sub:1' }],
    ['#/dashboard', { name: 'dashboard' }],
    ['#/profile', { name: 'profile' }],
    ['#/nope', { name: 'notfound', path: '/nope' }],
    ['#/tasks/a/b', { name: 'notfound', path: '/tasks/a/b' }],
  ])('%s', (hash, route) => {
    expect(parseHash(hash)).toEqual(route);
  });
  it('round-trips ids through hrefOf', () => {
    expect(parseHash(hrefOf({ name: 'task', id: 'a b/c' }))).toEqual({ name: 'task', id: 'a b/c' });
  });
});

describe('task filter', () => {
  const tasks = [
    { id: 'a', title: 'Sum of two', mode: 'function', tags: ['math'], difficulty: 'easy' },
    { id: 'b', title: 'Inversions', mode: 'stdio', tags: ['sorting'], difficulty: 'hard' },
    { id: 'c', title: 'Fibonacci', mode: 'function', tags: ['math', 'loops'], difficulty: 'medium' },
  ];
  it('matches every search word in title, id or tags', () => {
    expect(filterTasks(tasks, { query: 'math fib', difficulty: '', tag: '' }).map((t) => t.id)).toEqual([
      'c',
    ]);
  });
  it('filters by difficulty and tag', () => {
    expect(filterTasks(tasks, { query: '', difficulty: 'easy', tag: 'math' }).map((t) => t.id)).toEqual([
      'a',
    ]);
    expect(filterTasks(tasks, { query: '', difficulty: '', tag: 'sorting' }).map((t) => t.id)).toEqual(['b']);
  });
  it('orders difficulties easy to hard', () => {
    expect(difficultiesOf(tasks)).toEqual(['easy', 'medium', 'hard']);
  });
});

describe('formatting and starter code', () => {
  it('formats seconds and KiB', () => {
    expect(formatSeconds(0.0123)).toBe('12.3 ms');
    expect(formatSeconds(2.5)).toBe('2.5 s');
    expect(formatKiB(812)).toBe('812 KiB');
    expect(formatKiB(9626)).toBe('9.4 MiB');
  });
  it('starts function tasks with the entry the statement names', () => {
    expect(starterCode({ mode: 'function', statement: 'Write a function `solution(a, b)` that' })).toBe(
      'def solution(a, b):\n    # your code here\n    pass\n',
    );
    expect(exampleInput('function', [2, 'x'])).toBe('2, "x"');
    expect(exampleInput('stdio', '1 2\n')).toBe('1 2\n');
  });
});
