"""Step 3: privilege flags.

PR_SET_NO_NEW_PRIVS is required before an unprivileged seccomp filter, and keeps any set-uid
binary from granting privileges (exec is denied anyway).

Dumpability: the zygote is non-dumpable and the child inherits that. Inside the jail the
child turns dumpable again, so the zygote (same uid, the only other process in the jail's
PID namespace) can read /proc/<child>/io for the report. Outside a PID namespace other
processes of the same host uid could then read the job's memory, so there it stays off.
"""
from .. import libc

NAME = 'no-new-privs'


def apply(job, ctx):
    if ctx['namespaces']:
        libc.set_dumpable(True)
    libc.set_no_new_privs()
