"""The job child forked ahead of its job (Standby). The child itself reads its job frame from
the control channel (runner._read_job) and tells the zygote on a notice socket that the job
started (with its header: id and limits) or why the frame was refused; the zygote never reads
a frame, so no part of a job's data (code, stdin, call args) ever enters its memory
(see supervisor.py for why that matters)."""
import fcntl
import json
import os
import select
import signal
import struct

from . import frames, runner

PIPE_BYTES = 1 << 20  # /proc/sys/fs/pipe-max-size for unprivileged users by default


def kill(pidfd):
    """SIGKILL through the pidfd: never hits a recycled pid. The output found over its cap
    may be read only after the child exited (and was reaped): nothing left to kill then."""
    try:
        signal.pidfd_send_signal(pidfd, signal.SIGKILL)
    except ProcessLookupError:
        pass


def grow_pipe(fd):
    try:
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        return True
    except OSError:  # over the per-user pipe budget: fall back to waking on every write
        return False


class Standby:
    """A job child forked before its job: it waits on the control channel with its pipes wired.

    The zygote keeps only descriptors: the read ends of the job's pipes, its end of the
    notice socket, and one holding memfd per stream that output is spliced into."""

    def __init__(self, ctx, template):
        """Has the template fork the child."""
        stdin_fd = os.memfd_create('stdin', 0)
        self.out_r, out_w = os.pipe()
        self.err_r, err_w = os.pipe()
        self.rep_r, rep_w = os.pipe()
        # Both ways: the zygote's go-ahead goes down it; the child's notices come up it.
        self.notice_r, notice_w = (s.detach() for s in template.socketpair())
        self.holds = [os.memfd_create(name, 0) for name in ('stdout', 'stderr', 'report')]
        # Quiet mode: with 1 MiB pipe buffers a job rarely fills a pipe, so until it ends the
        # zygote sleeps on the report pipe's hang-up and the pidfd alone and empties the pipes
        # every TICK_MS, instead of being woken for every write (each wake-up is a scheduling
        # round trip on a busy machine).
        self.quiet = all([grow_pipe(fd) for fd in (self.out_r, self.err_r, self.rep_r)])
        for fd in (self.out_r, self.err_r, self.rep_r):
            os.set_blocking(fd, False)
        self.template = template
        try:
            self.pid = template.fork((stdin_fd, out_w, err_w, rep_w, notice_w))
        finally:
            for fd in (stdin_fd, out_w, err_w, rep_w, notice_w):
                os.close(fd)
        self.pidfd = os.pidfd_open(self.pid)

    def go(self):
        """Lets the child read its job (the job directory is clean). A child that died
        meanwhile shows in notice()."""
        os.chmod(self.template.workdir, 0o700)  # the jail's tmpfs root, reused: the job may have changed it
        try:
            os.write(self.notice_r, b'g')
        except OSError:
            pass

    def notice(self):
        """Waits for the child's first notice (it comes once a job frame is there, or the
        channel closed). Returns (kind, payload), or None if the child ended without one."""
        select.select([self.notice_r], [], [])  # end of file too, should the child die
        try:
            size = struct.unpack('>I', frames.read_exact(self.notice_r, 4))[0]
            if not 1 <= size <= (1 << 17):
                return None
            message = frames.read_exact(self.notice_r, size)
        except EOFError:
            return None
        return message[:1], message[1:]

    def contained(self):
        """After the job: what the child said of its containment before any code of the job
        ran (runner._start). None: every step held; else {step, message}. The child said it
        before its job's code ran, so it is there now in full, or never will be (one read,
        without waiting)."""
        os.set_blocking(self.notice_r, False)
        try:
            data = os.read(self.notice_r, 1 << 16)
        except BlockingIOError:
            data = b''
        note = None
        if len(data) >= 5 and struct.unpack('>I', data[:4])[0] == len(data) - 4:
            note = data[4:5], data[5:]
        os.close(self.notice_r)
        self.notice_r = None
        if note is not None and note[0] == runner.NOTICE_CONTAINED:
            return None
        if note is not None and note[0] == runner.NOTICE_NOT_CONTAINED:
            try:
                failed = json.loads(note[1])
                return {'step': str(failed['step'])[:200], 'message': str(failed['message'])[:2000]}
            except (ValueError, KeyError, TypeError, RecursionError):
                pass
        return {'step': 'unknown', 'message': 'the job child ended before its containment was complete'}

    def end(self):
        """Waits for a child that left without a job (it exits by itself) and has it reaped."""
        select.select([self.pidfd], [], [])
        self.close_all()
        self.template.reap(self.pid)

    def close_all(self):
        for fd in (self.notice_r, self.out_r, self.err_r, self.rep_r, *self.holds, self.pidfd):
            if fd is not None:
                os.close(fd)

    def cancel(self):
        """Ends a child that never got a job."""
        kill(self.pidfd)
        self.end()
