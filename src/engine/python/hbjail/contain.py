"""contain(job): the checklist every job child passes before any user code runs.

Order matters and is fixed:
  1. workdir     fresh directory, cleared environment (needs nothing else)
  2. rlimits     hard == soft, set while every syscall is still allowed
  3. no-new-privs required by the kernel before an unprivileged seccomp filter
  4. seccomp     after everything that needs syscalls the filter denies
  5. audit       last, so the harness's own work (ctypes, prctl) is not reported as the job's
A failing step raises ContainmentError naming itself; the child then reports it and exits
before user code runs (fail closed).
"""
from .steps import audit, nonewprivs, rlimits, seccomp, workdir

STEPS = (workdir, rlimits, nonewprivs, seccomp, audit)


class ContainmentError(Exception):
    def __init__(self, step, cause):
        super().__init__('%s: %s' % (step, cause))
        self.step = step


def contain(job, ctx):
    for step in STEPS:
        try:
            step.apply(job, ctx)
        except BaseException as exc:  # noqa: B036 - any failure, even SystemExit, stops the job
            raise ContainmentError(step.NAME, '%s: %s' % (type(exc).__name__, exc)) from None
