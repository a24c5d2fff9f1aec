"""The job child forked ahead of its job (Standby), and how its job reaches it: the zygote
writes the job's header and splices the body from the control channel into a memfd the child
holds, inside the kernel, so the job's data never passes through the zygote's memory
(see supervisor.py for why that matters)."""
import fcntl
import os
import select
import signal

from . import runner

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


def write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def splice_exact(src, dst, count, relay):
    """Moves `count` bytes from `src` to `dst` inside the kernel (blocking). splice needs a
    pipe on one side, and Node's end of the control channel is a socket: the bytes go
    through `relay`, a pipe of this process (read end, write end)."""
    relay_r, relay_w = relay
    while count > 0:
        moved = os.splice(src, relay_w, min(count, PIPE_BYTES))
        if moved == 0:
            raise EOFError('control channel closed')
        count -= moved
        while moved > 0:
            moved -= os.splice(relay_r, dst, moved)


class Standby:
    """A job child forked before its job: it waits on the go pipe with its pipes wired.

    The zygote keeps only descriptors: the job memfd the body is spliced into, the read ends
    of the job's pipes and one holding memfd per stream that output is spliced into."""

    def __init__(self, ctx):
        os.chmod(ctx['workdir'], 0o700)  # the directory itself is the jail's tmpfs root: reuse, wiped
        stdin_fd = os.memfd_create('stdin', 0)
        self.job_fd = os.memfd_create('job', 0)
        self.out_r, out_w = os.pipe()
        self.err_r, err_w = os.pipe()
        self.rep_r, rep_w = os.pipe()
        go_r, self.go_w = os.pipe()
        self.holds = [os.memfd_create(name, 0) for name in ('stdout', 'stderr', 'report')]
        # Quiet mode: with 1 MiB pipe buffers a job rarely fills a pipe, so until it exits the
        # zygote sleeps on the pidfd alone and empties the pipes every TICK_MS, instead of
        # being woken for every write (each wake-up is a scheduling round trip on a busy
        # machine).
        self.quiet = all([grow_pipe(fd) for fd in (self.out_r, self.err_r, self.rep_r)])
        for fd in (self.out_r, self.err_r, self.rep_r):
            os.set_blocking(fd, False)
        pid = os.fork()
        if pid == 0:
            try:
                runner.standby_main(ctx, stdin_fd, out_w, err_w, rep_w, go_r, self.job_fd)
            finally:
                os._exit(runner.EXIT_HARNESS_FAILED)
        for fd in (stdin_fd, out_w, err_w, rep_w, go_r):
            os.close(fd)
        self.pid = pid
        self.pidfd = os.pidfd_open(pid)

    def alive(self):
        return not select.select([self.pidfd], [], [], 0)[0]

    def hand_over(self, head, body_bytes, ctl_in, relay):
        """Gives the child its job: the header (limits, no job data) written, the body (code,
        stdin, call args) spliced from the control channel into the child's memfd, so it
        never passes through this process's memory; then the go byte."""
        write_all(self.job_fd, head + b'\n')
        splice_exact(ctl_in, self.job_fd, body_bytes, relay)
        try:
            os.write(self.go_w, b'g')
        except BrokenPipeError:  # it died meanwhile: its exit status tells (harness failure)
            pass
        os.close(self.go_w)

    def verdict(self):
        """What the child made of its job (runner.ACCEPTED or a rejection), from the size it
        truncated the job memfd to; closes it. Any other size: the child never got that far."""
        size = os.fstat(self.job_fd).st_size
        os.close(self.job_fd)
        return size

    def cancel(self):
        """Ends a child that never got a job (the zygote is stopping or recycling)."""
        for fd in (self.job_fd, self.go_w, self.out_r, self.err_r, self.rep_r, *self.holds):
            os.close(fd)
        kill(self.pidfd)
        os.close(self.pidfd)
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
