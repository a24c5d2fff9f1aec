"""Step 1: a fresh, empty per-job directory as cwd, HOME and TMPDIR, and a cleared environment.

The zygote created the directory (mode 0700) just before fork and wipes the whole writable
tmpfs after the job, so nothing a job writes anywhere is visible to the next one.
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
