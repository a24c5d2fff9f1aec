/**
 * The end of a job: the child hands back (report with an end mark, every descriptor closed,
 * asleep) and the zygote answers from the kernel's figures before it kills and reaps it
 * (hbjail/runner.py _hand_back, supervisor.py). These tests attack that path: a job can do
 * everything the harness does, so faking the hand-back must gain it nothing, and closing its
 * pipes must not pass for finishing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { pythonDescendants, settle } from './helpers.js';

const engine = createEngine({ workers: 2 });
afterAll(() => engine.close());

/** Zygotes, their templates and standby children: what is left when no job runs. */
const idleProcesses = (): number => 3 * engine.stats().size;

describe('the hand-back at the end of a job', () => {
  it('reports CPU time, peak memory and faults measured by the kernel', async () => {
    const r = await engine.run(
      'import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end:\n    pass\nx = bytearray(20 << 20)\nprint("done")',
    );
    expect(r.status).toBe('success');
    expect(r.exitCode).toBe(0);
    expect(r.cpuTime).toBeGreaterThanOrEqual(0.3);
    expect(r.cpuTime).toBeLessThan(1);
    // 20 MiB allocated on top of an interpreter of ~10 MiB.
    expect(r.memoryUsage).toBeGreaterThan(25 * 1024);
    expect(r.syscalls.minorPageFaults).toBeGreaterThan(100);
    expect(r.executionTime).toBeGreaterThanOrEqual(0.3);
  });

  it('keeps the exit status of sys.exit', async () => {
    const r = await engine.run('import sys\nprint("bye")\nsys.exit(3)');
    expect(r.status).toBe('runtime_error');
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe('bye\n');
  });

  describe('when the job closes its own output and keeps running', () => {
    it('is not taken as finished: it runs into its time limit', async () => {
      const r = await engine.run(
        'import os\nprint("before", flush=True)\nos.closerange(0, 4)\nwhile True:\n    pass',
        {
          timeLimit: 0.5,
        },
      );
      expect(r.status).toBe('timeout');
      expect(r.termination.reason).toBe('cpu_time');
      expect(r.stdout).toBe('before\n');
    });
  });

  describe('when the job forges the end mark and sleeps', () => {
    it('gets what exiting with that status would give, is killed at once, and the next job is clean', async () => {
      const t = performance.now();
      const r = await engine.run(
        [
          'import os, time',
          'print("forged", flush=True)',
          "os.write(3, b'{}' + b'\\x00HB' + bytes([7]))",
          'os.closerange(0, 4)',
          'time.sleep(30)',
        ].join('\n'),
        { timeLimit: 5, wallTimeLimit: 20 },
      );
      expect(performance.now() - t).toBeLessThan(3000);
      expect(r.status).toBe('runtime_error');
      expect(r.exitCode).toBe(7);
      expect(r.stdout).toBe('forged\n');
      const left = await settle(pythonDescendants, (p) => p.length === idleProcesses());
      expect(left).toHaveLength(idleProcesses());
      const next = await engine.run('import os\nprint(sorted(os.listdir(".")))');
      expect(next.stdout).toBe('[]\n');
    });
  });

  describe('when the job forges the end mark but keeps a copy of stdout open', () => {
    it('waits for that copy too: output written after the mark is still collected', async () => {
      // The harness cannot write its report once the job closed fd 3: the exit status says
      // so (a harness failure), but the output is whole and nothing else is lost.
      const r = await engine.run(
        [
          'import os',
          'keep = os.dup(1)',
          "os.write(3, b'{}' + b'\\x00HB' + bytes([0]))",
          'os.close(3)',
          "os.write(keep, b'after the mark\\n')",
        ].join('\n'),
      );
      expect(r.status).not.toBe('internal_error');
      expect(r.stdout).toBe('after the mark\n');
    });
  });

  describe('when a daemon thread is still running at the end', () => {
    it('does not hold the result back', async () => {
      const t = performance.now();
      const r = await engine.run(
        [
          'import threading, time, sys',
          'def chatter():',
          '    while True:',
          '        sys.stdout.write("t")',
          '        time.sleep(0.001)',
          'threading.Thread(target=chatter, daemon=True).start()',
          'threading.Thread(target=time.sleep, args=(30,), daemon=True).start()',
          'time.sleep(0.02)',
          'print("main done")',
        ].join('\n'),
        { wallTimeLimit: 20 },
      );
      expect(performance.now() - t).toBeLessThan(3000);
      expect(r.status).toBe('success');
      expect(r.stdout).toContain('main done\n');
      await settle(pythonDescendants, (p) => p.length === idleProcesses());
      expect(pythonDescendants()).toHaveLength(idleProcesses());
    });
  });
});

describe('when a job leaves a directory the zygote cannot wipe', () => {
  it('retires that zygote; a job sent to it meanwhile is run by its replacement, not lost', async () => {
    const single = createEngine({ workers: 1 });
    try {
      const deep = "import os\nfor i in range(3000):\n    os.mkdir('a')\n    os.chdir('a')\nprint('deep')";
      const [first, second, third] = await Promise.all([
        single.run(deep),
        single.run('print(2)'),
        single.run('import os\nprint(os.listdir("."))'),
      ]);
      expect(first.status).toBe('success');
      expect(second.status).toBe('success');
      expect(second.stdout).toBe('2\n');
      expect(third.stdout).toBe('[]\n');
      expect(single.stats().restarts).toBe(1);
      expect(single.stats().byStatus.internal_error).toBe(0);
    } finally {
      await single.close();
    }
  });
});
