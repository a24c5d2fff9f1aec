import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, runResultSchema, type RunResult } from '../../src/engine/index.js';

// One engine for the whole file: zygotes start once.
const engine = createEngine({ workers: 2, maxCpuTimeMs: 2000 });
afterAll(() => engine.close());

const run = async (code: string, options: Parameters<typeof engine.run>[1] = {}): Promise<RunResult> => {
  const result = await engine.run(code, { timeLimit: 1, ...options });
  runResultSchema.parse(result); // every result honours the published contract
  return result;
};

describe('engine', () => {
  describe('when the code succeeds', () => {
    it('returns its output, exit 0 and the sandbox it ran in', async () => {
      const r = await run('import sys\nprint(sys.stdin.read().upper(), end="")', { stdin: 'hello\n' });
      expect(r.status).toBe('success');
      expect(r.stdout).toBe('HELLO\n');
      expect(r.exitCode).toBe(0);
      expect(r.signal).toBeNull();
      expect(r.error).toBeNull();
      expect(r.termination).toEqual({ reason: 'exit' });
      expect(r.environment.layers).toEqual([
        'namespaces',
        'seccomp',
        'no-new-privs',
        'rlimits',
        'audit-hook',
      ]);
      expect(r.environment.sandbox).toBe('strict');
      expect(r.environment.python).toMatch(/^3\.\d+\.\d+$/);
      expect(r.output).toMatchObject({ stdoutBytes: 6, stderrBytes: 0, stdoutTruncated: false });
      expect(r.memoryUsage).toBeGreaterThan(1000);
      expect(r.syscalls.writeCalls).toBeGreaterThanOrEqual(1);
      expect(r.syscalls.readCalls).toBeGreaterThanOrEqual(1);
      expect(r.timings.sandboxStartMs).not.toBeNull();
    });

    it('reports the modules it imported and the files it opened', async () => {
      const r = await run(
        'import json, os\nopen("notes.txt", "w").write(json.dumps([1]))\nprint(open("notes.txt").read())',
      );
      expect(r.stdout).toBe('[1]\n');
      expect(r.events).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'import', detail: 'json' }),
          expect.objectContaining({ kind: 'file', action: 'open', detail: 'notes.txt (w)', blocked: false }),
        ]),
      );
    });
  });

  describe('when the code has a syntax error', () => {
    it("reports Python's own message and line", async () => {
      const r = await run('x = 1\nprint((x)\n');
      expect(r.status).toBe('syntax_error');
      expect(r.error).toMatchObject({ type: 'SyntaxError', line: 2, phase: 'compile' });
      expect(r.error?.message).toBe("'(' was never closed");
      expect(r.stderr).toContain('SyntaxError');
      expect(r.stderr).toContain('solution.py');
    });
  });

  describe('when the code raises', () => {
    it('reports the exception, its line and a traceback without harness frames', async () => {
      const r = await run('def f():\n    return 1 / 0\nf()\n', { filename: 'main.py' });
      expect(r.status).toBe('runtime_error');
      expect(r.exitCode).toBe(1);
      expect(r.error).toEqual({
        type: 'ZeroDivisionError',
        message: 'division by zero',
        line: 2,
        phase: 'import',
      });
      expect(r.stderr).toContain('File "main.py", line 2, in f');
      expect(r.stderr).not.toContain('hbjail');
    });

    it('treats sys.exit(0) as success and sys.exit(3) as a runtime error', async () => {
      expect((await run('import sys; sys.exit(0)')).status).toBe('success');
      const r = await run('import sys; sys.exit(3)');
      expect(r.status).toBe('runtime_error');
      expect(r.exitCode).toBe(3);
    });
  });

  describe('when a limit is hit', () => {
    it('says which limit, its value and what was observed', async () => {
      // clamped to maxCpuTimeMs = 2 s; a generous wall limit so a loaded machine cannot turn it into wall_time
      const cpu = await run('while True: pass', { timeLimit: 5, wallTimeLimit: 60 });
      expect(cpu.status).toBe('timeout');
      expect(cpu.termination).toMatchObject({ reason: 'cpu_time', limit: 2, unit: 's' });
      const out = await run('print("y" * 5000)', { outputLimit: 1 });
      expect(out.status).toBe('output_limit');
      expect(out.stdout).toHaveLength(1024);
      expect(out.output).toMatchObject({ stdoutBytes: 5001, limitBytes: 1024, stdoutTruncated: true });
      expect(out.termination).toMatchObject({
        reason: 'output',
        limit: 1024,
        observed: 5001,
        detail: 'stdout',
      });
      const mem = await run('x = bytearray(200 * 1024 * 1024)', { memoryLimit: 32 });
      expect(mem.status).toBe('memory_limit');
      expect(mem.termination).toMatchObject({ reason: 'memory', limit: 32 * 1024, unit: 'KiB' });
    });

    it('stops a job at a fractional CPU limit, not at the next whole second', async () => {
      const r = await run('while True: pass', { timeLimit: 0.3, wallTimeLimit: 60 });
      expect(r.status).toBe('timeout');
      expect(r.termination).toMatchObject({ reason: 'cpu_time', limit: 0.3 });
      expect(r.cpuTime).toBeGreaterThanOrEqual(0.3);
      expect(r.cpuTime).toBeLessThan(0.9); // RLIMIT_CPU alone would let it run to 1 s
    });

    it('never reports a CPU timeout with less CPU used than the limit it enforced', async () => {
      // At a whole-second limit the kernel's RLIMIT_CPU used to fire first, and wait4 then
      // reported 0.91-0.94 s: "limit 1 s exceeded (used 0.93 s)".
      for (let i = 0; i < 3; i++) {
        const r = await run('while True: pass', { timeLimit: 1, wallTimeLimit: 60 });
        expect(r.termination).toMatchObject({ reason: 'cpu_time', limit: 1 });
        const observed = (r.termination as { observed: number }).observed;
        expect(observed).toBeGreaterThanOrEqual(1);
        expect(r.cpuTime).toBeGreaterThanOrEqual(1);
      }
    });

    it('refuses limits that are not limits, naming the field', async () => {
      for (const [options, field] of [
        [{ timeLimit: -1 }, 'timeLimit'],
        [{ memoryLimit: Number.NaN }, 'memoryLimit'],
        [{ outputLimit: 1e12 }, 'outputLimit'],
        [{ limits: { time: 0 } }, 'timeLimit'],
      ] as const) {
        await expect(engine.run('print(1)', options)).rejects.toMatchObject({
          code: 'HB_ENGINE_LIMIT_INVALID',
          details: { field },
        });
      }
      await expect(engine.run('def f(x): pass', { call: { entry: 'f', args: [10n] } })).rejects.toMatchObject(
        {
          code: 'HB_ENGINE_OPTIONS_INVALID',
        },
      );
      await expect(engine.run('print(1)', { bogus: 1 } as never)).rejects.toMatchObject({
        code: 'HB_ENGINE_OPTIONS_INVALID',
      });
    });

    it('refuses source over the size limit', async () => {
      await expect(engine.run('#'.repeat(1024 * 1024 + 1))).rejects.toMatchObject({
        code: 'HB_ENGINE_SOURCE_TOO_LARGE',
      });
    });

    it('refuses stdin and arguments that no job frame can carry', async () => {
      await expect(engine.run('print(1)', { stdin: 'x'.repeat(65 * 1024 * 1024) })).rejects.toMatchObject({
        code: 'HB_ENGINE_INPUT_TOO_LARGE',
      });
    });
  });

  describe('in function mode', () => {
    const source =
      'assert add(1, 2) == 3 if "add" in dir() else True\ndef add(a, b):\n    print("side output")\n    return a + b\n';

    it('runs the module, calls the entry with JSON args and returns its JSON value', async () => {
      const r = await run(source, {
        call: {
          entry: 'add',
          args: [
            [1, 'x'],
            [2, { k: null }],
          ],
        },
      });
      expect(r.status).toBe('success');
      expect(r.returnValue).toEqual({ kind: 'json', json: '[1, "x", 2, {"k": null}]' });
      expect(r.stdout).toBe('side output\n');
    });

    it('describes a value JSON cannot carry', async () => {
      const set = await run('def f():\n    return {1, 2}', { call: { entry: 'f', args: [] } });
      expect(set.returnValue).toEqual({ kind: 'unserialisable', type: 'set', repr: '{1, 2}' });
      const nan = await run('def f():\n    return float("nan")', { call: { entry: 'f', args: [] } });
      expect(nan.returnValue).toMatchObject({ kind: 'unserialisable', type: 'float' });
      const long = await run(
        'def f():\n    return object.__new__(type("T", (), {"__repr__": lambda s: "r" * 5000}))',
        {
          call: { entry: 'f', args: [] },
        },
      );
      expect(long.returnValue?.kind === 'unserialisable' && long.returnValue.repr.length).toBe(200);
    });

    it('tells a missing entry, a failing import and a failing call apart', async () => {
      const missing = await run('x = 1', { call: { entry: 'solve', args: [] } });
      expect(missing.status).toBe('runtime_error');
      expect(missing.error).toMatchObject({ type: 'EntryNotFound', phase: 'call' });
      const notCallable = await run('solve = 3', { call: { entry: 'solve', args: [] } });
      expect(notCallable.error).toMatchObject({ type: 'EntryNotFound', phase: 'call' });
      const atImport = await run('assert False, "top"\ndef solve(): pass', {
        call: { entry: 'solve', args: [] },
      });
      expect(atImport.error).toMatchObject({ type: 'AssertionError', phase: 'import', line: 1 });
      const inCall = await run('def solve(n):\n    return [][n]', { call: { entry: 'solve', args: [3] } });
      expect(inCall.error).toMatchObject({ type: 'IndexError', phase: 'call', line: 2 });
      expect(inCall.returnValue).toBeUndefined();
    });
  });

  describe('between jobs', () => {
    it('keeps files and module state of one job invisible to the next', async () => {
      const solo = createEngine({ workers: 1 });
      try {
        const first = await solo.run(
          'import json, builtins\nopen("left.txt", "w").write("x")\njson.leak = 1\nbuiltins.leak = 2\nprint(sorted(__import__("os").listdir(".")))',
        );
        expect(first.stdout).toBe("['left.txt']\n");
        const second = await solo.run(
          'import json, builtins, os\nprint(os.listdir("."), hasattr(json, "leak"), hasattr(builtins, "leak"))',
        );
        expect(second.stdout).toBe('[] False False\n');
        // random is pre-imported by the zygote: each job must still get its own seed.
        const draws = await Promise.all(
          [1, 2, 3].map(() => solo.run('import random\nprint(random.getrandbits(64))')),
        );
        expect(new Set(draws.map((d) => d.stdout)).size).toBe(3);
      } finally {
        await solo.close();
      }
    });
  });

  describe('when two jobs run at the same time', () => {
    it('neither can see, read or signal the other, nor the zygote', async () => {
      const a = run(
        'import os, time\nopen("a-secret.txt", "w").write("A")\ntime.sleep(0.8)\nprint(open("a-secret.txt").read(), os.getpid())',
        { timeLimit: 2 },
      );
      await new Promise((r) => setTimeout(r, 250));
      const b = await run(
        [
          'import os, signal',
          'pids = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())',
          'refused = []',
          'for pid in pids:',
          '    if pid != os.getpid():',
          '        try:',
          '            os.kill(pid, signal.SIGKILL)',
          '        except PermissionError:',
          '            refused.append(pid)',
          // The jail holds its zygote (PID 1, which supervises the job), the template that
          // forked the job (its parent) and the job.
          'print(pids == sorted({1, os.getppid(), os.getpid()}), refused == sorted({1, os.getppid()}), os.listdir("."))',
        ].join('\n'),
      );
      expect(b.stdout).toBe('True True []\n');
      const ra = await a;
      expect(ra.status).toBe('success');
      expect(ra.stdout).toMatch(/^A \d+\n$/);
    });
  });

  describe('under load', () => {
    it('completes 200 concurrent jobs with the right outputs', async () => {
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => engine.run(`print(${i} * ${i})`)),
      );
      expect(results.map((r) => r.status)).toEqual(Array(200).fill('success'));
      expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 200 }, (_, i) => `${i * i}\n`));
      const stats = engine.stats();
      expect(stats).toMatchObject({ size: 2, busy: 0, queued: 0, restarts: 0, failed: 0 });
      expect(stats.completed).toBeGreaterThanOrEqual(200);
      expect(stats.byStatus.success).toBeGreaterThanOrEqual(200);
    });
  });
});
