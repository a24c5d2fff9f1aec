/**
 * What counts as sensitive, written from the threat model of a sandbox for untrusted
 * solutions (not tuned to any corpus). Matching happens on *resolved* qualified names, so
 * `from os import system as s; s(...)`, `getattr(__import__('o'+'s'), 'system')` and
 * `sys.modules['os'].system` all reach `os.system`.
 */
import type { RuleId } from './catalog.js';

/** Exact qualified names. */
const exact: Record<string, RuleId> = {};
const add = (rule: RuleId, names: string): void => {
  for (const n of names.split(/\s+/).filter(Boolean)) exact[n] = rule;
};

add(
  'HB-PROC-001',
  `os.system os.popen os.popen2 os.popen3 os.popen4 os.execl os.execle os.execlp os.execlpe
  os.execv os.execve os.execvp os.execvpe os.spawnl os.spawnle os.spawnlp os.spawnlpe os.spawnv os.spawnve
  os.spawnvp os.spawnvpe os.posix_spawn os.posix_spawnp os.startfile pty.spawn platform.popen
  asyncio.create_subprocess_exec asyncio.create_subprocess_shell sys.remote_exec`,
);
add('HB-PROC-002', `os.fork os.forkpty pty.fork os.register_at_fork concurrent.futures.ProcessPoolExecutor`);
add(
  'HB-PROC-003',
  `os.kill os.killpg os.abort os.setuid os.setgid os.seteuid os.setegid os.setreuid os.setregid
  os.setresuid os.setresgid os.setgroups os.setsid os.setpgid os.setpgrp os.tcsetpgrp os.pidfd_open
  os.plock os.wait os.waitpid os.wait3 os.wait4 os.waitid`,
);
add(
  'HB-PROC-004',
  `threading.Thread threading.Timer _thread.start_new_thread _thread.start_new
  concurrent.futures.ThreadPoolExecutor`,
);
add(
  'HB-PROC-005',
  `sys.settrace sys.setprofile sys.addaudithook threading.settrace threading.setprofile
  threading.settrace_all_threads threading.setprofile_all_threads sys.excepthook sys.unraisablehook
  sys.set_asyncgen_hooks sys.activate_stack_trampoline sys._clear_type_cache sys.setdlopenflags`,
);
add('HB-PROC-006', `os.environ os.environb os.getenv os.getenvb os.putenv os.unsetenv posix.environ`);
add(
  'HB-FS-002',
  `os.remove os.unlink os.rmdir os.removedirs os.rename os.renames os.replace os.chmod os.fchmod
  os.lchmod os.chown os.fchown os.lchown os.link os.symlink os.mkdir os.makedirs os.mkfifo os.mknod os.truncate
  os.utime os.chroot os.chflags os.lchflags os.setxattr os.removexattr os.memfd_create
  pathlib.Path().unlink pathlib.Path().rmdir pathlib.Path().write_text pathlib.Path().write_bytes
  pathlib.Path().chmod pathlib.Path().lchmod pathlib.Path().rename pathlib.Path().replace pathlib.Path().touch
  pathlib.Path().mkdir pathlib.Path().symlink_to pathlib.Path().hardlink_to pathlib.Path().link_to
  tempfile.mkstemp tempfile.mkdtemp tempfile.NamedTemporaryFile tempfile.TemporaryFile tempfile.TemporaryDirectory
  tempfile.SpooledTemporaryFile`,
);
add(
  'HB-FS-003',
  `os.listdir os.scandir os.walk os.fwalk os.chdir os.fchdir os.statvfs os.readlink os.listxattr
  pathlib.Path().iterdir pathlib.Path().glob pathlib.Path().rglob
  pathlib.Path().walk pathlib.Path.cwd pathlib.Path.home os.path.expanduser os.path.expandvars`,
);
add(
  'HB-NET-003',
  `socket.gethostbyname socket.gethostbyname_ex socket.gethostbyaddr socket.getaddrinfo
  socket.getnameinfo socket.getfqdn socket.gethostname _socket.getaddrinfo _socket.gethostbyname`,
);
add('HB-NET-002', `asyncio.open_connection asyncio.start_server asyncio.open_unix_connection`);
add(
  'HB-DYN-001',
  `builtins.eval builtins.exec runpy.run_path runpy.run_module imp.load_source imp.load_module
  imp.load_compiled code.InteractiveInterpreter().runsource code.InteractiveInterpreter().runcode`,
);
add(
  'HB-DYN-002',
  `builtins.compile codeop.compile_command code.compile_command codeop.Compile
  codeop.CommandCompiler py_compile.compile ast.literal_eval.__globals__`,
);
add(
  'HB-DYN-004',
  `types.CodeType types.FunctionType types.LambdaType types.MethodType types.CellType
  types.SimpleNamespace.__init__.__globals__`,
);
add(
  'HB-DYN-005',
  `pickle.load pickle.loads pickle.Unpickler _pickle.load _pickle.loads _pickle.Unpickler
  shelve.open copyreg.pickle copyreg._reconstructor`,
);
add(
  'HB-DYN-006',
  `builtins.breakpoint builtins.help builtins.license sys.breakpointhook code.interact
  code.InteractiveConsole code.InteractiveInterpreter`,
);
add(
  'HB-IMP-005',
  `builtins.__import__ importlib.__import__ importlib.import_module importlib.util.module_from_spec
  importlib.util.spec_from_file_location importlib.machinery.SourceFileLoader imp.find_module
  importlib.reload`,
);
add('HB-IMP-006', `sys.modules`);
add('HB-IMP-007', `sys.path sys.meta_path sys.path_hooks sys.path_importer_cache sys.modules.__setitem__`);
add(
  'HB-INT-003',
  `sys._getframe sys._current_frames sys._current_exceptions inspect.currentframe inspect.stack
  inspect.trace inspect.getouterframes inspect.getinnerframes inspect.getframeinfo traceback.walk_stack
  traceback.walk_tb sys.exc_info.tb_frame sys._getframemodulename`,
);
add('HB-INT-004', `gc.get_objects gc.get_referrers gc.get_referents`);
add('HB-INT-006', `builtins sys.modules.builtins`);
add(
  'HB-RES-006',
  `os.nice os.sched_setaffinity os.setpriority sys.setswitchinterval resource.setrlimit
  resource.prlimit`,
);

/** Every member of these modules is sensitive (`subprocess.run`, `ctypes.CDLL`, ...). */
const wholeModules: Record<string, RuleId> = {
  subprocess: 'HB-PROC-001',
  _posixsubprocess: 'HB-PROC-001',
  commands: 'HB-PROC-001',
  pexpect: 'HB-PROC-001',
  multiprocessing: 'HB-PROC-002',
  signal: 'HB-PROC-003',
  _signal: 'HB-PROC-003',
  atexit: 'HB-PROC-005',
  faulthandler: 'HB-PROC-005',
  socket: 'HB-NET-001',
  _socket: 'HB-NET-001',
  ssl: 'HB-NET-002',
  urllib: 'HB-NET-002',
  urllib2: 'HB-NET-002',
  http: 'HB-NET-002',
  ftplib: 'HB-NET-002',
  smtplib: 'HB-NET-002',
  poplib: 'HB-NET-002',
  imaplib: 'HB-NET-002',
  nntplib: 'HB-NET-002',
  telnetlib: 'HB-NET-002',
  xmlrpc: 'HB-NET-002',
  socketserver: 'HB-NET-002',
  webbrowser: 'HB-NET-002',
  requests: 'HB-NET-002',
  ctypes: 'HB-INT-005',
  _ctypes: 'HB-INT-005',
  cffi: 'HB-INT-005',
  shutil: 'HB-FS-002',
  glob: 'HB-FS-003',
  marshal: 'HB-DYN-005',
  dill: 'HB-DYN-005',
  pdb: 'HB-DYN-006',
  bdb: 'HB-DYN-006',
  pydoc: 'HB-DYN-006',
  pty: 'HB-PROC-001',
};

/** os.exec*, os.spawn*: new variants keep the family. */
const patterns: readonly [RegExp, RuleId][] = [
  [/^os\.(exec|spawn|posix_spawn)/, 'HB-PROC-001'],
  [/^posix\.(system|exec|spawn|fork|kill|popen)/, 'HB-PROC-001'],
];

const memo = new Map<string, RuleId | null>();

/** The rule a reference to `path` (a resolved qualified name) triggers, if any. */
export function ruleForReference(path: string): RuleId | undefined {
  let hit = memo.get(path);
  if (hit === undefined) {
    hit = lookupRule(path) ?? null;
    if (memo.size < 10_000) memo.set(path, hit);
  }
  return hit ?? undefined;
}

function lookupRule(path: string): RuleId | undefined {
  const hit = exact[path];
  if (hit !== undefined) return hit;
  const dot = path.indexOf('.');
  if (dot > 0) {
    const whole = wholeModules[path.slice(0, dot)];
    if (whole !== undefined) return whole;
  }
  for (const [re, rule] of patterns) if (re.test(path)) return rule;
  return undefined;
}

/** Attribute names that are escape primitives whatever object they are read from. */
export const sensitiveAttributes: Record<string, RuleId> = {
  __subclasses__: 'HB-INT-001',
  __bases__: 'HB-INT-001',
  __base__: 'HB-INT-001',
  __mro__: 'HB-INT-001',
  mro: 'HB-INT-001',
  __globals__: 'HB-INT-002',
  __builtins__: 'HB-INT-002',
  __code__: 'HB-INT-002',
  __closure__: 'HB-INT-002',
  __self__: 'HB-INT-002',
  __func__: 'HB-INT-002',
  __defaults__: 'HB-INT-002',
  __kwdefaults__: 'HB-INT-002',
  __loader__: 'HB-INT-002',
  __spec__: 'HB-INT-002',
  __objclass__: 'HB-INT-002',
  __import__: 'HB-INT-002',
  co_code: 'HB-INT-002',
  co_consts: 'HB-INT-002',
  co_names: 'HB-INT-002',
  func_globals: 'HB-INT-002',
  gi_frame: 'HB-INT-003',
  gi_code: 'HB-INT-003',
  cr_frame: 'HB-INT-003',
  ag_frame: 'HB-INT-003',
  f_back: 'HB-INT-003',
  f_globals: 'HB-INT-003',
  f_locals: 'HB-INT-003',
  f_builtins: 'HB-INT-003',
  f_code: 'HB-INT-003',
  tb_frame: 'HB-INT-003',
  tb_next: 'HB-INT-003',
  __traceback__: 'HB-INT-003',
  __getattribute__: 'HB-INT-010',
  __reduce__: 'HB-INT-010',
  __reduce_ex__: 'HB-INT-010',
  __call__: 'HB-INT-010',
  __dict__: 'HB-INT-011',
};

/**
 * Names an honest solution never has to assemble from fragments. Folding one of these out of
 * pieces is HB-OBF-001 wherever it happens; other folded names count only where they are used
 * to resolve something (import, getattr, namespace lookup).
 */
export const obfuscationTargets: ReadonlySet<string> = new Set([
  'eval',
  'exec',
  'compile',
  '__import__',
  'getattr',
  'setattr',
  'breakpoint',
  'builtins',
  '__builtins__',
  '__builtin__',
  'os',
  'posix',
  'subprocess',
  'socket',
  'ctypes',
  'importlib',
  'pty',
  'shutil',
  'pickle',
  'marshal',
  'system',
  'popen',
  'execv',
  'execve',
  'execl',
  'execvp',
  'check_output',
  'getoutput',
  'Popen',
  'import_module',
  'environ',
  'rmtree',
  'spawnv',
  'fork',
  'forkpty',
]);
