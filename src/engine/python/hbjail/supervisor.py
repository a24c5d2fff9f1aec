"""The supervisor side of one job: fork, watch, enforce the wall-clock, CPU and output
limits, reap, wipe.

It runs in a per-job supervisor process (serve_one), not in the zygote: the zygote forks the
supervisor from its pristine image before anything of the job is read, and the supervisor
exits after the job. The zygote so never holds a job's source, stdin, call args or output,
and no later job's child can find them in the memory it inherits. Below, "the zygote" means
that supervisor.

The child is forked ahead of its job (Standby), right after the previous job's result went
out: the fork, the at-fork work of the interpreter, wiring the pipes and the job-independent
containment steps then happen while Node has nothing for this zygote, not while a job waits.
It is forked only after the previous child was reaped, its leftovers killed and the job
directory wiped, so it inherits nothing of an earlier job. When the job arrives, the zygote
writes stdin and the job frame into memfds the child holds and sends it one byte.

Output travels on the job's own pipes (1 MiB each); the zygote empties them every 10 ms
(or on every write, if the kernel refused the bigger pipes) and keeps at most `outputBytes`
per stream. When a stream goes past its cap the child is SIGKILLed, so a job writing
gigabytes (with or without newlines) costs at most one pipe buffer more than the cap. Files
in the job directory are capped by RLIMIT_FSIZE and the jail's tmpfs size.

Exit is observed through a pidfd. While the child is still a zombie (its pid, and so its
process group id, cannot be reused yet) the zygote kills whatever the job left behind, then
reaps it with wait4 for rusage (CPU time, peak RSS, page faults, context switches).
"""
import fcntl
import os
import select
import signal
import time

from . import frames, libc, runner

CHUNK_BYTES = 65536
DRAIN_AFTER_EXIT_NS = 200_000_000  # a leftover holding a pipe open cannot stall the zygote
REPORT_SLACK_BYTES = 1 << 20
PIPE_BYTES = 1 << 20  # /proc/sys/fs/pipe-max-size for unprivileged users by default
TICK_MS = 10
CPUCLOCK_SCHED = 2  # linux/posix-timers.h: MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED)
# How a per-job supervisor (serve_one) tells the zygote what to do next.
EXIT_NEXT = 0      # job done (or its frame rejected): fork the next supervisor
EXIT_STOP = 10     # stop frame or control channel closed
EXIT_RETIRE = 11   # recycle asked (workdir could not be wiped)
EXIT_FAULT = 12    # harness fault: the zygote exits and Node starts a fresh one


def _cpu_seconds(clock):
    try:
        return time.clock_gettime(clock)
    except OSError:  # already gone
        return 0.0


def _kill(pidfd):
    """SIGKILL through the pidfd: never hits a recycled pid. The output found over its cap
    may be read only after the child exited (and was reaped): nothing left to kill then."""
    try:
        signal.pidfd_send_signal(pidfd, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _grow_pipe(fd):
    try:
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        return True
    except OSError:  # over the per-user pipe budget: fall back to waking on every write
        return False


def _remove_tree(path):
    """rmtree without shutil (kept out of the zygote): the job may have taken permissions away
    from its own directories, and the zygote (same uid, the owner) gives them back first."""
    os.chmod(path, 0o700, follow_symlinks=False)
    for entry in os.scandir(path):
        if entry.is_dir(follow_symlinks=False):
            _remove_tree(entry.path)
        else:
            os.unlink(entry.path)
    os.rmdir(path)


def wipe(root):
    """Removes everything under the writable root. Returns False if something resisted
    (the zygote then asks to be recycled: a fresh jail has a fresh tmpfs)."""
    try:
        os.chmod(root, 0o700)  # the job may have taken its own permissions away
        for entry in os.scandir(root):
            if entry.is_dir(follow_symlinks=False):
                _remove_tree(entry.path)
            else:
                os.unlink(entry.path)
    except (OSError, RecursionError):
        return False
    return True


def _kill_leftovers(pid, ctx):
    try:
        if ctx['namespaces']:
            # The zygote is PID 1 of the jail's PID namespace (bwrap --as-pid-1), so kill(-1)
            # reaches every other process in it: whatever a job left behind, at any depth.
            os.kill(-1, signal.SIGKILL)
        else:
            os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _reap_orphans():
    """As PID 1 of the jail the zygote inherits every orphan; after kill(-1) they all die, so
    wait for each of them (blocking: SIGKILL is certain) until none is left."""
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


class Standby:
    """A job child forked before its job: it waits on the go pipe with its pipes wired."""

    def __init__(self, ctx):
        os.chmod(ctx['workdir'], 0o700)  # the directory itself is the jail's tmpfs root: reuse, wiped
        self.stdin_fd = os.memfd_create('stdin', 0)
        self.job_fd = os.memfd_create('job', 0)
        self.out_r, out_w = os.pipe()
        self.err_r, err_w = os.pipe()
        self.rep_r, rep_w = os.pipe()
        go_r, self.go_w = os.pipe()
        # Quiet mode: with 1 MiB pipe buffers a job rarely fills a pipe, so until it exits the
        # zygote sleeps on the pidfd alone and empties the pipes every TICK_MS, instead of
        # being woken for every write (each wake-up is a scheduling round trip on a busy
        # machine).
        self.quiet = all([_grow_pipe(fd) for fd in (self.out_r, self.err_r, self.rep_r)])
        for fd in (self.out_r, self.err_r, self.rep_r):
            os.set_blocking(fd, False)
        pid = os.fork()
        if pid == 0:
            try:
                runner.standby_main(ctx, self.stdin_fd, out_w, err_w, rep_w, go_r, self.job_fd)
            finally:
                os._exit(runner.EXIT_HARNESS_FAILED)
        for fd in (out_w, err_w, rep_w, go_r):
            os.close(fd)
        self.pid = pid
        self.pidfd = os.pidfd_open(pid)

    def alive(self):
        return not select.select([self.pidfd], [], [], 0)[0]

    def hand_over(self, job, raw):
        """Gives the child its job; closes what only the hand-over needed."""
        if job.get('stdin'):
            _write_all(self.stdin_fd, job['stdin'].encode('utf-8', 'surrogateescape'))
            os.lseek(self.stdin_fd, 0, os.SEEK_SET)
        _write_all(self.job_fd, raw)
        try:
            os.write(self.go_w, b'g')
        except BrokenPipeError:  # it died meanwhile: its exit status tells (harness failure)
            pass
        for fd in (self.stdin_fd, self.job_fd, self.go_w):
            os.close(fd)

    def cancel(self):
        """Ends a child that never got a job (the zygote is stopping or recycling)."""
        for fd in (self.stdin_fd, self.job_fd, self.go_w, self.out_r, self.err_r, self.rep_r):
            os.close(fd)
        _kill(self.pidfd)
        os.close(self.pidfd)
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def run_job(job, raw, standby, ctx):
    """Runs `job` (parsed; `raw` is its frame's JSON) in `standby` (or a fresh child if that
    one is gone). Returns the result frame."""
    if standby is None or not standby.alive():
        if standby is not None:
            standby.cancel()
        standby = Standby(ctx)
    lim = job['limits']
    cap = int(lim['outputBytes'])
    report_cap = cap + REPORT_SLACK_BYTES
    out_r, err_r, rep_r = standby.out_r, standby.err_r, standby.rep_r
    pid, pidfd, quiet = standby.pid, standby.pidfd, standby.quiet
    bufs = {out_r: bytearray(), err_r: bytearray(), rep_r: bytearray()}
    seen = {out_r: 0, err_r: 0, rep_r: 0}
    caps = {out_r: cap, err_r: cap, rep_r: report_cap}
    names = {out_r: 'stdout', err_r: 'stderr', rep_r: 'report'}
    open_fds = {out_r, err_r, rep_r}
    state = {'killed_for': None, 'over': None, 'pidfd': pidfd}

    def pump(fd):
        """Reads what the pipe holds; False at end of file."""
        while True:
            try:
                chunk = os.read(fd, CHUNK_BYTES)
            except BlockingIOError:
                return True
            if not chunk:
                return False
            seen[fd] += len(chunk)
            room = caps[fd] - len(bufs[fd])
            if room > 0:
                bufs[fd] += chunk[:room]
            if seen[fd] > caps[fd] and state['killed_for'] is None:
                state['killed_for'], state['over'] = 'output', names[fd]
                _kill(state['pidfd'])

    def close(fd):
        open_fds.discard(fd)
        os.close(fd)

    poller = select.poll()
    if not quiet:
        for fd in open_fds:
            poller.register(fd, select.POLLIN)
    poller.register(pidfd, select.POLLIN)
    cpu_limit_s = float(lim['cpuSeconds'])
    t_start = time.monotonic_ns()
    standby.hand_over(job, raw)
    # The job's CPU clock, read every tick: RLIMIT_CPU only counts whole seconds, this makes
    # a 0.5 s limit mean 0.5 s (to within TICK_MS). RLIMIT_CPU stays as the backstop.
    cpu_clock = ((~pid) << 3) | CPUCLOCK_SCHED
    deadline = t_start + int(lim['wallMs']) * 1_000_000
    exit_info = None
    drain_deadline = None
    while open_fds or exit_info is None:
        now = time.monotonic_ns()
        if exit_info is None:
            limit_ns = deadline
        else:
            if drain_deadline is None:
                drain_deadline = now + DRAIN_AFTER_EXIT_NS
            limit_ns = drain_deadline
        if now >= limit_ns:
            if exit_info is None:
                state['killed_for'] = state['killed_for'] or 'wall'
                _kill(pidfd)
                deadline = now + 10_000_000_000  # the kill is certain; wait for it
                continue
            break  # leftovers keep a pipe open: stop draining
        timeout_ms = max(1, (limit_ns - now) // 1_000_000)
        if exit_info is None:
            timeout_ms = min(timeout_ms, TICK_MS)
        ready = poller.poll(timeout_ms)
        if exit_info is None and state['killed_for'] is None and _cpu_seconds(cpu_clock) >= cpu_limit_s:
            state['killed_for'] = 'cpu'
            _kill(pidfd)
        for fd, _ in ready:
            if fd == pidfd:
                poller.unregister(pidfd)
                exit_info = _collect(pid, ctx)
                if quiet:
                    for pipe_fd in open_fds:
                        poller.register(pipe_fd, select.POLLIN)
            elif fd in open_fds and not pump(fd):
                poller.unregister(fd)
                close(fd)
        if quiet and exit_info is None and not ready:
            for fd in list(open_fds):
                if not pump(fd):
                    close(fd)
    killed_for, over = state['killed_for'], state['over']
    for fd in open_fds:
        os.close(fd)
    os.close(pidfd)
    t_end = exit_info.pop('endNs')
    recycle = not wipe(ctx['root'])
    # Output and the child's report go to Node as raw bytes (frames.write_raw after the
    # result frame), decoded and parsed there: as JSON strings, control characters would
    # grow sixfold and a stream within its cap could overflow the frame cap. The report is
    # the job's own claim anyway (its memory is the job's), so it is data for Node to check.
    return {
        'type': 'result',
        'id': job['id'],
        **exit_info,
        'killedFor': killed_for,
        'overStream': over,
        'attachments': ['stdout', 'stderr', 'report'],
        'raw': (bytes(bufs[out_r]), bytes(bufs[err_r]), bytes(bufs[rep_r])),
        'stdoutBytes': seen[out_r],
        'stderrBytes': seen[err_r],
        'startNs': t_start,
        'endNs': t_end,
        'recycle': recycle,
    }


def _collect(pid, ctx):
    """The child is a zombie now: kill leftovers, reap."""
    end_ns = time.monotonic_ns()
    os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
    _kill_leftovers(pid, ctx)
    _, status, ru = os.wait4(pid, 0)
    if ctx['namespaces']:
        _reap_orphans()
    if os.WIFSIGNALED(status):
        exit_code, sig = None, os.WTERMSIG(status)
    else:
        exit_code, sig = os.WEXITSTATUS(status), None
    return {
        'exitCode': exit_code,
        'signal': sig,
        'endNs': end_ns,
        'usage': {
            'utime': ru.ru_utime, 'stime': ru.ru_stime, 'maxrssKiB': ru.ru_maxrss,
            'minflt': ru.ru_minflt, 'majflt': ru.ru_majflt, 'nvcsw': ru.ru_nvcsw,
            'nivcsw': ru.ru_nivcsw, 'inblock': ru.ru_inblock, 'oublock': ru.ru_oublock,
        },
    }


_LIMIT_KEYS = ('cpuSeconds', 'wallMs', 'memoryBytes', 'outputBytes', 'fileSizeBytes', 'openFiles', 'threads')


def _check_job(job):
    """What run_job and the child rely on in a job frame; None or what is wrong. Node
    validates first; this keeps a frame it let through from faulting the harness."""
    if not isinstance(job.get('id'), int):
        return 'id is not an integer'
    for key in ('code', 'filename', 'stdin'):
        if not isinstance(job.get(key), str):
            return '%s is not a string' % key
    try:
        job['stdin'].encode('utf-8', 'surrogateescape')
    except UnicodeEncodeError as exc:
        return 'stdin is not encodable as UTF-8 (%s)' % exc.reason
    lim = job.get('limits')
    if not isinstance(lim, dict) or not all(
            isinstance(lim.get(k), (int, float)) and not isinstance(lim.get(k), bool) for k in _LIMIT_KEYS):
        return 'limits are incomplete'
    call = job.get('call')
    if call is not None and not (isinstance(call, dict) and isinstance(call.get('entry'), str)
                                 and isinstance(call.get('args'), list)):
        return 'call is not {entry, args}'
    return None


def serve_one(ctx, ctl_in, ctl_out):
    """One job, in a supervisor process the zygote forked from its pristine image before
    reading anything: pre-forks the job's child (pristine too), then reads the job frame,
    runs it, writes the result and returns the exit status for the zygote. Everything of the
    job (frame, output, report) lives only in this process and its child, both gone after the
    job, so no later fork inherits it."""
    if not ctx['namespaces']:
        # Without the jail's PID namespace nothing else ties this process to the zygote's life.
        libc.set_parent_death_signal(signal.SIGKILL)
        if os.getppid() == 1:
            return EXIT_STOP
    try:
        standby = Standby(ctx)
    except OSError:
        standby = None  # run_job retries, and reports a fault if that fails too
    job_id = None
    try:
        try:
            raw, frame = frames.read_frame_raw(ctl_in)
        except EOFError:
            return EXIT_STOP
        except (ValueError, RecursionError) as exc:
            # The frame was read whole (its size was in bounds), so the channel is still in
            # step: reject this job only; the zygote carries on with a fresh supervisor.
            if isinstance(exc, ValueError) and str(exc).startswith('frame too large'):
                raise
            frames.write_frame(ctl_out, {'type': 'fault', 'id': None, 'fatal': False,
                                         'message': 'job frame rejected: %s: %s' % (type(exc).__name__, exc)})
            return EXIT_NEXT
        if not isinstance(frame, dict) or frame.get('type') != 'job':
            return EXIT_STOP
        job_id = frame.get('id')
        problem = _check_job(frame)
        if problem is not None:  # only this job is refused; nothing of the zygote is at stake
            frames.write_frame(ctl_out, {'type': 'fault', 'id': job_id if isinstance(job_id, int) else None,
                                         'fatal': False, 'message': 'job frame rejected: %s' % problem})
            return EXIT_NEXT
        child, standby = standby, None  # run_job owns it from here
        try:
            result = run_job(frame, raw, child, ctx)
        except Exception as exc:  # a harness fault: report it and ask to be replaced
            frames.write_frame(ctl_out, {'type': 'fault', 'id': job_id, 'message': '%s: %s' % (type(exc).__name__, exc)})
            return EXIT_FAULT
        raw = result.pop('raw')
        frames.write_frame(ctl_out, result)
        for blob in raw:
            frames.write_raw(ctl_out, blob)
        return EXIT_RETIRE if result.get('recycle') else EXIT_NEXT
    finally:
        if standby is not None:
            try:
                standby.cancel()
            except OSError:
                pass
