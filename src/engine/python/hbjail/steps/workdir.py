"""Step 1: the job directory as cwd; the environment is the zygote's, already cleared.

Inside the jail the directory is its own size-capped tmpfs, the only writable place; the
zygote wipes it after every job, so nothing a job writes is visible to the next one. The
environment (HOME and TMPDIR pointing here, LANG, nothing of the host) was set once in the
zygote; this step only checks it, because a forked child inherits it for free.
"""
import os

NAME = 'workdir'

ALLOWED_ENV = frozenset(('HOME', 'TMPDIR', 'LANG', 'PYTHONIOENCODING'))


def apply(job, ctx):
    os.chdir(ctx['workdir'])
    if not ALLOWED_ENV.issuperset(os.environ):
        raise OSError('unexpected environment variables: %s' % sorted(set(os.environ) - ALLOWED_ENV))
