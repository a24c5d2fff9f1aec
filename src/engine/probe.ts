/**
 * Which sandbox layers exist here, checked for real before the engine starts (fail closed):
 *  1. the interpreter runs and is Python >= 3.11; its executable, standard library and the
 *     directories of the shared objects it maps become the jail's only read-only binds;
 *  2. with namespaces, bubblewrap starts the same jail the zygotes will use;
 *  3. inside it, the harness's self-test installs the seccomp filter in a forked child and
 *     checks that fork and socket are refused.
 * A layer the mode needs but the machine lacks is a HackBridgeError naming the layer.
 * Results are memoised per (mode, interpreter, bwrap) for the life of the process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { HackBridgeError } from '../common/index.js';
import type { EngineConfig, SandboxMode } from './config.js';
import { jailCommand, usesNamespaces, usesSeccomp, type JailSpec } from './jail.js';
import type { SandboxLayer } from './result.js';

export interface SandboxProbe {
  readonly python: string;
  /** Interpreter path to run (symlinks resolved; bound at the same place inside the jail). */
  readonly pythonPath: string;
  readonly binds: readonly string[];
  readonly symlinks: readonly { readonly link: string; readonly target: string }[];
  readonly layers: readonly SandboxLayer[];
}

const INSPECT = `
import json, os, sys
for m in ('_ssl','_ctypes','_sqlite3','_decimal','_lzma','_bz2','zlib','_hashlib','pyexpat','_json',
          '_pickle','_socket','math','select','mmap','array','_uuid','_elementtree','_posixshmem',
          'unicodedata','_struct','_random','_bisect','_heapq','_datetime','binascii','_csv','_queue',
          '_statistics','termios','fcntl','resource','_asyncio','_zoneinfo','_multibytecodec'):
    try: __import__(m)
    except Exception: pass
dirs = set()
with open('/proc/self/maps') as f:
    for line in f:
        p = line.split()
        if len(p) > 5 and p[5].startswith('/'): dirs.add(os.path.dirname(p[5]))
print(json.dumps({'version': '%d.%d.%d' % sys.version_info[:3], 'executable': os.path.realpath(sys.executable),
                  'stdlib': os.path.dirname(os.__file__), 'dirs': sorted(dirs)}))
`;

/** When HackBridge runs as root, jails run as host uid/gid 65534 (nobody), never as root. */
export function hostIds(): { uid: number; gid: number } | undefined {
  return process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
}

export function sandboxUnavailable(layer: string, reason: string, mode: SandboxMode): HackBridgeError {
  return new HackBridgeError(
    'HB_ENGINE_SANDBOX_UNAVAILABLE',
    `Sandbox layer '${layer}' is unavailable: ${reason}. Refusing to run untrusted code; ` +
      `set engine.sandbox to an explicit weaker mode only if you accept that.`,
    { statusCode: 503, details: { layer, reason, mode } },
  );
}

/** Keeps only outermost directories (a parent bind covers its children). */
function outermost(paths: readonly string[]): string[] {
  const sorted = [...new Set(paths)].sort();
  return sorted.filter((p, i) => !sorted.slice(0, i).some((q) => p === q || p.startsWith(`${q}/`)));
}

function loaderLinks(binds: string[]): { link: string; target: string }[] {
  const links: { link: string; target: string }[] = [];
  for (const link of ['/lib', '/lib64']) {
    if (!existsSync(link)) continue;
    const st = lstatSync(link);
    if (st.isSymbolicLink()) {
      const target = readlinkSync(link);
      links.push({ link, target });
      const resolved = target.startsWith('/') ? target : `/${target}`;
      if (existsSync(resolved)) binds.push(resolved);
    } else if (st.isDirectory()) {
      binds.push(link);
    }
  }
  return links;
}

function inspectPython(pythonPath: string): {
  version: string;
  executable: string;
  stdlib: string;
  dirs: string[];
} {
  const r = spawnSync(pythonPath, ['-I', '-S', '-c', INSPECT], {
    encoding: 'utf8',
    env: {},
    timeout: 20_000,
  });
  const fail = (reason: string): HackBridgeError =>
    new HackBridgeError(
      'HB_ENGINE_PYTHON_UNAVAILABLE',
      `Python interpreter ${pythonPath} is unusable: ${reason}`,
      {
        statusCode: 503,
        details: { pythonPath, reason },
      },
    );
  if (r.error !== undefined) throw fail(r.error.message);
  if (r.status !== 0) throw fail(`exit ${r.status}: ${r.stderr.trim().slice(0, 300)}`);
  const info = JSON.parse(r.stdout) as {
    version: string;
    executable: string;
    stdlib: string;
    dirs: string[];
  };
  const [major = 0, minor = 0] = info.version.split('.').map(Number);
  if (major < 3 || (major === 3 && minor < 11)) throw fail(`Python ${info.version} is older than 3.11`);
  return info;
}

const memo = new Map<string, SandboxProbe>();

export function probeSandbox(config: EngineConfig, harnessDir: string, hostRoot: string): SandboxProbe {
  const key = JSON.stringify([config.sandbox, config.pythonPath, config.bwrapPath]);
  const known = memo.get(key);
  if (known !== undefined) return known;
  const mode = config.sandbox;
  const info = inspectPython(config.pythonPath);
  const exeDir = dirname(info.executable);
  const binds = [info.executable, info.stdlib, ...info.dirs.filter((d) => d !== exeDir)];
  const symlinks = loaderLinks(binds);
  const spec: JailSpec = {
    mode,
    bwrapPath: config.bwrapPath,
    pythonPath: info.executable,
    harnessDir,
    binds: outermost(binds),
    symlinks,
    workdirBytes: 1024 * 1024,
    hostRoot,
    probe: true,
  };
  const cmd = jailCommand(spec);
  const ids = hostIds();
  const r = spawnSync(cmd.file, cmd.args, {
    encoding: 'utf8',
    env: {},
    timeout: 20_000,
    cwd: hostRoot,
    ...ids,
  });
  if (usesNamespaces(mode)) {
    if (r.error !== undefined)
      throw sandboxUnavailable('namespaces', `cannot run ${config.bwrapPath}: ${r.error.message}`, mode);
    if (r.status !== 0)
      throw sandboxUnavailable('namespaces', `bubblewrap failed: ${r.stderr.trim().slice(0, 300)}`, mode);
  } else if (r.error !== undefined || r.status !== 0) {
    throw new HackBridgeError(
      'HB_ENGINE_PYTHON_UNAVAILABLE',
      `The zygote probe failed: ${r.stderr.trim().slice(0, 300)}`,
      {
        statusCode: 503,
        details: { pythonPath: config.pythonPath },
      },
    );
  }
  const lines = r.stdout.trim().split('\n');
  const result = JSON.parse(lines[lines.length - 1] ?? '{}') as {
    python?: string;
    seccompError?: string | null;
  };
  if (usesSeccomp(mode) && result.seccompError !== null && result.seccompError !== undefined) {
    throw sandboxUnavailable('seccomp', result.seccompError, mode);
  }
  const layers: SandboxLayer[] = [];
  if (usesNamespaces(mode)) layers.push('namespaces');
  if (usesSeccomp(mode)) layers.push('seccomp');
  layers.push('no-new-privs', 'rlimits', 'audit-hook');
  const probe: SandboxProbe = {
    python: result.python ?? info.version,
    pythonPath: info.executable,
    binds: spec.binds,
    symlinks,
    layers,
  };
  memo.set(key, probe);
  return probe;
}
