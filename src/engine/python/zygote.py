"""HackBridge zygote: a long-lived interpreter inside the jail; its template process forks one
child per job (hbjail/template.py), the zygote supervises it (hbjail/supervisor.py).

Usage: python3 -I -S zygote.py --root DIR [--seccomp] [--namespaces] [--probe]

Control channel: fd 3 carries job frames from Node (header + body, hbjail/frames.py; each is
read by the job child that runs it, never by the zygote), fd 4
result frames to Node (4-byte big-endian length + JSON, then the output as raw frames). --probe runs the seccomp self-test once and prints one JSON line.
"""
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # -I leaves the script dir out

from hbjail import bpf, frames, libc, supervisor  # noqa: E402

CTL_IN = 3
CTL_OUT = 4

# Pre-imported once so a job does not pay for them. Kept lean on purpose: fork cost grows with
# the zygote's size, and `threading` in particular is left out: its at-fork handler alone
# added ~0.6 ms of CPU to every fork here (measured), whether or not the job uses threads.
PRELOAD = ('collections', 'itertools', 'functools', 'math', 'heapq', 'bisect', 're', 'json',
           'random', 'string', 'operator', 'array', 'copy', 'fractions', 'decimal', 'datetime',
           'enum', 'typing', 'dataclasses', 'struct')


def job_env(workdir):
    """The whole environment a job sees: nothing of the host's."""
    return {'HOME': workdir, 'TMPDIR': workdir, 'LANG': 'C.UTF-8', 'PYTHONIOENCODING': 'utf-8'}


def _preload():
    """Imports PRELOAD. `random` registers an at-fork hook that reseeds it in every forked
    process; only the job child runs code that may use random, and the zygote's own
    bookkeeping need not pay for it. The hook is left out while `random` is imported and the
    job child reseeds explicitly (runner.standby_main): 40-odd copy-on-write faults less per
    job (measured)."""
    register = os.register_at_fork
    os.register_at_fork = lambda **_hooks: None
    try:
        import random  # noqa: F401 - imports no module that registers at-fork hooks itself
    finally:
        os.register_at_fork = register
    for name in PRELOAD:
        __import__(name)


def _args(argv):
    opts = {'root': None, 'seccomp': False, 'namespaces': False, 'probe': False}
    it = iter(argv)
    for a in it:
        if a == '--root':
            opts['root'] = next(it)
        elif a in ('--seccomp', '--namespaces', '--probe'):
            opts[a[2:]] = True
        else:
            raise SystemExit('zygote: unknown argument %r' % a)
    if not opts['root']:
        raise SystemExit('zygote: --root is required')
    return opts


def _context(opts):
    return {
        'seccomp': opts['seccomp'],
        'namespaces': opts['namespaces'],
        'root': opts['root'],
        'workdir': opts['root'],
        'program': None,
        'stdlib': os.path.dirname(os.__file__),
    }


def _self_test(ctx):
    """Forks a child that installs no-new-privs + the filter and checks that fork and socket
    are refused and that the kernel really reports the filter. Returns None or the reason."""
    try:
        ctx['program'] = libc.PreparedFilter(*bpf.build_program())
    except OSError as exc:
        return str(exc)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        msg = b'ok'
        try:
            os.close(r)
            libc.set_no_new_privs()
            ctx['program'].install(os.getpid())
            try:
                os.fork()
                msg = b'fork was not refused'
            except PermissionError:
                import socket
                try:
                    socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                    msg = b'socket was not refused'
                except PermissionError:
                    pass
        except BaseException as exc:
            msg = ('%s: %s' % (type(exc).__name__, exc)).encode()
        os.write(w, msg)
        os._exit(0)
    os.close(w)
    msg = os.read(r, 4096).decode()
    os.close(r)
    os.waitpid(pid, 0)
    return None if msg == 'ok' else msg


def main():
    opts = _args(sys.argv[1:])
    ctx = _context(opts)
    if opts['seccomp'] and not opts['probe']:
        ctx['program'] = libc.PreparedFilter(*bpf.build_program())  # unknown machine: raises
    if opts['probe']:
        import json
        import platform
        print(json.dumps({'python': platform.python_version(), 'seccompError': _self_test(ctx)}))
        return
    # Non-dumpable: a job child (same uid) can then neither open /proc/<zygote>/mem nor
    # ptrace it. Children inherit the flag (no exec ever resets it).
    libc.set_dumpable(False)
    # Inherited by every job child, which only checks it (steps/nonewprivs.py).
    libc.set_no_new_privs()
    # As PID 1 of its namespace the zygote receives no signal it has no handler for; Python's
    # SIGINT handler would be one, so drop it (jobs cannot send signals to it anyway).
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # The job's environment, set once here rather than in every child: it is the same for
    # every job (the job directory has a fixed path). Nothing of the host's survives.
    os.environ.clear()
    os.environ.update(job_env(ctx['workdir']))
    if dict(os.environ) != job_env(ctx['workdir']):
        raise SystemExit('zygote: could not clear the environment')
    _preload()
    import gc
    import platform
    gc.collect()
    gc.freeze()  # keep the pre-imported objects out of later collections: fewer CoW faults
    frames.write_frame(CTL_OUT, {'type': 'ready', 'python': platform.python_version(), 'pid': os.getpid()})
    # Jobs are served by this process itself (supervisor.serve), without ever reading a
    # job's data into its memory: later children, all forked from here, inherit nothing of
    # an earlier job. It returns when the channel closes or a restart is due (a harness
    # fault, a job directory that could not be wiped): Node then starts a fresh zygote.
    supervisor.serve(ctx, CTL_IN, CTL_OUT)


if __name__ == '__main__':
    main()
