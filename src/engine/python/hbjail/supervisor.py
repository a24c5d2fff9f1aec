"""The supervisor side of every job, run by the zygote itself: have the child forked, watch
it, enforce the wall-clock, CPU and output limits, collect, wipe.

No job data ever enters the zygote's memory, so no later child can find an earlier job's
source, stdin, call args or output in the memory it inherits. The zygote never reads a job
frame: the standby child reads its own from the control channel and tells the zygote only
the header (id, limits) on its notice socket; output is spliced from the job's pipes into
holding memfds and sent on to Node with sendfile, inside the kernel. (A per-job supervisor
process, forked from the zygote to hold the job, once did the same at the price of a second
fork per job: ~500 copy-on-write faults and ~1.6 ms of CPU per job more, measured.)

Job children are forked by the template (template.py), a process forked once from the
zygote after its imports: the zygote's own pages are then never shared with a live job
child, so its bookkeeping copies none of them (it used to copy ~210 per job, on the job's
critical path). The child is forked ahead of its job (standby.Standby), right after the
previous job was reaped and its directory wiped: the fork, the at-fork work of the
interpreter, wiring the pipes and the job-independent containment steps then happen while
Node has nothing for this zygote, not while a job waits. The template never reads the
channel either, and only one child at a time holds it.

Output travels on the job's own pipes (1 MiB each); the zygote empties them every 10 ms
(or on every write, if the kernel refused the bigger pipes) and keeps at most `outputBytes`
per stream. When a stream goes past its cap the child is SIGKILLed, so a job writing
gigabytes (with or without newlines) costs at most one pipe buffer more than the cap. Files
in the job directory are capped by RLIMIT_FSIZE and the jail's tmpfs size.

A job normally ends by handing back (runner._hand_back): the child writes its report with an
end mark and its exit status, closes every descriptor and sleeps. The report pipe's hang-up
wakes the zygote, which takes the job's figures from the kernel while the process is still
there (CPU from its scheduler clock, faults from /proc/<pid>/stat, peak RSS and context
switches from /proc/<pid>/status), sends the result, and only then kills and reaps it and
wipes the job directory. Exiting first would have put the kernel's teardown of a forked
interpreter's address space (~0.3 ms here) between the job's end and its result.

Any other end (a crash, a signal, a kill for a limit, a job that closed its own pipes
without the mark) is observed through a pidfd. The template, the child's parent, then kills
whatever the job left behind while the child is still a zombie (its pid, and so its process
group id, cannot be reused yet), reaps it with wait4 and hands the zygote its exit status
and rusage (CPU time, peak RSS, page faults, context switches).
"""
import json
import os
import select
import time

from . import frames, runner
from .standby import Standby, kill
from .template import Template

CHUNK_BYTES = 65536
DRAIN_AFTER_EXIT_NS = 200_000_000  # a leftover holding a pipe open cannot stall the zygote
REPORT_SLACK_BYTES = 1 << 20
TICK_MS = 10
CPUCLOCK_SCHED = 2
PF_EXITING = 0x4  # linux/sched.h: the flags field of /proc/<pid>/stat  # linux/posix-timers.h: MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED)


def _cpu_seconds(clock):
    try:
        return time.clock_gettime(clock)
    except OSError:  # already gone
        return 0.0


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
    """Removes everything under the writable root, and whatever the job attached to the root
    itself: extended attributes (user.* data a later job could read back) and ACLs (a
    default ACL that denies the owner would break every later job). Returns False if
    something resisted (the zygote then asks to be recycled: a fresh jail has a fresh
    tmpfs)."""
    try:
        os.chmod(root, 0o700)  # the job may have taken its own permissions away
        for entry in os.scandir(root):
            if entry.is_dir(follow_symlinks=False):
                _remove_tree(entry.path)
            else:
                os.unlink(entry.path)
        for name in os.listxattr(root):
            os.removexattr(root, name)
        if os.listxattr(root):
            return False
    except (OSError, RecursionError):
        return False
    return True


def _inodes_used(root):
    """Inodes in use on the job directory's tmpfs (one system call); None if it keeps no count."""
    st = os.statvfs(root)
    return st.f_files - st.f_ffree if st.f_files else None


def _left_entries(root, clean):
    """Whether the job left files or directories behind, the slow part of a wipe: the tmpfs's
    inode count against its count when the directory was clean (one system call), or, on a
    tmpfs that keeps none, a look into the directory."""
    try:
        if clean is not None:
            return _inodes_used(root) != clean
        with os.scandir(root) as entries:
            return next(entries, None) is not None
    except OSError:
        return True


def run_job(start_ns, limits, standby, ctx):
    """Watches the job that `standby` started at `start_ns` (monotonic) under `limits` (from
    its header). Returns (result frame, holding memfds, their sizes, finish): `finish()`, if
    not None, must be called once the result went out (it ends the child, which is still
    there, reaps it and wipes the job directory) and returns whether the zygote must be
    recycled."""
    cap = int(limits['outputBytes'])
    out_r, err_r, rep_r = standby.out_r, standby.err_r, standby.rep_r
    pid, pidfd, quiet = standby.pid, standby.pidfd, standby.quiet
    holds = dict(zip((out_r, err_r, rep_r), standby.holds))
    kept = {out_r: 0, err_r: 0, rep_r: 0}
    seen = {out_r: 0, err_r: 0, rep_r: 0}
    caps = {out_r: cap, err_r: cap, rep_r: cap + REPORT_SLACK_BYTES}
    names = {out_r: 'stdout', err_r: 'stderr', rep_r: 'report'}
    open_fds = {out_r, err_r, rep_r}
    state = {'killed_for': None, 'over': None, 'cpu_at_kill': None}
    sink = ctx['devnull']

    def pump(fd):
        """Moves what the pipe holds into its holding memfd (past the cap: to /dev/null),
        inside the kernel: the job's output never enters this process. False at end of file."""
        while True:
            room = caps[fd] - kept[fd]
            try:
                if room > 0:
                    n = os.splice(fd, holds[fd], min(room, CHUNK_BYTES), flags=os.SPLICE_F_NONBLOCK)
                    kept[fd] += n
                else:
                    n = os.splice(fd, sink, CHUNK_BYTES, flags=os.SPLICE_F_NONBLOCK)
            except BlockingIOError:
                return True
            if not n:
                return False
            seen[fd] += n
            if seen[fd] > caps[fd] and state['killed_for'] is None:
                state['killed_for'], state['over'] = 'output', names[fd]
                kill(pidfd)

    def drain(fds):
        for fd in fds:
            if fd in open_fds and not pump(fd):
                open_fds.discard(fd)
                try:
                    poller.unregister(fd)
                except KeyError:
                    pass
                os.close(fd)

    poller = select.poll()
    # Quiet: the pipes are emptied every tick, and only the report pipe's hang-up (all its
    # writers gone: the child handed back, or exited) wakes this process early.
    if quiet:
        poller.register(rep_r, 0)
    else:
        for fd in open_fds:
            poller.register(fd, select.POLLIN)
    poller.register(pidfd, select.POLLIN)
    cpu_limit_s = float(limits['cpuSeconds'])
    t_start = start_ns
    # The job's CPU clock, read every tick: RLIMIT_CPU only counts whole seconds, this makes
    # a 0.5 s limit mean 0.5 s (to within TICK_MS). RLIMIT_CPU stays as the backstop.
    cpu_clock = ((~pid) << 3) | CPUCLOCK_SCHED
    deadline = t_start + int(limits['wallMs']) * 1_000_000
    exit_info = None
    handed_back = False
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
                kill(pidfd)
                deadline = now + 10_000_000_000  # the kill is certain; wait for it
                continue
            break  # leftovers keep a pipe open: stop draining
        timeout_ms = max(1, (limit_ns - now) // 1_000_000)
        if exit_info is None:
            timeout_ms = min(timeout_ms, TICK_MS)
        ready = poller.poll(timeout_ms)
        if exit_info is None and state['killed_for'] is None:
            cpu_s = _cpu_seconds(cpu_clock)
            if cpu_s >= cpu_limit_s:
                # Kept for the report: wait4's utime+stime can come out below the scheduler
                # clock that decided the kill (0.91 s against a 1 s limit, seen under load),
                # and "limit 1 s exceeded (used 0.91 s)" would contradict itself.
                state['killed_for'], state['cpu_at_kill'] = 'cpu', cpu_s
                kill(pidfd)
        exited = False
        for fd, _ in ready:
            if fd == pidfd:
                exited = True
            elif fd == rep_r and quiet:
                # The report pipe hung up: take everything now. Should stdout or stderr still
                # have a writer (the submission holds a copy, a thread still writes), their
                # own end of file wakes this process from now on, not the next tick.
                drain((out_r, err_r, rep_r))
                for other in open_fds:
                    poller.register(other, select.POLLIN)
            else:
                drain((fd,))
        if quiet and exit_info is None and not ready:
            drain((out_r, err_r, rep_r))
        if exited:
            poller.unregister(pidfd)
            exit_info = _collect(pid, ctx)
            if quiet:
                for fd in open_fds:
                    if fd == rep_r:
                        poller.modify(fd, select.POLLIN)
                    else:
                        poller.register(fd, select.POLLIN)
        elif exit_info is None and not open_fds and state['killed_for'] is None:
            exit_info = _handed_back(pid, cpu_clock, holds[rep_r], kept[rep_r], seen[rep_r])
            handed_back = exit_info is not None
            if handed_back and _left_entries(ctx['root'], ctx.get('clean_inodes')):
                # Wiping may take long (a million empty directories: seconds): do it before
                # the result, so it is this job's time, not the next one's on this zygote.
                kill(pidfd)
                ctx['template'].reap(pid)
                handed_back = False
    for fd in open_fds:
        os.close(fd)
    t_end = exit_info.pop('endNs')

    def finish():
        """Ends and reaps a child that handed back (it sleeps until killed), wipes the job
        directory; True if the zygote must be recycled."""
        if handed_back:
            try:
                # Its teardown (~0.3 ms of kernel work) is no job's: let a running job, Node
                # and the zygotes go first (back to back: p50 2-5 % lower, measured).
                os.setpriority(os.PRIO_PROCESS, pid, 19)
            except OSError:
                pass
            kill(pidfd)
            ctx['template'].reap(pid)  # waits for the exit (SIGKILL is certain)
        os.close(pidfd)
        if not wipe(ctx['root']):
            return True
        ctx['clean_inodes'] = _inodes_used(ctx['root'])
        return False

    # Output and the child's report go to Node as raw bytes (attachments after the result
    # frame), decoded and parsed there: as JSON strings, control characters would grow
    # sixfold and a stream within its cap could overflow the frame cap. The report is the
    # job's own claim anyway (its memory is the job's), so it is data for Node to check.
    result = {
        'type': 'result',
        'id': None,
        **exit_info,
        'killedFor': state['killed_for'],
        'cpuAtKillS': state['cpu_at_kill'],
        'overStream': state['over'],
        'attachments': ['stdout', 'stderr', 'report'],
        'stdoutBytes': seen[out_r],
        'stderrBytes': seen[err_r],
        'startNs': t_start,
        'endNs': t_end,
        'recycle': False,
    }
    if not handed_back:
        # The child is gone and reaped: wipe now, so the result can say whether this zygote
        # can take another job.
        result['recycle'] = finish()
        finish = None
    return result, [holds[out_r], holds[err_r], holds[rep_r]], [kept[out_r], kept[err_r], kept[rep_r]], finish


def _proc_fields(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        return os.read(fd, 4096)
    finally:
        os.close(fd)


def _handed_back(pid, cpu_clock, report_fd, report_kept, report_seen):
    """All three pipes are at end of file and the child still runs: if its report ends with
    runner.END_MARK, the job is over (runner._hand_back) and its figures are taken now from
    the kernel, the process alive and asleep: CPU from its scheduler clock, faults from
    /proc/<pid>/stat, peak RSS and context switches from /proc/<pid>/status. Returns the
    exit info, or None (no mark: wait for the exit as usual)."""
    mark = runner.END_MARK
    if report_kept != report_seen or report_kept < len(mark) + 1:
        return None
    tail = os.pread(report_fd, len(mark) + 1, report_kept - len(mark) - 1)
    if tail[:len(mark)] != mark:
        return None
    end_ns = time.monotonic_ns()
    try:
        stat = _proc_fields('/proc/%d/stat' % pid)
        status = _proc_fields('/proc/%d/status' % pid)
    except OSError:
        return None
    cpu_s = _cpu_seconds(cpu_clock)
    f = stat[stat.rindex(b')') + 2:].split()
    if f[0] in (b'Z', b'X') or int(f[6]) & PF_EXITING:
        # It is exiting after all (its descriptors close only after its memory is gone):
        # its exit status decides.
        return None
    fields = {}
    for line in status.split(b'\n'):
        key, _, value = line.partition(b':')
        if key in (b'VmHWM', b'voluntary_ctxt_switches', b'nonvoluntary_ctxt_switches'):
            fields[key] = int(value.split()[0])
    if len(fields) != 3:
        return None  # no memory any more: exiting
    ticks_u, ticks_s = int(f[11]), int(f[12])
    share_u = ticks_u / (ticks_u + ticks_s) if ticks_u + ticks_s else 1.0
    return {
        'exitCode': tail[-1],
        'signal': None,
        'endNs': end_ns,
        'usage': {
            'utime': cpu_s * share_u, 'stime': cpu_s * (1 - share_u),
            'maxrssKiB': fields[b'VmHWM'], 'minflt': int(f[7]), 'majflt': int(f[9]),
            'nvcsw': fields[b'voluntary_ctxt_switches'],
            'nivcsw': fields[b'nonvoluntary_ctxt_switches'], 'inblock': 0, 'oublock': 0,
        },
    }


def _send_result(ctl_out, result, holds, sizes):
    """The result frame, then each holding memfd as a raw frame copied to Node by sendfile
    (inside the kernel). Frame headers are gathered and written together between the
    sendfile calls: 4 system calls for a print(1) job instead of 6, and fewer wake-ups of
    Node for one result."""
    pending = frames.encode_frame(result)
    try:
        for fd, size in zip(holds, sizes):
            pending += frames.raw_header(size)
            if size == 0:
                continue
            frames.write_all(ctl_out, pending)
            pending = b''
            offset = 0
            while offset < size:
                offset += os.sendfile(ctl_out, fd, offset, size - offset)
        if pending:
            frames.write_all(ctl_out, pending)
    finally:
        for fd in holds:
            os.close(fd)


def _collect(pid, ctx):
    """The child has exited (or was killed): the template, its parent, kills what it left
    behind (sparing the next standby child, if one was forked meanwhile) and reaps it; its
    exit status and rusage."""
    end_ns = time.monotonic_ns()
    info = ctx['template'].reap(pid)
    info['endNs'] = end_ns
    return info


def _reject(ctl_out, job_id, problem):
    frames.write_frame(ctl_out, {'type': 'fault', 'id': job_id if isinstance(job_id, int) else None,
                                 'fatal': False, 'message': 'job frame rejected: %s' % problem})


STANDBY_ATTEMPTS = 3


def _standby(ctx):
    """A fresh standby child; a fork refused for a moment (EAGAIN) is retried."""
    for attempt in range(STANDBY_ATTEMPTS):
        try:
            return Standby(ctx, ctx['template'])
        except OSError:
            if attempt == STANDBY_ATTEMPTS - 1:
                raise
            time.sleep(0.01 * (attempt + 1))


def serve(ctx, ctl_in, ctl_out):
    """Serves jobs until the channel closes or something forces a restart; returns then.

    This process (the zygote) never reads a job frame (see the module's docstring): each
    standby child reads its own from `ctl_in` and tells the zygote the header (id, limits)
    on its notice socket. Only one child at a time holds the channel: the next one is forked
    after the previous one has closed it and been reaped."""
    ctx['devnull'] = os.open(os.devnull, os.O_WRONLY | os.O_CLOEXEC)
    ctx['template'] = Template(ctx, ctl_in, ctl_out)
    child = None
    while True:
        job_id = None
        sent = False
        try:
            if child is None:
                child = _standby(ctx)
                child.go()
            note = child.notice()
            if note is None:
                child.end()
                # It died before it said anything, perhaps halfway through a frame: the
                # channel may be out of step, so this zygote stops (Node replaces it).
                frames.write_frame(ctl_out, {'type': 'fault', 'id': None,
                                             'message': 'job child ended before its job started'})
                return
            kind, payload = note
            if kind != runner.NOTICE_STARTED:
                child.end()
                child = None
                if kind == runner.NOTICE_REFUSED:
                    refused = json.loads(payload)
                    _reject(ctl_out, refused['id'], refused['problem'])
                    continue
                if kind == runner.NOTICE_FATAL:
                    frames.write_frame(ctl_out, {'type': 'fault', 'id': None,
                                                 'message': payload.decode('utf-8', 'replace')})
                return  # NOTICE_STOP: the channel closed
            start_ns = int.from_bytes(payload[:8], 'big')
            head = json.loads(payload[8:])
            job_id = head['id']
            result, holds, sizes, finish = run_job(start_ns, head['limits'], child, ctx)
            result['id'] = job_id
            result['containFailed'] = child.contained()
            _send_result(ctl_out, result, holds, sizes)
            sent = True
            if result['recycle']:
                return  # its job directory could not be wiped: a fresh jail has a fresh tmpfs
            if finish is not None and finish():
                # The result is out, so Node may already have sent the next job: say that
                # this zygote leaves without letting any child read it (Node queues it again).
                frames.write_frame(ctl_out, {'type': 'fault', 'id': None, 'retired': True,
                                             'message': 'job directory could not be wiped'})
                return
            child = None
        except Exception as exc:  # a harness fault: report it and ask to be replaced
            message = '%s: %s' % (type(exc).__name__, exc)
            frames.write_frame(ctl_out, {'type': 'fault', 'id': None, 'retired': True, 'message': message}
                               if sent else {'type': 'fault', 'id': job_id, 'message': message})
            return
