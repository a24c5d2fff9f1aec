/**
 * Red team of the end of a job (hand-back, template, standby child reading its own frame,
 * retire/requeue; hbjail/supervisor.py, template.py, runner.py, standby.py, pool.ts).
 *
 * Every test runs hostile Python through the real engine. Tests written `it.fails` document a
 * hole that is open at the time of writing: each names the hole; when it is fixed, the test
 * starts passing, `it.fails` then reports it, and it should become a plain `it`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine, type RunResult } from '../../src/engine/index.js';
import { pythonDescendants, settle, zygotePids } from './helpers.js';

const py = (...lines: string[]): string => lines.join('\n');

/** Python: write a forged end mark (exit status `code`), close every stream, sleep. */
const forgeMark = (code: number): string[] => [
  `os.write(3, b'{}' + b'\\x00HB' + bytes([${code}]))`,
  'os.closerange(0, 4)',
  'time.sleep(30)',
];

const engines = new Set<Engine>();
const make = (options: Parameters<typeof createEngine>[0]): Engine => {
  const e = createEngine({ onWarning: () => undefined, ...options });
  engines.add(e);
  return e;
};
const done = async (e: Engine): Promise<void> => {
  engines.delete(e);
  shared.delete(e);
  await e.close();
};
/** An engine for one describe block, open until the file ends. */
const shared = new Set<Engine>();
const makeShared = (options: Parameters<typeof createEngine>[0]): Engine => {
  const e = make(options);
  shared.add(e);
  return e;
};
// An engine made inside a test is that test's own: closed after it.
afterEach(async () => {
  await Promise.all([...engines].filter((e) => !shared.has(e)).map(done));
});
afterAll(async () => {
  await Promise.all([...engines].map(done));
});

/**
 * Python processes below this test process once they stop changing: zygotes, templates and
 * the standby children of every open engine when no job runs. A baseline taken before an
 * attack must be found again after it: whatever the attack left alive would add to it.
 */
async function atRest(): Promise<number> {
  let last = -1;
  let same = 0;
  for (let i = 0; i < 80 && same < 3; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const n = pythonDescendants().length;
    same = n === last ? same + 1 : 0;
    last = n;
  }
  return last;
}

/** Direct children of `pid` on the host (live, any name). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state = '', ppid = '0'] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) === pid && state !== 'Z') out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] !== 'Z';
  } catch {
    return false;
  }
};

describe('hand-back figures come from the kernel (strict)', () => {
  const engine = makeShared({ workers: 2 });

  it('counts CPU burnt by threads before a forged mark, and kills the threads still burning', async () => {
    const t = performance.now();
    const r = await engine.run(
      py(
        'import hashlib, os, threading, time',
        "data = b'x' * (4 << 20)",
        'def burn():',
        '    while True:',
        '        hashlib.sha256(data).digest()',
        'for _ in range(2):',
        '    threading.Thread(target=burn, daemon=True).start()',
        "time.sleep(0.4)  # the main thread burns nothing: what is counted is the threads'",
        'print(time.process_time(), flush=True)',
        ...forgeMark(0),
      ),
      { timeLimit: 5, wallTimeLimit: 20 },
    );
    expect(performance.now() - t).toBeLessThan(4000);
    expect(r.status).toBe('success');
    const usedBeforeMark = Number(r.stdout.trim());
    // Two threads for 0.4 s (the main thread asleep): their CPU time, all of it reported.
    expect(usedBeforeMark).toBeGreaterThan(0.2);
    expect(r.cpuTime).toBeGreaterThanOrEqual(usedBeforeMark);
  });

  it('reports the peak memory of a job that freed it before forging the mark', async () => {
    const r = await engine.run(
      py('import os, time', "x = b'\\x01' * (120 << 20)", 'del x', ...forgeMark(0)),
      { memoryLimit: 256, wallTimeLimit: 20 },
    );
    expect(r.status).toBe('success');
    expect(r.memoryUsage).toBeGreaterThan(120 * 1024);
  });

  // FIXED (was a hole, reporting): a job made itself dumpable (prctl was allowed) and wrote
  // "5" to /proc/self/clear_refs, which resets the kernel's peak RSS (VmHWM, and the ru_maxrss
  // wait4 derives from it): 200 MiB used was reported as ~13 MiB. The filter now refuses
  // prctl(PR_SET_DUMPABLE); the harness opens its /proc/self/io once, before any job.
  it('reports the peak memory even when the job tries to reset VmHWM through clear_refs', async () => {
    const r = await engine.run(
      py(
        'import ctypes, os, time',
        "x = b'\\x01' * (200 << 20)",
        'del x',
        'libc = ctypes.CDLL(None, use_errno=True)',
        'print(libc.prctl(4, 1, 0, 0, 0), ctypes.get_errno())  # PR_SET_DUMPABLE',
        'try:',
        "    with open('/proc/self/clear_refs', 'w') as f:",
        "        f.write('5')",
        "    print('reset')",
        'except PermissionError:',
        "    print('refused')",
      ),
      { memoryLimit: 512 },
    );
    expect(r.status).toBe('success');
    expect(r.stdout).toBe('-1 1\nrefused\n');
    expect(r.memoryUsage).toBeGreaterThan(200 * 1024);
  });
});

describe("the report is the job's own claim (strict)", () => {
  const engine = makeShared({ workers: 1 });

  it('a forged report nested 400 000 deep, with a forged mark, changes nothing but that job', async () => {
    const r = await engine.run(
      py(
        'import os, time',
        'n = 400000',
        "os.write(3, b'{\"events\":' + b'[' * n + b']' * n + b'}' + b'\\x00HB\\x00')",
        'os.closerange(0, 4)',
        'time.sleep(30)',
      ),
      { wallTimeLimit: 20 },
    );
    expect(r.status).toBe('success');
    expect(r.termination.detail).toMatch(/report was unusable/);
    const next = await engine.run('print("next")');
    expect(next.stdout).toBe('next\n');
    expect(engine.stats().restarts).toBe(0);
  });

  // FIXED (was a hole) (status forgery, low): classify.ts puts `containFailed` from the report first, and the
  // report is the job's to write. A job that writes {"containFailed": ...} to fd 3 gets
  // internal_error "sandbox step 'seccomp' failed: forged", counted in stats().failed, and the
  // grader tells the user "Internal error of the grader (not caused by the submission)"; an
  // operator sees a sandbox step failing. With the hand-back even the exit status (121) is the
  // job's own (the end mark's byte). Fix: learn of a containment failure on a channel the job
  // cannot reach: the child reports contain()'s outcome on the notice socket before it closes
  // it (before any user code), and Node honours containFailed only with that confirmation.
  it('a job cannot make its own result an internal error by forging containFailed', async () => {
    const r = await engine.run(
      py(
        'import os, sys',
        'os.write(3, b\'{"containFailed":{"step":"seccomp","message":"forged"}}\')',
        'os.close(3)',
        'sys.exit(121)',
      ),
    );
    expect(r.status).not.toBe('internal_error');
  });
});

describe('what a job can reach of the template, the zygote and the control channel (strict)', () => {
  const engine = makeShared({ workers: 1 });

  it('holds no copy of the control channel or the notice pipe, and can neither signal nor read the jail', async () => {
    const r = await engine.run(
      py(
        'import json, os, signal',
        'out = {"fds": [], "reads": [], "kills": []}',
        'for fd in range(4, 64):',
        '    try:',
        '        os.fstat(fd)',
        '        out["fds"].append([fd, os.readlink("/proc/self/fd/%d" % fd)])',
        '    except OSError:',
        '        pass',
        'me = os.getpid()',
        "others = [int(p) for p in os.listdir('/proc') if p.isdigit() and int(p) != me]",
        'for pid in others:',
        "    for what in ('fd/3', 'fd/4', 'fd', 'mem', 'environ', 'maps', 'io', 'syscall'):",
        "        path = '/proc/%d/%s' % (pid, what)",
        '        try:',
        "            os.listdir(path) if what == 'fd' else os.close(os.open(path, os.O_RDONLY))",
        '            out["reads"].append(path)',
        '        except OSError:',
        '            pass',
        '    for sig in (signal.SIGSTOP, signal.SIGKILL, signal.SIGTERM, 0):',
        '        try:',
        '            os.kill(pid, sig)',
        '            out["kills"].append([pid, sig])',
        '        except OSError:',
        '            pass',
        'out["others"] = others',
        'print(json.dumps(out))',
      ),
    );
    expect(r.status).toBe('success');
    const seen = JSON.parse(r.stdout) as {
      fds: [number, string][];
      reads: string[];
      kills: unknown[];
      others: number[];
    };
    expect(seen.others.length).toBeGreaterThanOrEqual(2); // the zygote and the template
    // Only the job's own /proc/self/io, which the harness keeps open for its I/O counters.
    expect(seen.fds).toEqual([[6, expect.stringMatching(/^\/proc\/\d+\/io$/) as unknown]]);
    expect(seen.reads).toEqual([]);
    expect(seen.kills).toEqual([]);
    const next = await engine.run('print("next")');
    expect(next.stdout).toBe('next\n');
    expect(engine.stats().restarts).toBe(0);
  });

  it('cannot find a later job in the channel by starting a thread before the job ends', async () => {
    // A thread that keeps looking for a readable descriptor while the job hands back.
    const spy = py(
      'import os, threading, time',
      'def look():',
      '    while True:',
      '        for fd in range(4, 32):',
      '            try:',
      '                data = os.read(fd, 65536)',
      "                if b'job' in data or b'secret' in data:",
      "                    os.write(1, b'STOLEN:' + data[:40])",
      '            except OSError:',
      '                pass',
      'threading.Thread(target=look, daemon=True).start()',
      'time.sleep(0.05)',
      'print("spy done")',
    );
    const [a, b] = await Promise.all([engine.run(spy), engine.run('print("secret-of-b")')]);
    expect(a.status).toBe('success');
    expect(a.stdout).not.toContain('STOLEN');
    expect(b.stdout).toBe('secret-of-b\n');
  });
});

describe('leftovers after a hand-back (strict, one zygote)', () => {
  const engine = makeShared({ workers: 1 });

  it('a daemon thread racing the kill leaves no file, directory or process for the next job', async () => {
    await engine.run('print(0)');
    const base = await atRest();
    for (let round = 0; round < 3; round++) {
      const r = await engine.run(
        py(
          'import os, threading, time',
          'def spam():',
          '    i = 0',
          '    while True:',
          '        try:',
          "            os.makedirs('tree/%d/%d' % (i % 7, i), exist_ok=True)",
          "            with open('f%d' % i, 'w') as f:",
          "                f.write('left behind')",
          '        except OSError:',
          '            pass',
          '        i += 1',
          'for _ in range(3):',
          '    threading.Thread(target=spam, daemon=True).start()',
          'time.sleep(0.03)',
          'print("main done")',
        ),
      );
      expect(r.status).toBe('success');
      const next = await engine.run('import os\nprint(sorted(os.listdir(".")))');
      expect(next.stdout).toBe('[]\n');
    }
    expect(await atRest()).toBe(base);
    expect(engine.stats().restarts).toBe(0);
  });

  it('a job that forges the mark with threads still writing gets no later output attributed to it or the next job', async () => {
    const r = await engine.run(
      py(
        'import os, threading, time',
        'def chatter():',
        '    while True:',
        '        try:',
        "            os.write(1, b'late ')",
        '        except OSError:',
        '            pass',
        '        time.sleep(0.001)',
        'threading.Thread(target=chatter, daemon=True).start()',
        'time.sleep(0.02)',
        ...forgeMark(5),
      ),
      { wallTimeLimit: 20 },
    );
    expect(r.exitCode).toBe(5);
    const next = await engine.run('print("clean")');
    expect(next.stdout).toBe('clean\n');
  });

  // FIXED (was a hole) (cross-job leftover): wipe() empties the job directory but leaves the directory's own
  // extended attributes. tmpfs keeps user.* xattrs (Linux >= 6.6), so job A can leave data on
  // /tmp/job that every later job on that zygote reads. Fix: in supervisor.wipe(), remove every
  // xattr of the root too (os.listxattr/os.removexattr; on failure return False = retire).
  it('leaves no extended attribute on the job directory for the next job', async () => {
    const own = make({ workers: 1 });
    const a = await own.run(
      "import os\nos.setxattr('/tmp/job', 'user.note', b'left by job A')\nprint('set')",
    );
    expect(a.stdout).toBe('set\n');
    const b = await own.run("import os\nprint(os.listxattr('/tmp/job'))");
    expect(b.stdout).toBe('[]\n');
  });

  // FIXED (was a hole) (cross-job interference): the same gap for POSIX ACLs. A default ACL set on /tmp/job
  // (system.posix_acl_default, allowed to the directory's owner) is inherited by every file a
  // later job creates there: with u::---, a later job can create a file but never open it again
  // (PermissionError). Every later job on that zygote is broken until it is recycled.
  // Fix: as above (remove the root's ACLs and xattrs in wipe(), or retire if they cannot go).
  it("a default ACL left on the job directory does not break the next job's files", async () => {
    const own = make({ workers: 1 });
    const a = await own.run(
      py(
        'import os, struct',
        "acl = struct.pack('<I', 2) + b''.join(struct.pack('<HHI', tag, 0, 0xFFFFFFFF) for tag in (1, 4, 0x20))",
        "os.setxattr('/tmp/job', 'system.posix_acl_default', acl)",
        "print('set')",
      ),
    );
    expect(a.stdout).toBe('set\n');
    const b = await own.run(
      py("with open('data.txt', 'w') as f:", "    f.write('mine')", "print(open('data.txt').read())"),
    );
    expect(b.status).toBe('success');
    expect(b.stdout).toBe('mine\n');
  });

  // HOLE (cross-job side channel, low): the template reaps every job child, so its
  // /proc/<pid>/stat (world-readable, non-dumpable or not) carries cutime/cstime and cminflt:
  // the summed CPU time and faults of every earlier job on this zygote. Two jobs of an attacker
  // around a victim's job read the victim's CPU time by difference. (The zygote reaped before
  // the template existed, so this predates 3e332d2.) Fix: reap in a short-lived process (the
  // template's figures then go nowhere readable), or recycle the template every N jobs.
  it.fails("cannot read an earlier job's CPU time from the template's /proc stat", async () => {
    const own = make({ workers: 1 });
    await own.run('import time\nend = time.process_time() + 0.5\nwhile time.process_time() < end:\n    pass');
    const spy = await own.run(
      py(
        'import os',
        'ticks = 0',
        "for p in os.listdir('/proc'):",
        '    if p.isdigit() and int(p) != os.getpid():',
        "        f = open('/proc/%s/stat' % p).read().rsplit(')', 1)[1].split()",
        '        ticks += int(f[13]) + int(f[14])',
        'print(ticks)',
      ),
    );
    expect(Number(spy.stdout)).toBeLessThan(10); // 0.5 s is 50 ticks
  });
});

describe('the harness when the job rearranges its descriptors (strict)', () => {
  const engine = makeShared({ workers: 1 });

  // FIXED (was a hole) (regression of e541bdc, wrong status): a job that closes fd 3 and then opens a file
  // (which takes number 3) makes the harness write its report and end mark into that file; the
  // real report pipe carries no mark, so the zygote waits for an exit that comes only after
  // HAND_BACK_WAIT_S (5 s): a job that printed and finished in 2 ms is reported as a wall-time
  // timeout under any wall limit below 5 s (here 3 s). Before the hand-back it simply exited.
  // Fix: in runner._hand_back, check that fd 3 is still the report pipe (compare fstat
  // st_dev/st_ino with the values taken in _wire) and exit the ordinary way otherwise.
  it('a job that reuses fd 3 for a file still gets its own exit status promptly', async () => {
    const r = await engine.run(py('import os', 'os.close(3)', "log = open('log.txt', 'w')", 'print("hi")'), {
      timeLimit: 1,
    });
    expect(r.status).toBe('success');
    expect(r.stdout).toBe('hi\n');
    expect(r.executionTime).toBeLessThan(1);
  });

  it('a job that closes fd 3 outright ends promptly (the harness cannot report, the exit says so)', async () => {
    const t = performance.now();
    const r = await engine.run(py('import os', 'os.close(3)', 'print("hi")'), { timeLimit: 1 });
    expect(performance.now() - t).toBeLessThan(2000);
    expect(r.status).toBe('runtime_error');
    expect(r.stdout).toBe('hi\n');
  });
});

describe('the job directory is wiped after the result went out (strict)', () => {
  // FIXED (was a hole) (regression of e541bdc, innocent job fails): with the hand-back the zygote sends the
  // result first and wipes the job directory afterwards, while Node already sent it the next
  // job and started that job's backstop (its wall limit + 2 s). Empty directories are cheap to
  // make (one mkdir) and dear to wipe (chmod, scandir, rmdir and a Python call each): ~400 000
  // made in 3 s of CPU took the zygote ~8 s to wipe. The next job, whoever sent it, is then
  // killed as hung: internal_error, and its zygote is replaced. With default limits (5 s CPU,
  // 11 s wall) a job of 5 s CPU is enough to time out the next job's backstop.
  // Fix: wipe before sending the result whenever the job directory is not empty (one scandir
  // of the root), so a job that wrote files pays for its own cleanup; or have Node start the
  // backstop only once the zygote reports the job started.
  it('a job that fills its directory with empty directories does not fail the next job', async () => {
    const own = make({ workers: 1 });
    await own.run('print(0)');
    const hostile = own.run(
      py(
        'import os, time',
        'start = time.process_time()',
        'for d in range(100000):',
        "    os.mkdir('d%d' % d)",
        '    for i in range(1000):',
        "        os.mkdir('d%d/%d' % (d, i))",
        '    if time.process_time() - start > 2:',
        '        break',
        "print('made', (d + 1) * 1000)",
      ),
      { timeLimit: 5 },
    );
    const victim = own.run('print("victim")', { timeLimit: 0.2, wallTimeLimit: 0.5 });
    const [h, v] = await Promise.all([hostile, victim]);
    expect(h.status).toBe('success');
    expect(v.termination.detail ?? '').not.toMatch(/hung/);
    expect(v.status).toBe('success');
    expect(v.stdout).toBe('victim\n');
  });
});

describe('retire and requeue', () => {
  const deep = (offsetMs: number): string =>
    py(
      'import os, sys, time',
      `at = float(sys.stdin.read()) + ${offsetMs / 1000}`,
      'for i in range(3000):',
      "    os.mkdir('a')",
      "    os.chdir('a')",
      'time.sleep(max(0, at - time.time()))',
      "print('deep')",
    );

  it("many undeletable directories in a row: no job runs twice or gets another job's output", async () => {
    const own = make({ workers: 2 });
    const jobs = Array.from({ length: 12 }, (_, i) =>
      i % 3 === 0 ? own.run(deep(0), { stdin: '0' }) : own.run(`import os\nprint(${i}, os.listdir("."))`),
    );
    const results = await Promise.all(jobs);
    results.forEach((r, i) => {
      if (i % 3 === 0) {
        expect(r.stdout).toBe('deep\n');
      } else if (r.status === 'internal_error') {
        // The hole of the next test (a requeued job whose second zygote retires too); it is
        // never run, so it can only be lost this way, never run twice or mixed up.
        expect(r.termination.detail).toMatch(/could not be wiped/);
      } else {
        expect(r.stdout).toBe(`${i} []\n`);
      }
    });
    // Four retirements: each zygote that ran a deep job was replaced (the last one may still be
    // on its way out when the results are in).
    expect(
      await settle(
        () => own.stats().restarts,
        (n) => n >= 4,
      ),
    ).toBeGreaterThanOrEqual(4);
  });

  // FIXED (was a hole) (innocent job lost): a job sent to a zygote that then retires is requeued once
  // (pool.ts: task.retried). Two hostile jobs on two zygotes that leave undeletable
  // directories and finish ~20 ms apart make the requeued job land on the second retiring
  // zygote too; it then gets internal_error "job directory could not be wiped" although it never
  // ran (reproduced 5 of 5 rounds). A retired zygote guarantees it read no later frame, so the
  // job can be requeued every time; the limit of one retry is not needed for safety.
  // Fix: do not count `retired` requeues against task.retried (or allow pool-size + 1 of them).
  it('an innocent job never gets internal_error from two retiring zygotes in a row', async () => {
    const own = make({ workers: 2 });
    await Promise.all([own.run('print(1)'), own.run('print(1)')]);
    for (let round = 0; round < 3; round++) {
      const at = String(Date.now() / 1000 + 0.5);
      const [a1, a2, b] = await Promise.all([
        own.run(deep(0), { stdin: at }),
        own.run(deep(20), { stdin: at }),
        own.run('print("innocent")'),
      ]);
      expect(a1.stdout).toBe('deep\n');
      expect(a2.stdout).toBe('deep\n');
      expect(b.termination.detail ?? '').not.toMatch(/could not be wiped/);
      expect(b.status).toBe('success');
      await new Promise((r) => setTimeout(r, 300));
    }
  });
});

describe('the template dies or hangs under a job', () => {
  /** The template of the only zygote of `own`, a fresh engine made after `before` was taken. */
  const templateOf = (before: Set<number>): number => {
    const mine = zygotePids().filter((p) => !before.has(p));
    expect(mine).toHaveLength(1);
    const [template] = childrenOf(mine[0] as number);
    expect(template).toBeDefined();
    return template as number;
  };

  it('killed (from the host) under a job that needs it to be reaped: internal_error at once, the next job succeeds', async () => {
    const before = new Set(zygotePids());
    const own = make({ workers: 1 });
    await own.run('print(0)');
    const t = performance.now();
    const job = own.run('while True:\n    pass', { timeLimit: 0.6, wallTimeLimit: 5 });
    await new Promise((r) => setTimeout(r, 200));
    process.kill(templateOf(before), 'SIGKILL');
    const r = await job;
    expect(performance.now() - t).toBeLessThan(3000); // not the backstop (5 s + 2 s)
    expect(r.status).toBe('internal_error');
    expect(r.termination.detail).toMatch(/zygote fault/);
    const next = await own.run('print("next")');
    expect(next.stdout).toBe('next\n');
  });

  it('killed (from the host) under a job that hands back: the job is answered, the zygote retires', async () => {
    const before = new Set(zygotePids());
    const own = make({ workers: 1 });
    await own.run('print(0)');
    const t = performance.now();
    const job = own.run('import time\ntime.sleep(0.6)\nprint("done")', { timeLimit: 2, wallTimeLimit: 5 });
    await new Promise((r) => setTimeout(r, 200));
    process.kill(templateOf(before), 'SIGKILL');
    const [r, next] = await Promise.all([job, own.run('print("next")')]);
    expect(performance.now() - t).toBeLessThan(3000);
    // The hand-back needs no template: the job's own result; the reap after it fails, the
    // zygote retires, and the job sent to it meanwhile is run by its replacement.
    expect(r.status).toBe('success');
    expect(r.stdout).toBe('done\n');
    expect(next.stdout).toBe('next\n');
    expect(own.stats().restarts).toBe(1);
  });

  it('no-seccomp: a job that kills the template gets internal_error at once; the next job succeeds', async () => {
    const own = make({ workers: 1, sandbox: 'no-seccomp' });
    const t = performance.now();
    const r = await own.run(py('import os, signal', 'os.kill(2, signal.SIGKILL)', 'print("killed it")'));
    expect(performance.now() - t).toBeLessThan(3000);
    expect(r.status).toBe('internal_error');
    expect(r.termination.detail).toMatch(/zygote fault/);
    const next = await own.run('print("next")');
    expect(next.stdout).toBe('next\n');
  });

  it('no-seccomp: a job that stops the template is charged for it (backstop), the next job succeeds', async () => {
    const own = make({ workers: 1, sandbox: 'no-seccomp' });
    const r = await own.run(py('import os, signal', 'os.kill(2, signal.SIGSTOP)', 'print("stopped it")'), {
      timeLimit: 0.2,
      wallTimeLimit: 0.5,
    });
    expect(r.status).toBe('internal_error');
    expect(r.termination.detail).toMatch(/hung/);
    const next = await own.run('print("next")');
    expect(next.stdout).toBe('next\n');
  });
});

describe('weaker sandbox modes clean up too', () => {
  it('no-namespaces: threads racing a forged mark leave no file for the next job', async () => {
    const own = make({ workers: 1, sandbox: 'no-namespaces' });
    for (let round = 0; round < 2; round++) {
      const r = await own.run(
        py(
          'import os, threading, time',
          'def spam():',
          '    i = 0',
          '    while True:',
          '        try:',
          "            open('f%d' % i, 'w').close()",
          '        except OSError:',
          '            pass',
          '        i += 1',
          'threading.Thread(target=spam, daemon=True).start()',
          'time.sleep(0.02)',
          ...forgeMark(0),
        ),
        { wallTimeLimit: 20 },
      );
      expect(r.status).toBe('success');
      const next = await own.run('import os\nprint(sorted(os.listdir(".")))');
      expect(next.stdout).toBe('[]\n');
    }
  });

  it('no-seccomp: a double-forked daemon is killed with its job (kill(-1) in the jail)', async () => {
    const own = make({ workers: 1, sandbox: 'no-seccomp' });
    await own.run('print(0)');
    const base = await atRest();
    const r = await own.run(
      py(
        'import os, time',
        'if os.fork() == 0:',
        '    os.setsid()',
        '    if os.fork() == 0:',
        '        os.closerange(0, 1024)',
        '        while True:',
        "            open('/tmp/job/daemon-was-here', 'w').close()",
        '            time.sleep(0.01)',
        '    os._exit(0)',
        'os.wait()',
        'time.sleep(0.05)',
        'print("parent done")',
      ),
      { timeLimit: 1, wallTimeLimit: 3 },
    );
    expect(r.status).toBe('success');
    const next = await own.run('import os\nprint(sorted(os.listdir(".")))');
    expect(next.stdout).toBe('[]\n');
    expect(await atRest()).toBe(base);
  });

  // FIXED (was a hole) (regression of 3e332d2, weaker mode unsafe-none): the template is a child subreaper in
  // every mode and, after killpg(job), waits with a blocking waitpid(-1) for every orphan. A
  // daemon that called setsid() escapes killpg, is re-parented to the template, and the template
  // blocks until it exits: the zygote hangs, the job gets internal_error after wall + 2 s, the
  // zygote is killed and the daemon lives on on the host (reparented to init, after close() too).
  // Before 3e332d2 orphans were reaped only with namespaces, and the job got its result.
  // Fix: without namespaces, kill the template's own children (all orphans of the job come to
  // it as subreaper: /proc/self/task/*/children) by pid, repeatedly, and never wait blocking
  // for a pid it did not kill.
  it('unsafe-none: a setsid daemon neither hangs the zygote nor outlives its job', async () => {
    const own = make({ workers: 1, sandbox: 'unsafe-none' });
    const r = await own.run(
      py(
        'import os, sys, time',
        'if os.fork() == 0:',
        '    os.setsid()',
        '    pid = os.fork()',
        '    if pid == 0:',
        '        os.closerange(0, 1024)',
        '        time.sleep(15)',
        '        os._exit(0)',
        "    os.write(1, b'daemon %d\\n' % pid)",
        '    os._exit(0)',
        'os.wait()',
        'print("parent done")',
      ),
      { timeLimit: 1, wallTimeLimit: 2 },
    );
    const daemon = Number(/daemon (\d+)/.exec(r.stdout)?.[1] ?? 0);
    try {
      expect(r.status).toBe('success');
      expect(daemon).toBeGreaterThan(0);
      await settle(
        () => alive(daemon),
        (a) => !a,
      );
      expect(alive(daemon)).toBe(false);
    } finally {
      // The daemon is this test's own process; end it by its pid if the engine did not.
      if (daemon > 0 && alive(daemon)) process.kill(daemon, 'SIGKILL');
    }
  });
});

describe('limits that count the template', () => {
  // The thread cap is RLIMIT_NPROC over every task of the jail's uid: zygote, template and the
  // job's main thread count against it. Miscounting them gives the job a thread too many or
  // too few (found on an intermediate design, where the next job's child waited beside the
  // job: one too few, so maxThreads 1 allowed no thread at all).
  it('a job can start exactly maxThreads threads', async () => {
    const own = make({ workers: 1, maxThreads: 4 });
    const r = await own.run(
      py(
        'import threading, time',
        'threading.stack_size(256 * 1024)',
        'n = 0',
        'try:',
        '    while n < 50:',
        '        threading.Thread(target=time.sleep, args=(2,), daemon=True).start()',
        '        n += 1',
        'except RuntimeError:',
        '    pass',
        'print(n)',
      ),
    );
    expect(r.stdout).toBe('4\n');
  });
});

describe('200 concurrent jobs, hostile and benign mixed (strict)', () => {
  it('every job gets its own, correct result', async () => {
    const own = make({ workers: 2 });
    await Promise.all([own.run('print(0)'), own.run('print(0)')]);
    const base = await atRest();
    const kinds = 8;
    const tok = (i: number): string => `tok-${i}-end`;
    const run = (i: number): Promise<RunResult> => {
      const t = tok(i);
      switch (i % kinds) {
        case 0:
          return own.run(`import sys\nprint("${t}")\nprint(sys.stdin.read())`, { stdin: t });
        case 1:
          return own.run(py('import os, time', `print("${t}", flush=True)`, ...forgeMark(i % 100)), {
            wallTimeLimit: 20,
          });
        case 2:
          return own.run(
            py(
              'import threading, time, os',
              'def chatter():',
              '    while True:',
              "        os.write(2, b'.')",
              '        time.sleep(0.001)',
              'threading.Thread(target=chatter, daemon=True).start()',
              `print("${t}")`,
            ),
          );
        case 3:
          return own.run(
            py(
              'import os',
              'before = sorted(os.listdir("."))',
              'for k in range(20):',
              "    open('x%d' % k, 'w').write('junk')",
              "os.makedirs('deep/er/still', exist_ok=True)",
              `print(before, "${t}")`,
            ),
          );
        case 4:
          return own.run(`import sys\nprint("${t}")\nsys.exit(3)`);
        case 5:
          return own.run(
            py('import os', `print("${t}", flush=True)`, 'os.closerange(0, 4)', 'while True:', '    pass'),
            {
              timeLimit: 0.2,
            },
          );
        case 6:
          return own.run(`print("${t}")\nwhile True:\n    print("flood" * 100)`, { outputLimit: 1 });
        default:
          return own.run(`raise ValueError("${t}")`);
      }
    };
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => run(i)));
    results.forEach((r, i) => {
      const t = tok(i);
      const where = `job ${i}: ${r.status} ${r.termination.detail ?? ''}`;
      // No job sees another job's token, in either stream.
      for (const m of (r.stdout + r.stderr).matchAll(/tok-(\d+)-end/g)) expect(m[1], where).toBe(String(i));
      switch (i % kinds) {
        case 0:
          expect(r.status, where).toBe('success');
          expect(r.stdout, where).toBe(`${t}\n${t}\n`);
          break;
        case 1:
          expect(r.exitCode, where).toBe(i % 100);
          expect(r.stdout, where).toBe(`${t}\n`);
          break;
        case 2:
          expect(r.status, where).toBe('success');
          expect(r.stdout, where).toBe(`${t}\n`);
          break;
        case 3:
          expect(r.status, where).toBe('success');
          expect(r.stdout, where).toBe(`[] ${t}\n`);
          break;
        case 4:
          expect(r.status, where).toBe('runtime_error');
          expect(r.exitCode, where).toBe(3);
          break;
        case 5:
          expect(r.status, where).toBe('timeout');
          expect(r.stdout, where).toBe(`${t}\n`);
          break;
        case 6:
          expect(r.status, where).toBe('output_limit');
          expect(r.stdout.startsWith(`${t}\n`), where).toBe(true);
          break;
        default:
          expect(r.status, where).toBe('runtime_error');
          expect(r.stderr, where).toContain(`ValueError: ${t}`);
      }
    });
    expect(own.stats().byStatus.internal_error).toBe(0);
    expect(own.stats().restarts).toBe(0);
    expect(await atRest()).toBe(base);
  }, 120_000);
});
