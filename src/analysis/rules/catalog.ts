/**
 * The rule catalogue: stable IDs (never reused), grouped by family, each with its default
 * severity, confidence and CWE, and the why/hint shown to the submitter. docs/analysis-rules.md
 * is rendered from this table and a test keeps the two in step.
 *
 * Severity reflects what the capability gives hostile code inside a coding-challenge sandbox:
 * `critical` = direct command execution or memory corruption, `high` = a known sandbox-escape
 * or exfiltration primitive, `medium` = abuse of shared resources or host discovery, `low` =
 * informational (the report stays `safe`).
 */
import type { Confidence, RuleFamily, Severity } from '../schema.js';

export interface RuleMeta {
  readonly id: string;
  readonly family: RuleFamily;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly cwe: string;
  /** Short description (SARIF shortDescription, docs "what"). */
  readonly title: string;
  /** Why this matters in a sandbox for untrusted submissions. */
  readonly why: string;
  /** What the submitter should do instead. */
  readonly hint: string;
}

const r = (
  id: string,
  family: RuleFamily,
  severity: Severity,
  confidence: Confidence,
  cwe: string,
  title: string,
  why: string,
  hint: string,
): RuleMeta => ({ id, family, severity, confidence, cwe, title, why, hint });

// One rule per block reads better than one argument per line.
// prettier-ignore
export const rules = [
  r('HB-SYN-001', 'syntax', 'low', 'high', 'CWE-20', 'The code has a syntax error',
    'The code will not run as written; the rest of the report comes from error recovery.',
    'Fix the syntax error at the marked position.'),

  r('HB-IMP-001', 'imports', 'high', 'high', 'CWE-829', 'Import of a module the policy denies',
    'The module gives access to processes, the network, files or interpreter internals that a solution never needs.',
    'Remove the import; solutions may use the standard modules the task allows (math, collections, heapq, ...).'),
  r('HB-IMP-002', 'imports', 'low', 'high', 'CWE-829', 'Import of a module allowed with a warning',
    'The module is fine for common idioms (fast I/O, threading stack size) but also exposes riskier functions.',
    'Nothing to do if you use it only for I/O; risky functions of the module are reported separately.'),
  r('HB-IMP-003', 'imports', 'low', 'medium', 'CWE-829', 'Import of a module the policy does not know',
    'Modules outside the standard library are usually not installed in the sandbox.',
    'Use the standard library; the sandbox may not provide third-party packages.'),
  r('HB-IMP-004', 'imports', 'low', 'high', 'CWE-470', 'Dynamic import of a constant module name',
    '`__import__`/`importlib` hide imports from a quick read, though the name here is a plain literal.',
    'Use an ordinary `import` statement.'),
  r('HB-IMP-005', 'imports', 'high', 'high', 'CWE-470', 'Dynamic import of a computed module name',
    'A module name computed at run time defeats review and import policies.',
    'Use an ordinary `import` statement with a literal module name.'),
  r('HB-IMP-006', 'imports', 'high', 'high', 'CWE-470', 'Access to sys.modules',
    '`sys.modules` hands out already-loaded modules (os, subprocess, ...) without any import statement.',
    'Import what you need directly; do not reach into sys.modules.'),
  r('HB-IMP-007', 'imports', 'medium', 'high', 'CWE-829', 'Changes to the import machinery',
    'Editing sys.path, meta path finders or loaders can load code from unexpected places.',
    'Leave the import system untouched.'),

  r('HB-IMP-008', 'imports', 'medium', 'high', 'CWE-829', "Import of a module outside the platform's allowed set",
    'Many standard modules are code-execution, file or network gadgets (uuid, timeit, doctest, logging.config, gzip, xml, unittest, ...); solutions get an allow-list.',
    'Use the modules solutions need (math, collections, itertools, heapq, bisect, re, ...); a task can allow more in its policy.'),

  r('HB-DYN-001', 'dynamic-code', 'high', 'high', 'CWE-95', 'Use of eval or exec',
    'Evaluating strings as code hides what runs and is the usual carrier for sandbox escapes.',
    'Parse input explicitly (int(), split(), json.loads) instead of eval; call functions directly instead of exec.'),
  r('HB-DYN-002', 'dynamic-code', 'high', 'high', 'CWE-94', 'Use of the compile builtin',
    'Compiling strings to code objects is the first step of running hidden code.',
    'Write the code directly; re.compile is fine and is not this rule.'),
  r('HB-DYN-003', 'dynamic-code', 'critical', 'high', 'CWE-506', 'Executes a decoded or obfuscated payload',
    'Code that is base64/zlib/hex/rot13-decoded or assembled from fragments and then executed is a hallmark of malware.',
    'Submit plain source code.'),
  r('HB-DYN-004', 'dynamic-code', 'high', 'high', 'CWE-94', 'Construction of code or function objects',
    'types.CodeType/FunctionType build functions from raw bytecode, bypassing every source-level check.',
    'Define functions with def or lambda.'),
  r('HB-DYN-005', 'dynamic-code', 'high', 'high', 'CWE-502', 'Unsafe deserialisation (pickle, marshal, shelve)',
    'Unpickling or unmarshalling data runs arbitrary code or builds raw code objects.',
    'Use json for data.'),
  r('HB-DYN-006', 'dynamic-code', 'high', 'medium', 'CWE-489', 'Debugger or interactive console',
    'breakpoint(), pdb, code.interact and help() open interactive interpreters or pagers inside the sandbox.',
    'Remove debugging hooks before submitting.'),

  r('HB-DYN-007', 'dynamic-code', 'high', 'high', 'CWE-95', 'Code hidden in a string reaches an API that may run it',
    'A string that parses as Python with __import__, exec/eval, os., subprocess, open( or dunder walks, handed to a module API outside the allowed set or used as an annotation that typing evaluates, runs as code (timeit, typing.get_type_hints, ForwardRef, ...).',
    'Call functions directly; keep data strings free of code.'),

  r('HB-FS-001', 'file-system', 'high', 'high', 'CWE-22', 'Opens a path outside the job directory',
    'Absolute paths, `..` and `~` reach host files such as /etc/passwd or /proc/self/environ.',
    'Read input from stdin (input(), sys.stdin, open(0)) or from relative files in the working directory.'),
  r('HB-FS-002', 'file-system', 'high', 'high', 'CWE-73', 'Creates, deletes, moves or changes permissions of files',
    'File-system mutations can damage the host or persist data between jobs.',
    'Solutions only read input and print output; remove file-system changes.'),
  r('HB-FS-003', 'file-system', 'medium', 'high', 'CWE-552', 'Lists directories or changes the working directory',
    'Directory listing and chdir are reconnaissance of the host file system.',
    'Solutions do not need to browse the file system.'),
  r('HB-FS-004', 'file-system', 'low', 'medium', 'CWE-73', 'Opens a file whose path is computed at run time',
    'The path cannot be checked statically; the sandbox confines it at run time.',
    'Prefer stdin or a literal relative file name.'),

  r('HB-NET-001', 'network', 'high', 'high', 'CWE-918', 'Raw socket use',
    'Sockets let code exfiltrate data or attack internal services.',
    'Solutions never need the network; remove socket code.'),
  r('HB-NET-002', 'network', 'high', 'high', 'CWE-918', 'HTTP, URL, mail, TLS or other network client/server',
    'Network clients and servers exfiltrate data or reach internal services.',
    'Solutions never need the network; remove the network code.'),
  r('HB-NET-003', 'network', 'high', 'high', 'CWE-200', 'DNS resolution',
    'DNS lookups leak data through resolvers even where direct connections are blocked.',
    'Solutions never need name resolution.'),

  r('HB-PROC-001', 'processes', 'critical', 'high', 'CWE-78', 'Runs a shell command or another program',
    'os.system, subprocess, os.exec*, os.spawn* and pty.spawn run arbitrary programs outside Python.',
    'Solutions must not start programs; compute the answer in Python.'),
  r('HB-PROC-002', 'processes', 'high', 'high', 'CWE-400', 'Forks processes',
    'Forking (os.fork, multiprocessing, ProcessPoolExecutor) multiplies resource use and is the basis of fork bombs.',
    'Solve the task in a single process.'),
  r('HB-PROC-003', 'processes', 'high', 'high', 'CWE-749', 'Sends signals or changes process identity',
    'os.kill, signal handlers and setuid/setsid can kill the worker that runs other jobs or escape supervision.',
    'Remove signal and process-control code.'),
  r('HB-PROC-004', 'processes', 'low', 'medium', 'CWE-400', 'Starts a thread',
    'A single thread (for a larger stack) is a common idiom; many threads exhaust the worker.',
    'Start at most one worker thread; prefer iterative algorithms.'),
  r('HB-PROC-005', 'processes', 'high', 'high', 'CWE-749', 'Installs process-wide hooks',
    'atexit, sys.settrace/setprofile, audit hooks and faulthandler run code outside the normal flow or tamper with monitoring.',
    'Remove interpreter hooks.'),
  r('HB-PROC-006', 'processes', 'medium', 'high', 'CWE-526', 'Reads or changes environment variables',
    'The environment may carry secrets or host details.',
    'Solutions get their input from stdin, not from the environment.'),
  r('HB-PROC-007', 'processes', 'low', 'high', 'CWE-526', 'Reads one named environment variable',
    'Checking a flag such as ONLINE_JUDGE is a common template idiom; the sandbox environment is empty.',
    'Nothing to do; prefer reading input from stdin.'),

  r('HB-INT-001', 'introspection', 'high', 'high', 'CWE-693', 'Walks the class hierarchy',
    '__subclasses__, __bases__, __base__ and __mro__ reach every loaded class, the classic route to os and builtins.',
    'Use your own classes directly; there is no need to walk type hierarchies.'),
  r('HB-INT-002', 'introspection', 'high', 'high', 'CWE-693', 'Reads function or module internals',
    '__globals__, __builtins__, __code__, __closure__, __self__ and loaders expose namespaces that hold dangerous functions.',
    'Call functions normally instead of reading their internals.'),
  r('HB-INT-003', 'introspection', 'high', 'high', 'CWE-693', 'Accesses interpreter frames',
    'Frames (sys._getframe, inspect, gi_frame, f_back, tb_frame) expose the globals and builtins of every caller.',
    'Pass values explicitly instead of inspecting frames.'),
  r('HB-INT-004', 'introspection', 'high', 'high', 'CWE-693', 'Walks the garbage collector',
    'gc.get_objects and referrer walks reach every live object, including modules the code never imported.',
    'Do not inspect the garbage collector; gc.disable()/collect() are fine.'),
  r('HB-INT-005', 'introspection', 'critical', 'high', 'CWE-676', 'Native memory access (ctypes, cffi)',
    'Foreign-function interfaces read and write raw memory and call C functions, bypassing the interpreter entirely.',
    'Solutions must be pure Python.'),
  r('HB-INT-006', 'introspection', 'high', 'high', 'CWE-470', 'Reaches the builtins namespace',
    '__builtins__, builtins, input.__self__ or globals()["__builtins__"] hand out eval, exec and __import__ by name.',
    'Call builtins directly by name.'),
  r('HB-INT-007', 'introspection', 'high', 'high', 'CWE-470', 'Reflective access to a sensitive attribute by name',
    'getattr/setattr/attrgetter/format strings with names like "__globals__" hide escape chains from simple scanners.',
    'Access your own attributes directly.'),
  r('HB-INT-008', 'introspection', 'medium', 'medium', 'CWE-470', 'Computed attribute lookup on a module or namespace',
    'getattr(module, name) or globals()[name] with a run-time name can reach any function of that namespace.',
    'Reference the functions you need explicitly.'),
  r('HB-INT-009', 'introspection', 'high', 'high', 'CWE-915', 'Monkey-patches a module or the builtins',
    'Replacing module or builtin functions changes behaviour for code that runs later, including the harness.',
    'Define your own functions instead of replacing library ones.'),
  r('HB-INT-010', 'introspection', 'medium', 'medium', 'CWE-693', 'Low-level object protocol access',
    '__getattribute__, __call__ and __reduce__ accessed as attributes are used to bypass attribute filters.',
    'Use normal attribute access and calls.'),
  r('HB-INT-011', 'introspection', 'low', 'low', 'CWE-693', 'Reads an object __dict__',
    'Reading __dict__ is usually harmless but can expose namespaces.',
    'Prefer vars(obj) on your own objects or explicit attributes.'),

  r('HB-RES-001', 'resources', 'medium', 'medium', 'CWE-835', 'Infinite loop without an exit',
    'A `while True` (or endless iterator) loop with no break, return or raise burns the CPU limit.',
    'Add a termination condition or a break.'),
  r('HB-RES-002', 'resources', 'medium', 'high', 'CWE-770', 'Huge allocation',
    'Multiplying a literal by an enormous count allocates memory far beyond any task limit.',
    'Size containers from the input, not from a giant constant.'),
  r('HB-RES-003', 'resources', 'medium', 'high', 'CWE-400', 'Huge integer power',
    'Powers with astronomically large results consume the CPU and memory of the worker.',
    'Use modular exponentiation pow(base, exp, mod).'),
  r('HB-RES-004', 'resources', 'medium', 'high', 'CWE-674', 'Absurd recursion limit',
    'Recursion limits far beyond what a task needs let runaway recursion crash the interpreter with a C stack overflow.',
    'sys.setrecursionlimit(10**6) is plenty; keep the value within the policy maximum.'),
  r('HB-RES-005', 'resources', 'critical', 'high', 'CWE-400', 'Creates processes or threads in a loop or recursion',
    'Spawning inside a loop or a recursive function is a fork or thread bomb.',
    'Do not create processes or threads repeatedly.'),
  r('HB-RES-006', 'resources', 'high', 'high', 'CWE-770', 'Changes resource limits',
    'resource.setrlimit/prlimit tamper with the limits the sandbox enforces.',
    'Leave resource limits to the platform.'),

  r('HB-OBF-001', 'obfuscation', 'high', 'high', 'CWE-506', 'Sensitive name assembled from fragments',
    'A module, builtin or attribute name such as "os" or "exec" built by concatenation, chr(), join, slicing, formatting or decoding is an evasion technique.',
    'Write names literally.'),
  r('HB-OBF-002', 'obfuscation', 'medium', 'high', 'CWE-1007', 'Identifier relies on Unicode normalisation',
    'Python NFKC-normalises identifiers, so a name in look-alike characters (e.g. fullwidth ｅｖａｌ) is another, real name.',
    'Write identifiers in their normal form.'),
  r('HB-OBF-003', 'obfuscation', 'low', 'medium', 'CWE-506', 'Decodes an embedded constant payload',
    'Base64, hex, zlib or rot13 decoding of constants is unusual in solutions and often hides code.',
    'Embed data as plain literals.'),
  r('HB-OBF-004', 'obfuscation', 'high', 'medium', 'CWE-506', 'Dangerous name inside code that does not parse',
    'Code hidden in a region the parser cannot read could still be executed by a different parser or decoded later.',
    'Fix the syntax error.'),
  r('HB-OBF-005', 'obfuscation', 'high', 'high', 'CWE-506', 'Source encoding declaration other than UTF-8',
    'A coding cookie such as utf-7 makes Python decode the bytes into a different program than the one reviewers read.',
    'Remove the coding line or declare utf-8.'),
] as const satisfies readonly RuleMeta[];

export type RuleId = (typeof rules)[number]['id'];

const byId = new Map<string, RuleMeta>(rules.map((rule) => [rule.id, rule]));

/** Metadata of a rule; throws on an unknown id (a programming error, caught by tests). */
export function ruleMeta(id: RuleId): RuleMeta {
  const meta = byId.get(id);
  if (meta === undefined) throw new Error(`unknown rule ${id}`);
  return meta;
}
