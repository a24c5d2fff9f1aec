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
  b'F' + the child's five descriptors (stdin memfd, stdout, stderr, report and notice pipe
    write ends) -> the template forks a job child (runner.standby_main) with them and the
    control channel, closes its copies, answers b'P' + pid (4 bytes, big-endian);
  b'R' + pid [+ spare pid] -> once that child has exited (the zygote saw its pidfd, or
    killed it), the template kills whatever it left behind, reaps it with wait4 and every
    orphan, and answers b'S' + JSON {status, usage}. A spare is the next job's standby
    child, forked while the killed one was still being torn down: it survives the sweep.
The template never reads the control channel (only its job children do) and never sees any
job data. The job children are its children: it is their subreaper, and inside the jail
kill(-1) from it reaches every process but itself and the zygote (the namespace's init).
"""
import json
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


def _kill_all_but(spare, ctx, pid):
    """kill(-1) without the spare: every process of the jail but the zygote, this one and
    the spare. Used only when the job ran under the seccomp filter (it could create no
    process), as a second line behind it; the jail's /proc shows only the jail's processes."""
    if not ctx['namespaces']:
        _kill_leftovers(pid, ctx)  # its own process group; the spare has its own session
        return
    keep = {1, os.getpid(), spare}
    for name in os.listdir('/proc'):
        if name.isdigit() and int(name) not in keep:
            try:
                os.kill(int(name), signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


def _reap(pid, ctx, spare=None):
    """The child has exited or is about to (killed): kill leftovers while its pid (and so
    its process group id) is still held by the zombie, then reap it and every orphan."""
    os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
    if spare is None:
        _kill_leftovers(pid, ctx)
    else:
        _kill_all_but(spare, ctx, pid)
    _, status, ru = os.wait4(pid, 0)
    while True:  # orphans of the job come to this process (the subreaper); all were killed
        try:
            if spare is None:
                os.waitpid(-1, 0)
            elif os.waitpid(-1, os.WNOHANG)[0] == 0:
                break  # only the spare is left, or a killed orphan not yet dead: next time
        except ChildProcessError:
            break
    if os.WIFSIGNALED(status):
        exit_code, sig = None, os.WTERMSIG(status)
    else:
        exit_code, sig = os.WEXITSTATUS(status), None
    return {
        'exitCode': exit_code,
        'signal': sig,
        'usage': {
            'utime': ru.ru_utime, 'stime': ru.ru_stime, 'maxrssKiB': ru.ru_maxrss,
            'minflt': ru.ru_minflt, 'majflt': ru.ru_majflt, 'nvcsw': ru.ru_nvcsw,
            'nivcsw': ru.ru_nivcsw, 'inblock': ru.ru_inblock, 'oublock': ru.ru_oublock,
        },
    }


def _main(sock, ctx, ctl_in):
    """The template's loop; never returns."""
    libc.set_child_subreaper()
    if not ctx['namespaces']:
        libc.set_parent_death_signal(signal.SIGKILL)  # the zygote's death ends it (and its children)
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
            _send(sock, b'P' + struct.pack('>I', pid))
        elif data[:1] == REAP and len(data) in (5, 9) and not fds:
            pids = struct.unpack('>%dI' % ((len(data) - 1) // 4), data[1:])
            _send(sock, b'S' + json.dumps(_reap(pids[0], ctx, *pids[1:])).encode())
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
        self.sock = mine
        self.pid = pid
        self.pidfd = os.pidfd_open(pid)

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

    def reap(self, pid, spare=None):
        """Exit status and rusage of a job child that has exited (or was killed). `spare`:
        a standby child to leave alive (see _reap)."""
        _send(self.sock, REAP + struct.pack('>I', pid) + (b'' if spare is None else struct.pack('>I', spare)))
        data, _ = _recv(self.sock)
        if data[:1] != b'S':
            raise OSError('template answered %r to a reap' % data[:1])
        return json.loads(data[1:])

    def close(self):
        self.sock.close()
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        os.close(self.pidfd)
