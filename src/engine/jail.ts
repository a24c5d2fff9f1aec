/**
 * The command that starts one zygote, as a pure function of the sandbox mode and what the
 * probe found. With namespaces, bubblewrap builds the jail (ARCHITECTURE §1):
 *  - new user (uid/gid 65534, no further user namespaces), PID, network, IPC, UTS and cgroup
 *    namespaces; the network namespace is created once per zygote, never per job (~2 ms each,
 *    serialised in the kernel);
 *  - `--as-pid-1`: the zygote itself is PID 1. bwrap's own reaper would otherwise be PID 1 and
 *    dumpable, and a job could open /proc/1/mem and take it over (measured here);
 *  - read-only binds of the interpreter, its standard library and its shared libraries only
 *    (no /etc, no /home, nothing else of the host); the harness read-only at /hb;
 *  - a fresh /proc for the jail's PID namespace (it shows the zygote and the one job only),
 *    /dev with null, zero and urandom only, read-only;
 *  - one size-capped tmpfs at /tmp/job, the job directory: the only writable place, wiped
 *    after every job; everything else, `/` and /tmp included, is read-only;
 *  - empty environment, new session (no TIOCSTI on a terminal), dies with its parent.
 * Without namespaces the zygote runs directly on the host, in a private directory.
 */
import type { SandboxMode } from './config.js';

export interface JailSpec {
  readonly mode: SandboxMode;
  readonly bwrapPath: string;
  /** Interpreter path, the same inside and outside the jail. */
  readonly pythonPath: string;
  /** Host directory holding zygote.py and hbjail/. */
  readonly harnessDir: string;
  /** Host paths bound read-only at the same place inside. */
  readonly binds: readonly string[];
  /** Symlinks to recreate inside (e.g. /lib64 -> usr/lib64 on merged-/usr systems). */
  readonly symlinks: readonly { readonly link: string; readonly target: string }[];
  /** Size of the writable tmpfs. */
  readonly workdirBytes: number;
  /** Writable private directory on the host, for the modes without namespaces. */
  readonly hostRoot: string;
  readonly probe?: boolean;
}

export interface JailCommand {
  readonly file: string;
  readonly args: readonly string[];
}

export const JAIL_HARNESS_DIR = '/hb';
/** The job directory: the jail's only writable place (its own tmpfs; `/` and /tmp are read-only). */
export const JAIL_ROOT = '/tmp/job';

export const usesNamespaces = (mode: SandboxMode): boolean => mode === 'strict' || mode === 'no-seccomp';
export const usesSeccomp = (mode: SandboxMode): boolean => mode === 'strict' || mode === 'no-namespaces';

function zygoteArgs(spec: JailSpec, harnessDir: string, root: string): string[] {
  const args = ['-I', '-S', '-B', `${harnessDir}/zygote.py`, '--root', root];
  if (usesSeccomp(spec.mode)) args.push('--seccomp');
  if (usesNamespaces(spec.mode)) args.push('--namespaces');
  if (spec.probe === true) args.push('--probe');
  return args;
}

export function jailCommand(spec: JailSpec): JailCommand {
  if (!usesNamespaces(spec.mode)) {
    return { file: spec.pythonPath, args: zygoteArgs(spec, spec.harnessDir, spec.hostRoot) };
  }
  const args = [
    '--unshare-user',
    '--uid',
    '65534',
    '--gid',
    '65534',
    '--disable-userns',
    '--unshare-pid',
    '--unshare-net',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--hostname',
    'sandbox',
    '--die-with-parent',
    '--new-session',
    '--as-pid-1',
    '--clearenv',
  ];
  for (const path of spec.binds) args.push('--ro-bind', path, path);
  for (const { link, target } of spec.symlinks) args.push('--symlink', target, link);
  args.push(
    '--proc',
    '/proc',
    '--tmpfs',
    '/dev',
    '--dev-bind',
    '/dev/null',
    '/dev/null',
    '--dev-bind',
    '/dev/zero',
    '/dev/zero',
    '--dev-bind',
    '/dev/urandom',
    '/dev/urandom',
    '--remount-ro',
    '/dev',
    '--size',
    String(spec.workdirBytes),
    '--tmpfs',
    JAIL_ROOT,
    '--ro-bind',
    spec.harnessDir,
    JAIL_HARNESS_DIR,
    '--remount-ro',
    '/',
    '--chdir',
    JAIL_ROOT,
    spec.pythonPath,
    ...zygoteArgs(spec, JAIL_HARNESS_DIR, JAIL_ROOT),
  );
  return { file: spec.bwrapPath, args };
}
