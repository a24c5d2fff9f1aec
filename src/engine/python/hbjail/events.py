"""What the audit hook saw: a bounded, de-duplicated list of events for the report.

Each event is {kind, action, detail, blocked, count}. `blocked` says the sandbox refuses that
action by policy (seccomp denies it, or the hook refuses it first when seccomp is active).
"""
import os

AF_UNIX = 1  # socket.AF_UNIX on Linux; the socket module itself is not pre-imported

MAX_EVENTS = 100
MAX_DETAIL_CHARS = 200

_PROCESS = {'os.system', 'subprocess.Popen', 'os.exec', 'os.posix_spawn', 'os.spawn', 'os.fork',
            'os.forkpty', 'pty.spawn'}
_FILE = {'open', 'os.listdir', 'os.scandir', 'os.remove', 'os.rename', 'os.rmdir', 'os.mkdir',
         'os.chmod', 'os.chown', 'os.link', 'os.symlink', 'os.truncate', 'shutil.rmtree',
         'shutil.copyfile', 'shutil.move', 'os.chdir', 'glob.glob'}
_NATIVE = {'ctypes.dlopen', 'ctypes.dlsym', 'ctypes.dlsym/handle', 'ctypes.cdata', 'mmap.__new__'}
_SYSTEM = {'resource.setrlimit', 'resource.prlimit', 'sys.addaudithook', 'sys.settrace',
           'sys.setprofile', 'os.putenv', 'os.unsetenv'}
_NETWORK_PREFIXES = ('socket.', 'urllib.', 'http.client.', 'ftplib.', 'smtplib.', 'poplib.',
                     'imaplib.', 'nntplib.', 'telnetlib.', 'webbrowser.')


def _short(value):
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= MAX_DETAIL_CHARS else text[:MAX_DETAIL_CHARS] + '...'


class Recorder:
    def __init__(self, enforcing, stdlib_dir):
        self.events = []
        self.active = True  # off once user code is done: the harness's own work is not reported
        self._index = {}
        self.dropped = 0
        self.last_blocked = None
        self._enforcing = enforcing
        self._stdlib = stdlib_dir
        self._pid = os.getpid()

    def add(self, kind, action, detail, blocked=False):
        if not self.active:
            return
        key = (action, detail)
        ev = self._index.get(key)
        if ev is not None:
            ev['count'] += 1
        elif len(self.events) < MAX_EVENTS:
            ev = {'kind': kind, 'action': action, 'detail': _short(detail), 'blocked': blocked, 'count': 1}
            self.events.append(ev)
            self._index[key] = ev
        else:
            self.dropped += 1
        if blocked:
            self.last_blocked = {'action': action, 'detail': _short(detail)}

    def record_import(self, name):
        self.add('import', 'import', name)

    def hook(self, event, args):
        # Called for every audited operation: return fast for the ones we do not report.
        if event == 'open':
            path = args[0]
            if isinstance(path, str) and path.startswith(self._stdlib):
                return  # the interpreter loading its own standard library
            mode = args[1] if args[1] is not None else 'flags=%#o' % (args[2] or 0)
            self.add('file', 'open', '%s (%s)' % (_short(path), mode))
        elif event == 'import':
            self.add('import', 'import', args[0])
        elif event in _PROCESS:
            detail = ' '.join(_short(a) for a in args[:2] if a is not None)
            self.add('process', event, detail, blocked=self._enforcing)
            if self._enforcing:
                raise PermissionError(1, 'blocked by the HackBridge sandbox: %s' % event)
        elif event in ('os.kill', 'os.killpg', 'signal.pthread_kill'):
            target = args[0]
            own = target in (0, self._pid, -self._pid) if event == 'os.kill' else target == self._pid
            if event == 'signal.pthread_kill':
                own = True
            self.add('signal', event, 'pid=%s sig=%s' % (target, args[1]), blocked=self._enforcing and not own)
        elif event.startswith(_NETWORK_PREFIXES):
            blocked = False
            if event == 'socket.__new__':
                blocked = self._enforcing and args[1] != AF_UNIX
            self.add('network', event, ' '.join(_short(a) for a in args[1:3]), blocked=blocked)
        elif event in _FILE:
            self.add('file', event, ' '.join(_short(a) for a in args[:2]))
        elif event in _NATIVE:
            self.add('native', event, _short(args[0]) if args else '')
        elif event in _SYSTEM:
            self.add('system', event, ' '.join(_short(a) for a in args[:2]))
