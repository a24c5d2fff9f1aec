/**
 * Policy as data: which modules a submission may import, the resource thresholds, and
 * per-rule overrides. The default is tuned for a coding-challenge platform; tasks override it
 * (parsed with `policySchema`, so a task file with a typo fails with the path of the field).
 */
import { z } from 'zod';
import { stdlibModules } from './rules/stdlib.js';
import { severitySchema } from './schema.js';

const moduleName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/);

export const policySchema = z
  .object({
    modules: z
      .object({
        /** Fine for solutions; no issue. A dotted entry (`os.path`) beats its parent (`os`). */
        allow: z.array(moduleName),
        /** Allowed with an informational (low) issue. */
        warn: z.array(moduleName),
        /** Makes the report unsafe. */
        deny: z.array(moduleName),
        /**
         * Outside the allowed set (HB-IMP-008, medium): standard modules that are code, file or
         * network gadgets but not outright escapes; a dotted entry (`logging.config`) beats a
         * warned parent (`logging`).
         */
        restrict: z.array(moduleName).default([]),
        /** What a standard-library module in none of the lists gets: the default is an allow-list. */
        stdlib: z.enum(['allow', 'warn', 'restrict', 'deny']).default('restrict'),
        /** What a module in none of the lists (and not in the standard library) gets. */
        unknown: z.enum(['allow', 'warn', 'deny']),
      })
      .strict(),
    /** `sys.setrecursionlimit(n)` above this is HB-RES-004; 10**6 .. 10**9 and 1 << 30 occur in solutions. */
    maxRecursionLimit: z.number().int().positive(),
    /** `[0] * n`, `'a' * n`, `bytearray(n)` above this many elements/bytes is HB-RES-002. */
    maxAllocationElements: z.number().int().positive(),
    /** `a ** b` whose result would exceed this many bits is HB-RES-003. */
    maxPowerBits: z.number().int().positive(),
    /** Absolute paths a solution may open: the standard streams under their device names. */
    stdioPaths: z.array(z.string().startsWith('/')),
    /** Severity at or above which the report is unsafe. Denied imports are always unsafe. */
    unsafeAt: severitySchema,
    /** Per-rule overrides, e.g. `{ "HB-PROC-004": { "severity": "high" } }` for a task that forbids threads. */
    rules: z.record(
      z.string().regex(/^HB-[A-Z]{2,5}-\d{3}$/),
      z.object({ enabled: z.boolean().optional(), severity: severitySchema.optional() }).strict(),
    ),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;

/**
 * Standard modules a solution may use freely: what competitive-programming solutions import.
 * Everything else in the standard library is outside the allowed set unless listed below.
 */
// prettier-ignore
const allow = [
  'math', 'cmath', 'collections', 'itertools', 'functools', 'heapq', 'bisect', 're', 'string', 'json',
  'typing', 'typing_extensions', 'dataclasses', 'fractions', 'decimal', 'statistics', 'random', 'datetime',
  'time', 'calendar', 'operator', 'copy', 'enum', 'array', 'sys', 'io', 'abc', 'numbers', 'textwrap',
  'unicodedata', 'pprint', 'contextlib', 'graphlib', 'queue', 'struct', 'hashlib', 'hmac', 'secrets',
  'binascii', 'base64', 'codecs', 'keyword', 'difflib', 'warnings', 'csv', 'errno', 'locale', 'zoneinfo',
  'reprlib', 'weakref', 'html', 'fnmatch', 'shlex', 'getopt', 'ipaddress', 'colorsys', 'sched', 'stat',
  'zlib', 'sre_parse', 'sre_constants', 'tomllib', 'quopri', 'this', 'os.path', '__future__', 'numpy',
  'sortedcontainers',
] as const;

/** Fine for common idioms, but the module also exposes risky functions (reported separately). */
// prettier-ignore
const warn = [
  'os', 'threading', 'gc', 'types', 'traceback', 'ast', 'logging', 'asyncio', 'contextvars',
  'concurrent.futures.thread', 'resource', 'dis',
] as const;

/**
 * Submodules of warned modules that are gadgets of their own (logging.config instantiates any
 * callable named in a dict, logging.handlers opens sockets, asyncio.subprocess runs programs).
 */
// prettier-ignore
const restrict = [
  'logging.config', 'logging.handlers', 'asyncio.subprocess', 'asyncio.unix_events',
] as const;

/** Processes, network, native code, interpreter internals, persistence. */
// prettier-ignore
const deny = [
  'subprocess', 'pty', 'tty', 'termios', 'multiprocessing', 'concurrent', 'signal',
  'socket', '_socket', 'ssl', '_ssl', 'http', 'urllib', 'urllib2', 'ftplib', 'smtplib', 'smtpd', 'poplib',
  'imaplib', 'nntplib', 'telnetlib', 'xmlrpc', 'socketserver', 'asyncore', 'asynchat',
  'webbrowser', 'wsgiref', 'ctypes', '_ctypes', 'cffi', 'mmap', 'fcntl', 'shutil', 'pickle', '_pickle',
  'cPickle', 'dill', 'marshal', 'shelve', 'dbm', 'sqlite3', 'importlib', 'imp', 'pkgutil', 'runpy',
  'zipimport', 'code', 'codeop', 'pdb', 'bdb', 'pydoc', 'faulthandler', 'atexit', 'builtins',
  '__builtin__', 'posix', 'nt', '_posixsubprocess', 'pwd', 'grp', 'spwd', 'crypt', 'sysconfig', 'site',
  'venv', 'ensurepip', 'distutils', 'setuptools', 'pip', 'py_compile', 'compileall', 'syslog',
  '_imp', '_frozen_importlib', '_frozen_importlib_external', 'sys.monitoring', 'readline', 'rlcompleter',
  'cgi', 'cgitb', 'ctypes.util', 'requests', 'paramiko', 'pexpect', 'sh', 'psutil', '_signal',
  '_posixshmem', 'curses', 'tkinter', 'turtle', 'antigravity', 'idlelib', 'msvcrt', 'winreg', '_winapi',
] as const;

/** The default policy for a coding-challenge platform. Frozen: derive task policies with `mergePolicy`. */
export const defaultPolicy: Policy = Object.freeze(
  policySchema.parse({
    modules: {
      allow: [...allow],
      warn: [...warn],
      restrict: [...restrict],
      deny: [...deny],
      stdlib: 'restrict',
      unknown: 'warn',
    },
    maxRecursionLimit: 2 ** 30,
    maxAllocationElements: 100_000_000,
    maxPowerBits: 10_000_000,
    stdioPaths: [
      '/dev/stdin',
      '/dev/stdout',
      '/dev/stderr',
      '/dev/fd/0',
      '/dev/fd/1',
      '/dev/fd/2',
      '/proc/self/fd/0',
      '/proc/self/fd/1',
      '/proc/self/fd/2',
    ],
    unsafeAt: 'medium',
    rules: {},
  }),
) as Policy;

/** A task policy: the default with the given fields replaced (module lists are replaced whole). */
export function mergePolicy(base: Policy, override: unknown): Policy {
  const partial = policySchema.partial().parse(override);
  return policySchema.parse({ ...base, ...partial });
}

export type ModuleStatus = 'allowed' | 'warned' | 'restricted' | 'denied' | 'unknown';

const listOrder = ['denied', 'restricted', 'warned', 'allowed'] as const;
const listOf = { denied: 'deny', restricted: 'restrict', warned: 'warn', allowed: 'allow' } as const;

/**
 * Length of the longest entry of `list` that is `module` or a package containing it, -1 when
 * none is. Called for every resolved call: no strings are built.
 */
function longestEntry(list: readonly string[], module: string): number {
  let best = -1;
  for (const entry of list) {
    if (
      entry.length > best &&
      module.startsWith(entry) &&
      (module.length === entry.length || module.charCodeAt(entry.length) === 0x2e) // '.'
    )
      best = entry.length;
  }
  return best;
}

/** Longest-prefix match of a dotted module name against the policy lists. */
export function moduleStatus(policy: Policy, module: string): ModuleStatus {
  let best: ModuleStatus | undefined;
  let bestLength = -1;
  // The longest entry wins; on a tie the earlier list: deny, restrict, warn, allow.
  for (const status of listOrder) {
    const length = longestEntry(policy.modules[listOf[status]], module);
    if (length > bestLength) {
      best = status;
      bestLength = length;
    }
  }
  if (best !== undefined) return best;
  const dot = module.indexOf('.');
  if (stdlibModules.has(dot < 0 ? module : module.slice(0, dot))) {
    const stdlib = policy.modules.stdlib;
    return stdlib === 'allow'
      ? 'allowed'
      : stdlib === 'warn'
        ? 'warned'
        : stdlib === 'deny'
          ? 'denied'
          : 'restricted';
  }
  const unknown = policy.modules.unknown;
  return unknown === 'allow' ? 'allowed' : unknown === 'deny' ? 'denied' : 'unknown';
}
