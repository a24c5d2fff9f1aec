"""The job child: forked ahead of its job (standby.Standby), it wires the per-job pipes
and does the job-independent containment while it waits; then it reads its job, contain()s
itself, runs the submission, reports, exits.

File descriptors in the child: 0 stdin (a memfd), 1/2 the job's own stdout/stderr pipes,
3 the report pipe; while it waits also 4 (a copy of the control channel from Node, from
which the child reads its own job frame: the zygote never reads one) and 5 (the notice
socket: the zygote's go-ahead comes down it once the job directory is clean, and the child
tells the zygote on it that the job started, with its header, or why the frame was
refused), both closed before containment; and 6, its own /proc/self/io, opened once
(_open_io_counters). Everything else (the zygote's result channel included) is closed
before the child waits, so a job can neither forge frames nor read a later job's.

The report is one JSON object written to fd 3 at the end. A job could write its own fake
report; it would only change its own result, never another job's. There is no sound way to
keep the report out of the submission's reach from inside its own process: whatever the
harness could write through later (fd 3, a descriptor re-opened from a path, the audit hook's
memory), the submission can reach first. So events, error and return value are the job's
own claims; status, exit, signal and usage come from the kernel via the zygote, and Node
parses the report as untrusted data (classify.ts).
"""
import atexit
import builtins
import json
import linecache
import os
import select
import signal
import struct
import sys
import time
import types

from . import frames, libc
from .contain import ContainmentError, contain, prepare
from .events import Recorder

REPORT_FD = 3
CTL_FD = 4
NOTICE_FD = 5
IO_FD = 6  # /proc/self/io, opened once (_open_io_counters)
EXIT_CONTAIN_FAILED = 121
EXIT_HARNESS_FAILED = 122
REPR_CHARS = 200
TRACEBACK_FRAMES = 1000  # Python's default recursion limit: ordinary tracebacks stay whole


def _write_report(report):
    data = json.dumps(report, separators=(',', ':'), ensure_ascii=False).encode('utf-8', 'surrogatepass')
    view = memoryview(data)
    while view:
        view = view[os.write(REPORT_FD, view):]


def _user_line(tb, filename):
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


HARNESS_DIR = os.path.dirname(os.path.abspath(__file__))


def _trim(tb, filename):
    """Drops the harness's frames before the submission's first one, so tracebacks look like
    `python solution.py`."""
    while tb is not None and tb.tb_frame.f_code.co_filename != filename:
        tb = tb.tb_next
    return tb


def _hide_harness(te):
    """Removes frames of the harness (e.g. the audit hook) from a TracebackException chain."""
    seen = set()
    while te is not None and id(te) not in seen:
        seen.add(id(te))
        te.stack[:] = [f for f in te.stack if not f.filename.startswith(HARNESS_DIR)]
        te = te.__cause__ or te.__context__


def _print_exception(exc, filename):
    try:
        import traceback
        exc.__traceback__ = _trim(exc.__traceback__, filename)
        # The innermost TRACEBACK_FRAMES only: after deep recursion under a raised recursion
        # limit, formatting 100 000+ frames took ~4 s of the job's CPU time (measured).
        te = traceback.TracebackException.from_exception(exc, limit=-TRACEBACK_FRAMES)
        _hide_harness(te)
        sys.stderr.write(''.join(te.format()))
    except BaseException:  # MemoryError while formatting: say at least what happened
        os.write(2, ('%s\n' % type(exc).__name__).encode())


def _is_frame_stack_overflow(exc):
    """Python 3.11 raises this bare SystemError when it cannot allocate a frame for one more
    call: deep recursion under a raised recursion limit ran out of the job's memory."""
    if type(exc) is not SystemError or str(exc) != 'error return without exception set':
        return False
    depth, tb = 0, exc.__traceback__
    while tb is not None and depth < 1000:
        depth += 1
        tb = tb.tb_next
    return depth >= 1000


def _error(exc, filename, phase):
    line = exc.lineno if isinstance(exc, SyntaxError) and phase == 'compile' else _user_line(exc.__traceback__, filename)
    try:
        message = exc.msg if isinstance(exc, SyntaxError) and phase == 'compile' else str(exc)
    except BaseException:
        message = ''
    err = {'type': type(exc).__name__, 'message': message[:2000], 'line': line, 'phase': phase}
    if _is_frame_stack_overflow(exc):
        err['type'] = 'RecursionError'
        err['message'] = ('stack overflow: recursion too deep for the memory limit '
                          '(sys.setrecursionlimit was raised past what memory allows)')
    if isinstance(exc, OSError):
        err['errno'] = exc.errno
    return err


def _exit_code_of(exc):
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    try:
        sys.stderr.write('%s\n' % (code,))
    except BaseException:
        pass
    return 1


def _return_value(value):
    try:
        return {'kind': 'json', 'json': json.dumps(value, allow_nan=False)}
    except BaseException:
        try:
            text = repr(value)
        except BaseException as exc:
            text = '<repr failed: %s>' % type(exc).__name__
        return {'kind': 'unserialisable', 'type': type(value).__name__, 'repr': text[:REPR_CHARS]}


def _wire(ctx, stdin_fd, out_w, err_w, rep_w, ctl_in, notice_w, io_fd):
    os.setsid()  # own session and process group: the zygote kills the group after the job
    if not ctx['namespaces']:
        # If the zygote dies (killed as hung, say), the job dies with it. Inside the jail the
        # PID namespace does this (the zygote is its PID 1); without it, this does.
        libc.set_parent_death_signal(signal.SIGKILL)
        if os.getppid() == 1:
            os._exit(EXIT_HARNESS_FAILED)  # the zygote died between fork and prctl
    # The pipes were made after the zygote's own descriptors 0-5 (std streams, control
    # channels, /dev/null), so no source is overwritten before it is copied; the control
    # channel (the zygote's fd 3) goes to its place first.
    if min(stdin_fd, out_w, err_w, rep_w, notice_w) <= NOTICE_FD or ctl_in == NOTICE_FD:
        raise OSError('unexpected descriptor layout')
    if ctl_in != CTL_FD:
        os.dup2(ctl_in, CTL_FD)
    os.dup2(stdin_fd, 0)
    os.dup2(out_w, 1)
    os.dup2(err_w, 2)
    os.dup2(rep_w, REPORT_FD)
    global _REPORT_PIPE
    st = os.fstat(REPORT_FD)
    _REPORT_PIPE = (st.st_dev, st.st_ino)  # _hand_back checks fd 3 is still this pipe
    os.dup2(notice_w, NOTICE_FD)
    if io_fd is not None and io_fd != IO_FD:
        os.dup2(io_fd, IO_FD)  # last: every source above is already in its place
    os.closerange(IO_FD + (1 if io_fd is not None else 0), 1 << 20)
    # sys.stdin/stdout/stderr are the zygote's own objects on fds 0/1/2, never used by the
    # zygote (their buffers are empty): after dup2 they read and write the job's streams.
    # Reusing them spares the child a few hundred copy-on-write faults per job.


def _install_import_recorder(recorder, user_globals):
    """Modules the zygote pre-imported never fire the 'import' audit event; record the names
    the code asks for at the import statement too."""
    original = builtins.__import__
    seen = set()

    def recording_import(name, globals=None, locals=None, fromlist=(), level=0):
        # Only import statements of the submission itself, not the standard library's own.
        if level == 0 and name not in seen and globals is user_globals:
            seen.add(name)
            recorder.record_import(name)
        return original(name, globals, locals, fromlist, level)

    builtins.__import__ = recording_import


def _open_io_counters():
    """Opens /proc/self/io, kept open as IO_FD for _io_counters. The file of a non-dumpable
    process belongs to root, so not even the process itself may open it; the child turns
    dumpable for this one open, right after it was forked, when no job runs anywhere in the
    jail (the zygote forks a child only after the previous job's was reaped), and never again:
    the seccomp filter refuses PR_SET_DUMPABLE to the job (a dumpable job could reset its
    peak-RSS figure through /proc/self/clear_refs). Reading an open /proc/self/io needs no
    permission but being the process itself. None if it cannot be opened."""
    try:
        libc.set_dumpable(True)
        try:
            return os.open('/proc/self/io', os.O_RDONLY)
        finally:
            libc.set_dumpable(False)
    except OSError:
        return None


def _io_counters():
    """The kernel's I/O counters for this process (read-like/write-like syscalls and bytes),
    read by the child itself once user code is done, through IO_FD."""
    try:
        data = os.pread(IO_FD, 4096, 0)
    except BaseException:  # never opened, or closed or replaced by the job
        return None
    out = {}
    for line in data.split(b'\n'):
        key, _, value = line.partition(b':')
        if key in (b'syscr', b'syscw', b'rchar', b'wchar'):
            out[key.decode()] = int(value)
    return out


def _finish():
    """What the interpreter does at exit: join non-daemon threads, run atexit, flush."""
    if 'threading' in sys.modules:
        sys.modules['threading']._shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass


# What the child tells the zygote on the notice socket (one message: a 4-byte big-endian
# length, a kind byte, a payload), before any of the submission's code runs, so the
# submission cannot forge it. None of it is job data: a header holds only id and limits.
NOTICE_STARTED = b'S'  # the monotonic start time (8 bytes), then the header's JSON
NOTICE_REFUSED = b'R'  # JSON {id, problem}: this frame only; the channel is still in step
NOTICE_STOP = b'E'  # the channel closed (or carried something that is not a job): stop
NOTICE_FATAL = b'F'  # a frame the channel cannot recover from (sizes out of bounds)
NOTICE_CONTAINED = b'K'  # after NOTICE_STARTED: every containment step held
NOTICE_NOT_CONTAINED = b'C'  # after NOTICE_STARTED: JSON {step, message} of the one that failed
REJECTIONS = {1: 'stdin is not encodable as UTF-8', 2: 'the job body is malformed'}


def _check_body(job):
    """None if the body has what _run relies on (Node validated it first), else the verdict."""
    if not isinstance(job, dict) or not all(isinstance(job.get(k), str) for k in ('code', 'filename', 'stdin')):
        return 2
    call = job.get('call')
    if call is not None and not (isinstance(call, dict) and isinstance(call.get('entry'), str)
                                 and isinstance(call.get('args'), list)):
        return 2
    try:
        job['stdin'] = job['stdin'].encode('utf-8', 'surrogateescape')
    except UnicodeEncodeError:
        return 1
    return None


def _notify(kind, payload=b''):
    frames.write_all(NOTICE_FD, struct.pack('>I', len(payload) + 1) + kind + payload)


def _leave(kind, payload=b''):
    """Tells the zygote why no job runs here, and exits."""
    _notify(kind, payload)
    os._exit(0)



def _read_job():
    """Reads the next job frame from the control channel (only this child reads it, and only
    until it has its job), closes the channel, and writes stdin into fd 0 (a memfd). Returns
    (job, when it was read, its header's bytes). Reading the frame here rather than in the zygote spares the
    job a hand-off on its way in: the zygote wakes for the notice while the job already
    runs, and never holds any part of a frame but the header."""
    if os.read(NOTICE_FD, 1) != b'g':
        os._exit(0)  # the zygote let it go without a job (it is stopping)
    try:
        head_size, body_size = struct.unpack('>II', frames.read_exact(CTL_FD, 8))
    except EOFError:
        _leave(NOTICE_STOP)
    if head_size > frames.MAX_HEAD_BYTES or body_size > frames.MAX_FRAME_BYTES:
        _leave(NOTICE_FATAL, b'job frame too large: %d + %d bytes' % (head_size, body_size))
    try:
        head = frames.read_exact(CTL_FD, head_size)
        body = frames.read_exact(CTL_FD, body_size)
    except EOFError:
        _leave(NOTICE_STOP)
    os.close(CTL_FD)
    start_ns = time.monotonic_ns()
    try:
        parsed = json.loads(head)
        problem = frames.check_head(parsed)
    except (ValueError, RecursionError) as exc:
        parsed, problem = None, '%s: %s' % (type(exc).__name__, exc)
    if problem is not None and isinstance(parsed, dict) and parsed.get('type') != 'job':
        _leave(NOTICE_STOP)  # not a job: stop, as for a closed channel
    if problem is None:
        try:
            job = json.loads(body)
            verdict = _check_body(job)
        except (ValueError, RecursionError):
            verdict = 2
        if verdict is not None:
            problem = REJECTIONS[verdict]
    del body
    if problem is not None:
        job_id = parsed.get('id') if isinstance(parsed, dict) else None
        _leave(NOTICE_REFUSED, json.dumps({'id': job_id if isinstance(job_id, int) else None,
                                           'problem': problem}).encode())
    job['limits'] = parsed['limits']
    stdin = job.pop('stdin')
    view = memoryview(stdin)
    while view:
        view = view[os.write(0, view):]
    os.lseek(0, 0, os.SEEK_SET)
    return job, start_ns, head


def _start(job, ctx, prepared_error, start_ns, head):
    """Tells the zygote on the notice socket that the job started (its header: the zygote
    watches it from now on), contains the child (contain.py), then tells it whether every
    step held or which one failed, and closes the socket: all before any code of the job
    runs, so the zygote reports a containment failure from this, never from the job's own
    report (the submission could write one claiming it). Returns the error or None."""
    _notify(NOTICE_STARTED, struct.pack('>Q', start_ns) + head)
    failed = None
    try:
        contain(job, ctx, prepared_error)
    except ContainmentError as exc:
        failed = exc
    if failed is None:
        _notify(NOTICE_CONTAINED)
    else:
        _notify(NOTICE_NOT_CONTAINED, json.dumps({'step': failed.step, 'message': str(failed)}).encode())
    os.close(NOTICE_FD)
    return failed


def _reseed(inst):
    """random.Random.seed(None) without its Python wrapper: a fresh seed from os.urandom."""
    type(inst).__mro__[1].seed(inst, None)  # _random.Random.seed
    inst.gauss_next = None


# A dummy job for _warm_up: the same shape as a real one, no data of any job.
_WARM_HEAD = (b'{"type":"job","id":0,"limits":{"cpuSeconds":1,"wallMs":1000,"memoryBytes":1,'
              b'"outputBytes":1,"fileSizeBytes":1,"openFiles":1,"threads":1}}')
_WARM_BODY = b'{"code":"_x = 1\\n","filename":"<warm-up>","stdin":"","call":null}'
_WARM_CODE = 'def _f(a, b=1):\n    return [a, b]\n_x = _f(1)\n'


# How long the child waits for its job before it warms up: back-to-back jobs (a busy engine)
# arrive within this, and then the warm-up would only add work.
WARM_UP_AFTER_S = 0.001


def _job_waiting(timeout=0):
    return bool(select.select([CTL_FD], [], [], timeout)[0])


def _warm_up():
    """While the child idles before its job, runs the harness's own path for a job on a dummy
    one, so the pages that path writes (reference counts of objects shared with the zygote,
    the allocator's free lists) are copied on write now rather than after the job arrived:
    ~190 copy-on-write faults after the job's arrival became ~60 (measured), and the p50 of
    print(1) on an idle engine dropped by a quarter or more. Skipped, or cut short, if the job
    is there within WARM_UP_AFTER_S or arrives meanwhile: then it would only delay it. Nothing
    of it reaches the job: it runs before the audit hook and rlimits (steps 4-5), its
    namespace is thrown away, nothing is written to any stream, no module's state changes."""
    if _job_waiting(WARM_UP_AFTER_S):
        return
    job = json.loads(_WARM_BODY)
    _check_body(job)
    job['limits'] = json.loads(_WARM_HEAD)['limits']
    json.dumps({'userStartNs': time.monotonic_ns(), 'userEndNs': time.monotonic_ns(),
                'io': {'syscr': 1, 'syscw': 1, 'rchar': 1, 'wchar': 1}, 'events': [],
                'eventsDropped': 0}, separators=(',', ':'), ensure_ascii=False).encode('utf-8', 'surrogatepass')
    if _job_waiting():
        return
    main = types.ModuleType('__main__')
    main.__file__ = job['filename']
    main.__builtins__ = builtins
    exec(compile(_WARM_CODE, job['filename'], 'exec', dont_inherit=True), main.__dict__)
    main.__dict__.clear()  # _f's globals are that dict: no cycle left for a collection to find
    for stream in (sys.stdout, sys.stderr):
        stream.write('')
        stream.flush()


def standby_main(ctx, stdin_fd, out_w, err_w, rep_w, ctl_in, notice_w):
    """Runs in the forked child; never returns."""
    code = EXIT_HARNESS_FAILED
    try:
        random = sys.modules.get('random')
        if random is not None:
            # What random's at-fork hook would do (the zygote left it out), through the C
            # seed of its hidden instance: the Python-level random.seed() around it touched
            # ~20 more pages per job (measured).
            _reseed(random._inst)
        io_fd = _open_io_counters()
        _wire(ctx, stdin_fd, out_w, err_w, rep_w, ctl_in, notice_w, io_fd)
        ctx = dict(ctx, recorder=Recorder(ctx['seccomp'], ctx['stdlib']))
        prepared_error = prepare(ctx)
        try:
            _warm_up()
        except BaseException:  # an optimisation only: the job runs regardless
            pass
        job, start_ns, head = _read_job()
        if _start(job, ctx, prepared_error, start_ns, head) is not None:
            os._exit(EXIT_CONTAIN_FAILED)
        code = _run(job, ctx)
        if ctx['seccomp']:
            _hand_back(code)
    except BaseException:
        pass
    os._exit(code)


# Ends the report: the zygote takes a job whose report ends with it, and whose pipes are all
# closed, as finished (supervisor.run_job). JSON text never holds a NUL byte.
END_MARK = b'\x00HB'
HAND_BACK_WAIT_S = 1.0


def _hand_back(code):
    """The job is over: closes every descriptor (so the zygote sees end of file on all three
    pipes at once), then sleeps until the zygote, having sent the result, kills it. Exiting
    here instead would put the kernel's teardown of this address space (~0.3 ms for an
    interpreter forked from the zygote, measured) between the job's end and its result.

    The zygote can trust nothing of this: the submission could do the same itself. It gains
    nothing by it: closing its output and handing an exit status back is what exiting does,
    the zygote reads time, memory and faults from the kernel, and kills the process either
    way before the next job. If fd 3 is no longer the report pipe (the submission closed it,
    perhaps reopened it as a file) the child exits the ordinary way.

    Only under the seccomp filter: with fork refused, this process holds the only copies of
    the pipes' write ends, so closing them here is certain to reach the zygote as end of
    file. In a weaker mode a daemon the job forked could keep them open; the child then
    exits, and the zygote kills what it left behind after the exit."""
    st = os.fstat(REPORT_FD)
    if (st.st_dev, st.st_ino) != _REPORT_PIPE:
        return  # the submission closed fd 3 (and maybe reopened it): exit the ordinary way
    os.write(REPORT_FD, END_MARK + bytes((code & 0xFF,)))
    # The report pipe last, each close on its own: the kernel releases a closed pipe on the
    # way back from the system call, and close_range's releases run in reverse order, so the
    # zygote could see the report pipe hang up while stdout still had a writer.
    os.closerange(REPORT_FD + 1, 1 << 20)
    for fd in (0, 1, 2, REPORT_FD):
        os.close(fd)
    # The zygote kills this process within microseconds. Should it not (it never should),
    # exiting after a while lets the ordinary path end the job instead of its wall limit.
    deadline = time.monotonic() + HAND_BACK_WAIT_S
    while time.monotonic() < deadline:
        select.select([], [], [], deadline - time.monotonic())


def _run(job, ctx):
    filename = job['filename']
    source = job['code']
    recorder = ctx['recorder']
    user_start_ns = time.monotonic_ns()
    report = {'userStartNs': user_start_ns}
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    main = types.ModuleType('__main__')
    main.__file__ = filename
    main.__builtins__ = builtins
    sys.modules['__main__'] = main
    sys.argv = [filename]
    _install_import_recorder(recorder, main.__dict__)
    exit_code = 0
    phase = 'compile'
    try:
        compiled = compile(source, filename, 'exec', dont_inherit=True)
        phase = 'import'
        exec(compiled, main.__dict__)
        call = job.get('call')
        if call is not None:
            phase = 'call'
            entry = main.__dict__.get(call['entry'])
            if not callable(entry):
                what = 'is not defined' if entry is None else 'is not callable'
                report['error'] = {'type': 'EntryNotFound', 'message': '%s %s' % (call['entry'], what),
                                   'line': None, 'phase': 'call'}
                sys.stderr.write('EntryNotFound: %s %s\n' % (call['entry'], what))
                exit_code = 1
            else:
                report['returnValue'] = _return_value(entry(*call['args']))
    except SystemExit as exc:
        recorder.active = False
        exit_code = _exit_code_of(exc)
        if exit_code != 0:
            report['error'] = {'type': 'SystemExit', 'message': str(exc.code)[:2000], 'line':
                               _user_line(exc.__traceback__, filename), 'phase': phase}
    except BaseException as exc:
        recorder.active = False
        report['error'] = _error(exc, filename, phase)
        _print_exception(exc, filename)
        exit_code = 1
    try:
        _finish()
    except BaseException:
        pass
    recorder.active = False
    report['userEndNs'] = time.monotonic_ns()
    report['io'] = _io_counters()
    report['events'] = recorder.events
    report['eventsDropped'] = recorder.dropped
    if recorder.last_blocked is not None:
        report['lastBlocked'] = recorder.last_blocked
    _write_report(report)
    return exit_code
