"""The template: a process forked once from the zygote, after its imports, whose only work is
to fork job children (and to reap them). The zygote itself then never forks per job.

Why: a fork marks every page of the forking process copy-on-write while the child lives.
When the zygote forked each job child itself, every page its own bookkeeping wrote next (the
job's header, the watch loop, the result) was copied, ~210 page faults per job, and they
fell on the job's critical path: while the child read its job and while the result went out
(a zygote kept free of them answered print(1) ~0.5 ms sooner, measured). The template's loop
is small, so the forks cost it few copies; the zygote, forking nothing after the template,
writes its own pages freely.

Protocol, over a SOCK_SEQPACKET pair (one message per request, descriptors as SCM_RIGHTS):
  b'F' + the child's five descriptors (stdin memfd; stdout, stderr and report pipe write
    ends; the child's end of the notice socket) -> the template forks a job child
    (runner.standby_main) with them and the control channel, closes its copies, answers
    b'P' + pid (4 bytes, big-endian);
  b'R' + pid -> once that child has exited (the zygote saw its pidfd, or killed it), the
    template kills whatever it left behind, reaps it with wait4 and every orphan, and answers
    b'S' + its exit status and rusage (_REAPED).
The template never reads the control channel (only its job children do) and never sees any
job data. The job children are its children: it is their subreaper, and inside the jail
kill(-1) from it reaches every process but itself and the zygote (the namespace's init).
"""
import os
import signal
import struct

from . import libc, runner

FORK = b'F'
REAP = b'R'
CHILD_FDS = 5
MESSAGE_BYTES = 4096


def _send(sock, data, fds=()):
    anc = [(_socket().SOL_SOCKET, _socket().SCM_RIGHTS, struct.pack('%di' % len(fds), *fds))] if fds else []
    sock.sendmsg([data], anc)


def _recv(sock, nfds=0):
    """One message and the descriptors it carries. EOFError when the other side is gone."""
    s = _socket()
    data, anc, flags, _ = sock.recvmsg(MESSAGE_BYTES, s.CMSG_SPACE(nfds * 4) if nfds else 0)
    fds = []
    for level, kind, payload in anc:
        if level == s.SOL_SOCKET and kind == s.SCM_RIGHTS:
            fds.extend(struct.unpack('%di' % (len(payload) // 4), payload[:len(payload) // 4 * 4]))
    if not data:
        for fd in fds:
            os.close(fd)
        raise EOFError('template channel closed')
    if flags & s.MSG_CTRUNC:
        for fd in fds:
            os.close(fd)
        raise OSError('descriptors were cut off')
    return data, fds


def _socket():
    import _socket  # C module only, imported once: the job child never needs it
    return _socket


def _kill_leftovers(pid, ctx):
    try:
        if ctx['namespaces']:
            # Not the jail's init (the zygote), so kill(-1) reaches every other process in
            # the jail but this one: whatever a job left behind, at any depth.
            os.kill(-1, signal.SIGKILL)
        else:
            os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _sweep(standbys, ctx):
    """Without namespaces (no kill(-1) to use): kills this process's children that are not
    standbys. Whatever a job forked (under the seccomp filter it can fork nothing: then this
    is a second line behind it) became this process's child when its parent died (this is
    the subreaper), so killing every such child, until none is left, reaches them all."""
    me = os.getpid()
    for _ in range(100):
        try:
            with open('/proc/%d/task/%d/children' % (me, me), 'rb') as f:
                others = [pid for pid in map(int, f.read().split()) if pid not in standbys]
        except OSError:
            others = []
        if not others:
            return
        for other in others:
            try:
                os.kill(other, signal.SIGKILL)
                os.waitpid(other, 0)
            except (ProcessLookupError, ChildProcessError, PermissionError):
                pass
    if ctx['namespaces']:
        os.kill(-1, signal.SIGKILL)  # still more: no standby is worth that risk (they die too)


# The answer to a reap: exit code (-1: none), signal (0: none), then rusage.
_REAPED = struct.Struct('>ii2d7q')


def _reap(pid, ctx, standbys):
    """The child has exited or is about to (killed): kill leftovers while its pid (and so
    its process group id) is still held by the zombie, then reap it and every orphan."""
    if ctx['namespaces']:
        # kill(-1) names no pid, so it may come before the reap: it reaches every process of
        # the jail but this one and the zygote, at any depth.
        _kill_leftovers(pid, ctx)
        _, status, ru = os.wait4(pid, 0)
    else:
        os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
        _kill_leftovers(pid, ctx)  # its process group, while the zombie still holds its id
        _, status, ru = os.wait4(pid, 0)
        # Whatever escaped the process group (a daemon that made its own session) became this
        # process's child when its parent died; kill and reap those, never waiting for any
        # other child (a blocking wait would hang on a survivor).
        _sweep(standbys, ctx)
    standbys.discard(pid)
    while True:  # the killed orphans that have come to this process (the subreaper) by now
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                break
        except ChildProcessError:
            break
    if os.WIFSIGNALED(status):
        exit_code, sig = -1, os.WTERMSIG(status)
    else:
        exit_code, sig = os.WEXITSTATUS(status), 0
    return _REAPED.pack(exit_code, sig, ru.ru_utime, ru.ru_stime, ru.ru_maxrss, ru.ru_minflt,
                        ru.ru_majflt, ru.ru_nvcsw, ru.ru_nivcsw, ru.ru_inblock, ru.ru_oublock)


def _main(sock, ctx, ctl_in):
    """The template's loop; never returns."""
    libc.set_child_subreaper()
    # The template and the job children it forks (they inherit it) run at nice 5: the zygote
    # and Node, whose work sits between every job and its result, go first (back to back
    # A/B: p50 2-5 % lower in 6 of 6 pairs). A job cannot change it (the filter refuses
    # setpriority).
    os.nice(5)
    if not ctx['namespaces']:
        libc.set_parent_death_signal(signal.SIGKILL)  # the zygote's death ends it (and its children)
    standbys = set()
    while True:
        try:
            data, fds = _recv(sock, CHILD_FDS)
        except EOFError:
            os._exit(0)
        if data[:1] == FORK and len(fds) == CHILD_FDS:
            pid = os.fork()
            if pid == 0:
                try:
                    sock.close()
                    runner.standby_main(ctx, *fds[:4], ctl_in, fds[4])
                finally:
                    os._exit(runner.EXIT_HARNESS_FAILED)
            for fd in fds:
                os.close(fd)
            standbys.add(pid)
            _send(sock, b'P' + struct.pack('>I', pid))
        elif data[:1] == REAP and len(data) == 5 and not fds:
            _send(sock, b'S' + _reap(struct.unpack('>I', data[1:])[0], ctx, standbys))
        else:
            os._exit(runner.EXIT_HARNESS_FAILED)  # the zygote sees the channel close


class Template:
    """The zygote's handle on its template process."""

    def __init__(self, ctx, ctl_in, ctl_out):
        s = _socket()
        mine, theirs = s.socketpair(s.AF_UNIX, s.SOCK_SEQPACKET)
        pid = os.fork()
        if pid == 0:
            try:
                mine.close()
                # The result channel is the zygote's alone; /dev/null keeps its number taken, so
                # descriptors received later never land below the child's fixed ones.
                os.dup2(ctx['devnull'], ctl_out)
                _main(theirs, ctx, ctl_in)
            finally:
                os._exit(runner.EXIT_HARNESS_FAILED)
        theirs.close()
        self.workdir = ctx['workdir']
        self.sock = mine  # should the template die, the next request fails: the zygote then faults
        self.pid = pid

    def fork(self, child_fds):
        """A new job child holding `child_fds` (which the caller may close now); its pid."""
        _send(self.sock, FORK, child_fds)
        data, _ = _recv(self.sock)
        if data[:1] != b'P' or len(data) != 5:
            raise OSError('template answered %r to a fork' % data[:1])
        return struct.unpack('>I', data[1:])[0]

    def socketpair(self):
        s = _socket()
        return s.socketpair(s.AF_UNIX, s.SOCK_STREAM)

    def reap(self, pid):
        """Exit status and rusage of a job child that has exited (or was killed)."""
        _send(self.sock, REAP + struct.pack('>I', pid))
        data, _ = _recv(self.sock)
        if data[:1] != b'S' or len(data) != 1 + _REAPED.size:
            raise OSError('template answered %r to a reap' % data[:1])
        exit_code, sig, utime, stime, *counts = _REAPED.unpack(data[1:])
        maxrss, minflt, majflt, nvcsw, nivcsw, inblock, oublock = counts
        return {
            'exitCode': None if exit_code < 0 else exit_code,
            'signal': sig or None,
            'usage': {
                'utime': utime, 'stime': stime, 'maxrssKiB': maxrss, 'minflt': minflt,
                'majflt': majflt, 'nvcsw': nvcsw, 'nivcsw': nivcsw, 'inblock': inblock,
                'oublock': oublock,
            },
        }
