"""Step 3: the job directory as cwd.

Inside the jail the directory is its own size-capped tmpfs, the only writable place; the
zygote wipes it after every job, so nothing a job writes is visible to the next one. The
environment (HOME and TMPDIR pointing here, LANG, nothing of the host) was set, and checked,
once in the zygote (zygote.py): a forked child inherits it without touching it, which keeps
the copy-on-write faults per job down.
"""
import os

NAME = 'workdir'


def apply(job, ctx):
    os.chdir(ctx['workdir'])
