/**
 * Host-side evidence for the engine tests: which processes descend from this test process.
 */
import { readdirSync, readFileSync } from 'node:fs';

interface Proc {
  readonly pid: number;
  readonly ppid: number;
  readonly comm: string;
  readonly state: string;
}

function readProcs(): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const [state = '', ppid = '0'] = stat.slice(close + 2).split(' ');
      out.push({ pid: Number(name), ppid: Number(ppid), comm, state });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** Live (non-zombie) Python processes below this test process: zygotes and job children. */
export function pythonDescendants(root = process.pid): number[] {
  const procs = readProcs();
  const children = new Map<number, Proc[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const found: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    for (const child of children.get(pid) ?? []) {
      if (child.comm.startsWith('python') && child.state !== 'Z') found.push(child.pid);
      stack.push(child.pid);
    }
  }
  return found.sort((a, b) => a - b);
}

/** Zygotes below this test process: Python processes whose parent is not Python (bwrap's child). */
export function zygotePids(root = process.pid): number[] {
  const procs = readProcs();
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const mine = new Set(pythonDescendants(root));
  return procs
    .filter((p) => mine.has(p.pid) && !(byPid.get(p.ppid)?.comm.startsWith('python') ?? false))
    .map((p) => p.pid);
}

/** Polls until `check` holds or `timeoutMs` passes; returns the last value. */
export async function settle<T>(read: () => T, check: (v: T) => boolean, timeoutMs = 2000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = read();
  while (!check(value) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 25));
    value = read();
  }
  return value;
}
