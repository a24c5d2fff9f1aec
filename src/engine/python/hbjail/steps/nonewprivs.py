"""Step 2: PR_SET_NO_NEW_PRIVS, required by the kernel before an unprivileged seccomp filter;
it also keeps any set-uid binary from granting privileges (exec is denied anyway).

The child stays non-dumpable (inherited from the zygote): no other process of the same uid
can open its /proc/<pid>/mem or environ.
"""
from .. import libc

NAME = 'no-new-privs'


def apply(job, ctx):
    libc.set_no_new_privs()
