"""The job child forked ahead of its job (Standby). The child itself reads its job frame from
the control channel (runner._read_job) and tells the zygote on a notice pipe that the job
started (with its header: id and limits) or why the frame was refused; the zygote never reads
a frame, so no part of a job's data (code, stdin, call args) ever enters its memory
(see supervisor.py for why that matters)."""
import fcntl
import os
import select
import signal
import struct


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

    The zygote keeps only descriptors: the read ends of the job's pipes and of the notice
    pipe, and one holding memfd per stream that output is spliced into."""

    def __init__(self, ctx, template, wait=True):
        """Has the template fork the child. wait=False: the template's answer (the child's
        pid) is taken later, by attach(), so the zygote can go on meanwhile."""
        stdin_fd = os.memfd_create('stdin', 0)
        self.out_r, out_w = os.pipe()
        self.err_r, err_w = os.pipe()
        self.rep_r, rep_w = os.pipe()
        # Both ways: the child's notice comes up it, and the go-ahead to read its job (once the
        # previous job's directory is wiped) goes down it.
        self.notice_r, notice_w = (s.detach() for s in template.socketpair())
        self.holds = [os.memfd_create(name, 0) for name in ('stdout', 'stderr', 'report')]
        # Quiet mode: with 1 MiB pipe buffers a job rarely fills a pipe, so until it ends the
        # zygote sleeps on the report pipe's hang-up and the pidfd alone and empties the pipes
        # every TICK_MS, instead of being woken for every write (each wake-up is a scheduling
        # round trip on a busy machine).
        self.quiet = all([grow_pipe(fd) for fd in (self.out_r, self.err_r, self.rep_r)])
        for fd in (self.out_r, self.err_r, self.rep_r):
            os.set_blocking(fd, False)
        self.pid = self.pidfd = None
        self.template = template
        try:
            template.fork_async((stdin_fd, out_w, err_w, rep_w, notice_w))
        finally:
            for fd in (stdin_fd, out_w, err_w, rep_w, notice_w):
                os.close(fd)
        if wait:
            self.attach()

    def attach(self):
        """Takes the template's answer to the fork: the child's pid, and a pidfd for it."""
        if self.pid is None:
            self.pid = self.template.fork_result()
            self.pidfd = os.pidfd_open(self.pid)
        return self

    def go(self):
        """Lets the child read its job: the job directory is clean. A child that died
        meanwhile shows in notice()."""
        os.chmod(self.template.workdir, 0o700)  # the jail's tmpfs root, reused: the job may have changed it
        try:
            os.write(self.notice_r, b'g')
        except OSError:
            pass

    def successor_ready(self):
        """Tells the child that the next job's child exists (runner.SUCCESSOR_READY)."""
        try:
            os.write(self.notice_r, b's')
        except OSError:
            pass

    def notice(self):
        """Waits for the child's notice (it comes once a job frame is there, or the channel
        closed). Returns (kind, payload), or None if the child ended without a whole one."""
        select.select([self.notice_r], [], [])  # end of file too, should the child die
        try:
            size = struct.unpack('>I', _read_exact(self.notice_r, 4))[0]
            if not 1 <= size <= (1 << 17):
                return None
            message = _read_exact(self.notice_r, size)
        except EOFError:
            return None
        finally:
            os.close(self.notice_r)
            self.notice_r = None
        return message[:1], message[1:]

    def end(self, spare=False):
        """Waits for a child that left without a job (it exits by itself) and has it reaped;
        spare: the template's other standby children are left alive."""
        self.attach()
        select.select([self.pidfd], [], [])
        self.close_all()
        self.template.reap(self.pid, spare)

    def close_all(self):
        for fd in (self.notice_r, self.out_r, self.err_r, self.rep_r, *self.holds, self.pidfd):
            if fd is not None:
                os.close(fd)

    def cancel(self, spare=False):
        """Ends a child that never got a job."""
        self.attach()
        kill(self.pidfd)
        self.end(spare)


def _read_exact(fd, n):
    data = b''
    while len(data) < n:
        chunk = os.read(fd, n - len(data))
        if not chunk:
            raise EOFError('notice cut short')
        data += chunk
    return data
