"""Step 4: resource limits, set under the seccomp filter (prlimit64 on itself is allowed).
Hard == soft, so the job can lower but never raise them.

* RLIMIT_AS: the child's own address space (measured here, with the job already read) + the
  job's memory budget, so the budget means "what the submission may add", independent of
  what the zygote pre-imports or how large the job's code and stdin are.
* RLIMIT_CPU: whole seconds (the kernel's granularity), rounded up plus one, as the backstop;
  the zygote watches the job's CPU clock every 10 ms and stops it at the exact limit. The
  extra second keeps the backstop from racing the watcher: at soft == limit the kernel's
  SIGXCPU often came first, and wait4 then reported 0.91-0.94 s against a 1 s limit
  (measured), a timeout that contradicted its own numbers. Soft sends SIGXCPU, hard
  (soft + 1 s) SIGKILL.
* RLIMIT_FSIZE: caps every file the job writes; RLIMIT_NOFILE; RLIMIT_CORE = 0.
* RLIMIT_NPROC as a thread cap: inside the jail's user namespace the kernel counts tasks per
  (namespace, uid), so this caps the job's threads without touching other jails. Outside a
  user namespace it would count every process of the host uid, so it is skipped there.
"""
import math
import os
import resource

NAME = 'rlimits'

# Tasks of the jail's uid that exist before the job starts threads: the zygote (PID 1 of the
# jail, which supervises the job), the template that forked the job, and the job's main
# thread. The kernel refuses a new task once the count would pass the limit, so the job gets
# exactly `threads` extra threads (measured).
TASKS_BEFORE_JOB = 3


def vm_size_bytes():
    try:
        fd = os.open('/proc/self/statm', os.O_RDONLY)  # os-level: fewer objects, fewer CoW faults
        try:
            return int(os.read(fd, 256).split()[0]) * resource.getpagesize()
        finally:
            os.close(fd)
    except (OSError, ValueError, IndexError):
        return 256 << 20  # no /proc: assume a generous interpreter footprint


def _set(which, value):
    resource.setrlimit(which, (value, value))


def apply(job, ctx):
    lim = job['limits']
    _set(resource.RLIMIT_CORE, 0)
    _set(resource.RLIMIT_AS, vm_size_bytes() + int(lim['memoryBytes']))
    cpu = math.ceil(float(lim['cpuSeconds'])) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    _set(resource.RLIMIT_FSIZE, int(lim['fileSizeBytes']))
    _set(resource.RLIMIT_NOFILE, int(lim['openFiles']))
    if ctx['namespaces']:
        _set(resource.RLIMIT_NPROC, TASKS_BEFORE_JOB + int(lim['threads']))
