"""Step 1: a fresh, empty per-job directory as cwd, HOME and TMPDIR, and a cleared environment.

Inside the jail the directory is its own size-capped tmpfs, the only writable place; the
zygote wipes it after every job, so nothing a job writes is visible to the next one.
"""
import os
import tempfile

NAME = 'workdir'


def apply(job, ctx):
    wd = ctx['workdir']
    os.chdir(wd)
    # The zygote runs with an empty environment already; this also drops anything a future
    # change might have put there. os.environ.clear() calls unsetenv() for each key.
    os.environ.clear()
    os.environ.update({'HOME': wd, 'TMPDIR': wd, 'LANG': 'C.UTF-8', 'PYTHONIOENCODING': 'utf-8'})
    tempfile.tempdir = wd
