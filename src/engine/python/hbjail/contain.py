"""contain(job): the checklist every job child passes before any user code runs.

Order matters and is fixed:
  1. no-new-privs required by the kernel before an unprivileged seccomp filter
  2. seccomp      after everything that needs syscalls the filter denies
  3. workdir      the job directory as cwd (chdir stays allowed under the filter)
  4. rlimits      hard == soft; prlimit64 on the process itself stays allowed under the filter
                  (a job may lower its own limits), so setting them after it is equivalent
  5. audit        last, so the harness's own work (ctypes, prctl) is not reported as the job's
The child is forked ahead of its job (standby.Standby): steps 1-2 do not depend on the job
and run while the child waits for it (prepare), so the filter is in place before the job's
code even reaches the child; steps 3-5 run once the job is there (contain). The directory
step waits for the job because the child may be forked while the previous job still runs
(supervisor.serve), and that job may still change the directory's permissions. A failing step
raises ContainmentError naming itself; the child then reports it and exits before user code
runs (fail closed). A failure in prepare() is kept and raised by contain(), so it is reported
as the job's result.
"""
from .steps import audit, nonewprivs, rlimits, seccomp, workdir

STEPS_BEFORE_JOB = (nonewprivs, seccomp)
STEPS = (workdir, rlimits, audit)


class ContainmentError(Exception):
    def __init__(self, step, cause):
        super().__init__('%s: %s' % (step, cause))
        self.step = step


def _apply(steps, job, ctx):
    for step in steps:
        try:
            step.apply(job, ctx)
        except BaseException as exc:  # noqa: B036 - any failure, even SystemExit, stops the job
            raise ContainmentError(step.NAME, '%s: %s' % (type(exc).__name__, exc)) from None


def prepare(ctx):
    """The job-independent steps; returns None or the ContainmentError to raise later."""
    try:
        _apply(STEPS_BEFORE_JOB, None, ctx)
    except ContainmentError as exc:
        return exc
    return None


def contain(job, ctx, prepared_error=None):
    if prepared_error is not None:
        raise prepared_error
    _apply(STEPS, job, ctx)
