"""Step 2: the seccomp filter (see hbjail/bpf.py). The program was assembled once in the
zygote; here only the job's own pid is patched in, so kill/tgkill/prlimit64/... may name
this process (or its own process group) and nothing else: not the zygote, not bwrap's init."""
import os

NAME = 'seccomp'


def apply(job, ctx):
    if not ctx['seccomp']:
        return
    ctx['program'].install(os.getpid())
