/**
 * Calls: what a call to a resolved callee means. Folding builtins (chr, join, decoders,
 * format) so assembled names become visible, resolving dynamic lookups (`__import__`,
 * getattr, vars) into references, and the argument-aware rules (paths, recursion limit,
 * payloads run by exec/eval).
 */
import type { PyNode } from './ast.js';
import { field, identifierName, named } from './ast.js';
import { base32Decode, base64Decode, hexDecode, hexEncode, rot13, utf8Decode, utf8Encode } from './decode.js';
import type { Evaluator } from './evaluate.js';
import { binaryOp } from './operators.js';
import { moduleStatus } from './policy.js';
import { ruleForReference, sensitiveAttributes } from './rules/sensitive.js';
import type { Value } from './values.js';
import {
  UNKNOWN,
  UNKNOWN_DECODED,
  bytes,
  combine,
  int,
  isText,
  iterItems,
  log2Of,
  ref,
  smallInt,
  str,
} from './values.js';

export interface Args {
  readonly pos: Value[];
  readonly kw: Map<string, Value>;
  /** `*args`/`**kwargs` present: positions are not reliable. */
  readonly starred: boolean;
}

type Handler = (ev: Evaluator, args: Args, node: PyNode, path: string) => Value;

export function evalCall(ev: Evaluator, node: PyNode): Value {
  const calleeNode = field(node, 'function');
  const outer = ev.calleeNode;
  // `os.environ.get('NAME')`: the mapping is judged by the call, like `os.getenv('NAME')`.
  ev.calleeNode =
    calleeNode?.type === 'attribute' && ev.text(calleeNode).replace(/\s/g, '').endsWith('.get')
      ? field(calleeNode, 'object')
      : calleeNode;
  const callee = calleeNode === undefined ? UNKNOWN : ev.eval(calleeNode);
  ev.calleeNode = outer;
  // Arguments are values handed on, never tests, whatever surrounds the call.
  const args = ev.inBooleanContext(() => collectArgs(ev, field(node, 'arguments')), false);
  ev.onCall(calleeNode, callee, node);
  let result: Value = UNKNOWN;
  if (callee.k === 'ref') result = callRef(ev, callee.path, args, node);
  else if (callee.k === 'bound') result = callMethod(ev, callee.recv, callee.name, args, node);
  else if (callee.k === 'user') result = callee.fn?.returns ?? UNKNOWN;
  else if (callee.k === 'unknown' && calleeNode?.type === 'attribute')
    processMethodOnUnknown(ev, calleeNode, node);
  return ev.checkString(result, node);
}

function collectArgs(ev: Evaluator, argsNode: PyNode | undefined): Args {
  const args: Args = { pos: [], kw: new Map(), starred: false };
  if (argsNode === undefined) return args;
  if (argsNode.type === 'generator_expression') {
    args.pos.push(ev.eval(argsNode));
    return args;
  }
  let starred = false;
  for (const a of named(argsNode)) {
    if (a.type === 'keyword_argument') {
      const name = field(a, 'name');
      const value = field(a, 'value');
      const v = value === undefined ? UNKNOWN : ev.eval(value);
      if (name !== undefined) args.kw.set(identifierName(ev.source, name), v);
    } else if (a.type === 'list_splat') {
      // `getattr(*[os, 'system'])`: a splat of a known sequence is its items.
      const inner = named(a)[0];
      const v = inner === undefined ? UNKNOWN : ev.eval(inner);
      const items = iterItems(v);
      if (items !== undefined && items.length <= 64) args.pos.push(...items);
      else starred = true;
    } else if (a.type === 'dictionary_splat') {
      ev.eval(a);
      starred = true;
    } else {
      args.pos.push(ev.eval(a));
    }
  }
  return { ...args, starred };
}

/**
 * Methods that only process APIs have (`.system`, `.popen`, `.execv`, ...), called on an
 * object we could not resolve (a module passed as a parameter or stored on a class): judged
 * by name, since no solution's own class needs these names.
 */
const processMethodNames =
  /^(system|popen|popen2|popen3|execv|execve|execvp|execvpe|execl|execle|execlp|execlpe|spawnv|spawnve|spawnvp|spawnl|spawnlp|posix_spawn|posix_spawnp|check_output|check_call|getoutput|getstatusoutput|forkpty)$/;

function processMethodOnUnknown(ev: Evaluator, calleeNode: PyNode, node: PyNode): void {
  const attr = field(calleeNode, 'attribute');
  if (attr === undefined) return;
  const name = identifierName(ev.source, attr);
  if (processMethodNames.test(name))
    ev.emit('HB-PROC-001', node, `Calls .${name}() on an object that may be os or subprocess.`);
}

export function callRef(ev: Evaluator, path: string, args: Args, node: PyNode): Value {
  const rule = ruleForReference(path);
  if (rule === 'HB-PROC-001' || rule === 'HB-PROC-002' || rule === 'HB-PROC-004') ev.spawned(node, path);
  const handler = handlers[path];
  if (handler !== undefined) return handler(ev, args, node, path);
  // `vars(m).get('name')`, `m.__dict__.__getitem__('name')`: a lookup in a module namespace.
  const lookup = /^(.+)\.(get|__getitem__|pop)$/.exec(path);
  if (lookup !== null && !path.includes('()') && args.pos[0] !== undefined) {
    return ev.index(ref(lookup[1] as string), args.pos[0], node);
  }
  if (path.startsWith('builtins.')) return UNKNOWN;
  return ref(`${path}()`);
}

const text = (v: Value | undefined): string | undefined => (v !== undefined && isText(v) ? v.v : undefined);

/** exec/eval/compile: flag decoded or assembled payloads, then analyse the payload itself. */
const payload: Handler = (ev, args, node) => {
  const code = args.pos[0] ?? args.kw.get('source');
  if (code === undefined) return UNKNOWN;
  if ((code.k === 'unknown' && code.decoded) || (isText(code) && code.origin !== 'literal')) {
    ev.emit('HB-DYN-003', node, 'Runs code that was decoded or assembled at run time.');
  }
  if (isText(code)) {
    const source = code.k === 'bytes' ? utf8Decode(code.v) : code.v;
    if (source !== undefined) ev.analyzeNested(source, node);
  }
  return UNKNOWN_DECODED;
};

const dynamicImport: Handler = (ev, args, node, path) => {
  const name = args.pos[0] ?? args.kw.get('name');
  if (name?.k !== 'str') {
    ev.emit('HB-IMP-005', node, 'Imports a module whose name is computed at run time.');
    return UNKNOWN;
  }
  if (name.origin === 'literal') ev.emit('HB-IMP-004', node, `Imports '${name.v}' dynamically.`);
  else ev.resolvedName(name, node);
  ev.opts.imports.push(ev.dynamicImport(name.v, node));
  const fromlist = args.pos[3] ?? args.kw.get('fromlist');
  const top = path === 'builtins.__import__' && (fromlist === undefined || fromlist.k === 'none');
  return ref(top ? (name.v.split('.')[0] ?? name.v) : name.v);
};

const getattrLike: Handler = (ev, args, node, path) => {
  const [obj, name] = args.pos;
  if (obj === undefined || name === undefined) return UNKNOWN;
  const fn = path.slice(path.lastIndexOf('.') + 1);
  if (name.k === 'str') {
    if (sensitiveAttributes[name.v] !== undefined && sensitiveAttributes[name.v] !== 'HB-INT-011') {
      ev.emit('HB-INT-007', node, `${fn}() with the name '${name.v}'.`);
    }
    ev.resolvedName(name, node);
    if (obj.k === 'unknown' && fn === 'getattr' && processMethodNames.test(name.v)) {
      ev.emit('HB-PROC-001', node, `getattr(..., '${name.v}') on an object that may be os or subprocess.`);
    }
    const moduleLike = obj.k === 'ref' && !obj.path.includes('()');
    if ((fn === 'setattr' || fn === 'delattr') && moduleLike) {
      ev.emit('HB-INT-009', node, `${fn}() on the module ${obj.path}.`);
    }
    return fn === 'getattr' || fn === 'getattr_static' ? ev.getAttr(obj, name.v, node) : UNKNOWN;
  }
  // getattr(math, name) on a module the policy allows is a table lookup; elsewhere it can reach anything.
  const harmless =
    obj.k === 'ref' &&
    obj.path !== 'sys' &&
    !obj.path.includes('.') &&
    moduleStatus(ev.policy, obj.path) === 'allowed';
  if ((obj.k === 'ref' && !harmless) || obj.k === 'ns') {
    ev.emit(
      'HB-INT-008',
      node,
      `${fn}() with a computed name on ${obj.k === 'ref' ? obj.path : 'a namespace'}.`,
    );
    if (fn === 'setattr' || fn === 'delattr')
      ev.emit('HB-INT-009', node, `${fn}() on ${obj.k === 'ref' ? obj.path : 'a namespace'}.`);
  }
  return UNKNOWN;
};

/** operator.attrgetter('a.__globals__'), methodcaller('__subclasses__'). */
const attrgetter: Handler = (ev, args, node, path) => {
  for (const a of args.pos) {
    if (a.k !== 'str') continue;
    if (path === 'operator.methodcaller' && processMethodNames.test(a.v)) {
      ev.emit('HB-PROC-001', node, `methodcaller('${a.v}') calls a process function by name.`);
    }
    for (const part of a.v.split('.')) {
      const rule = sensitiveAttributes[part];
      if (rule !== undefined && rule !== 'HB-INT-011')
        ev.emit('HB-INT-007', node, `${path.slice(9)}('${a.v}').`);
    }
    ev.resolvedName(a, node);
  }
  return ref(`${path}()`);
};

/** A string used as a format template: `{0.__class__.__base__}` walks attributes at run time. */
export function checkFormatTemplate(ev: Evaluator, template: string, node: PyNode): void {
  for (const m of template.matchAll(/\{([^{}:!]*)/g)) {
    for (const part of (m[1] ?? '').split(/[.[\]]/).slice(1)) {
      const rule = sensitiveAttributes[part];
      if ((rule !== undefined && rule !== 'HB-INT-011') || /^__\w+__$/.test(part)) {
        ev.emit('HB-INT-007', node, `A format string walks the attribute '${part}'.`);
      }
    }
  }
}

/** open() and other functions taking a path: flag host paths; note stdin idioms. */
const pathTaking: Handler = (ev, args, node, path) => {
  const target = args.pos[0] ?? args.kw.get('file') ?? args.kw.get('path') ?? args.kw.get('filename');
  if (target !== undefined) {
    if (target.k === 'int' && target.v === 0n) ev.opts.patterns.add('input-reading', node);
    const p = text(target);
    if (p !== undefined) {
      if (ev.policy.stdioPaths.includes(p)) ev.opts.patterns.add('input-reading', node);
      else if (isOutsideJobDir(p)) ev.emit('HB-FS-001', node, `Opens '${p}', outside the job directory.`);
    } else if (target.k === 'unknown' || target.k === 'bound' || target.k === 'ref') {
      const prefix = literalPrefix(ev, node);
      if (prefix !== undefined && isOutsideJobDir(prefix)) {
        ev.emit('HB-FS-001', node, `Opens a path built from '${prefix}', outside the job directory.`);
      } else {
        ev.emit('HB-FS-004', node, 'Opens a path computed at run time.');
      }
    }
  }
  return path.startsWith('builtins.') ? UNKNOWN : ref(`${path}()`);
};

/**
 * The first string literal of a call's first argument (`'/proc/' + str(pid) + '/mem'`): a
 * path whose computed parts are unknown is still outside the job directory when it starts
 * with `/`, `~` or climbs with `..`.
 */
function literalPrefix(ev: Evaluator, call: PyNode): string | undefined {
  const args = field(call, 'arguments');
  let n = args === undefined ? undefined : named(args)[0];
  // Follow the leftmost operand only: the literal must be where the path starts.
  while (n !== undefined) {
    if (n.type === 'binary_operator' || n.type === 'parenthesized_expression') n = named(n)[0];
    else if (n.type === 'concatenated_string') n = named(n)[0];
    else if (n.type === 'string') {
      const first = n.children[1];
      if (first?.type !== 'string_content') return undefined;
      const t = ev.text(first);
      return t.includes('../') ? '../' : t;
    } else return undefined;
  }
  return undefined;
}

export function isOutsideJobDir(p: string): boolean {
  return (
    p.startsWith('/') ||
    p.startsWith('~') ||
    p.startsWith('\\') ||
    /^[a-zA-Z]:/.test(p) ||
    p.split(/[\\/]/).includes('..') ||
    p.includes('\0')
  );
}

const recursionLimit: Handler = (ev, args, node) => {
  const n = args.pos[0];
  if (n === undefined) return UNKNOWN;
  const value = n.k === 'int' ? n.v : undefined;
  const log2 = log2Of(n);
  if (
    (value !== undefined && value > BigInt(ev.policy.maxRecursionLimit)) ||
    (value === undefined && log2 !== undefined && n.k === 'bigint')
  ) {
    ev.emit(
      'HB-RES-004',
      node,
      `Sets the recursion limit to ${value?.toString() ?? 'an enormous value'} (policy maximum ${ev.policy.maxRecursionLimit}).`,
    );
  }
  return UNKNOWN;
};

/** Decoders of constant payloads: the result is known (and marked `decoded`) where we can compute it. */
function decoder(decode: (s: string) => string | undefined): Handler {
  return (ev, args, node) => {
    const input = args.pos[0];
    const s = text(input);
    if (s === undefined) return input?.k === 'unknown' && input.decoded ? UNKNOWN_DECODED : UNKNOWN_DECODED;
    ev.emit('HB-OBF-003', node, 'Decodes a constant payload.');
    const out = decode(s);
    return out === undefined ? UNKNOWN_DECODED : bytes(out, 'decoded');
  };
}

const opaqueDecoder: Handler = (ev, args, node) => {
  if (text(args.pos[0]) !== undefined)
    ev.emit('HB-OBF-003', node, 'Decompresses or unpacks a constant payload.');
  return UNKNOWN_DECODED;
};

const codecsCall: Handler = (ev, args, node, path) => {
  const input = args.pos[0];
  const encoding = (text(args.pos[1] ?? args.kw.get('encoding')) ?? 'utf-8').toLowerCase().replace(/-/g, '_');
  const s = text(input);
  if (s === undefined || input === undefined || !isText(input))
    return input?.k === 'unknown' && input.decoded ? UNKNOWN_DECODED : UNKNOWN;
  const decoding = path === 'codecs.decode';
  if (encoding === 'rot13' || encoding === 'rot_13') {
    ev.emit('HB-OBF-003', node, 'Decodes a rot13 payload.');
    return str(rot13(s), 'decoded');
  }
  if (
    [
      'hex',
      'hex_codec',
      'base64',
      'base64_codec',
      'zlib',
      'zlib_codec',
      'bz2',
      'bz2_codec',
      'uu',
      'quopri',
    ].includes(encoding)
  ) {
    if (!decoding) return UNKNOWN;
    ev.emit('HB-OBF-003', node, `Decodes a ${encoding} payload.`);
    const out = encoding.startsWith('hex')
      ? hexDecode(s)
      : encoding.startsWith('base64')
        ? base64Decode(s)
        : undefined;
    return out === undefined ? UNKNOWN_DECODED : bytes(out, 'decoded');
  }
  return textCodec(input, encoding, decoding);
};

function textCodec(
  input: Extract<Value, { k: 'str' | 'bytes' }>,
  encoding: string,
  decoding: boolean,
): Value {
  const utf8 = ['utf_8', 'utf8', 'u8'].includes(encoding);
  const latin = ['latin_1', 'latin1', 'iso_8859_1', 'ascii', 'us_ascii'].includes(encoding);
  if (!utf8 && !latin) return UNKNOWN;
  if (decoding && input.k === 'bytes') {
    const out = utf8 ? utf8Decode(input.v) : input.v;
    return out === undefined ? UNKNOWN : str(out, input.origin);
  }
  if (!decoding && input.k === 'str') return bytes(utf8 ? utf8Encode(input.v) : input.v, input.origin);
  return UNKNOWN;
}

const chr: Handler = (_ev, args) => {
  const n = smallInt(args.pos[0] ?? UNKNOWN);
  return n === undefined || n < 0 || n > 0x10ffff ? UNKNOWN : str(String.fromCodePoint(n), 'folded');
};

const ord: Handler = (_ev, args) => {
  const s = args.pos[0];
  return s?.k === 'str' && [...s.v].length === 1 ? int(BigInt(s.v.codePointAt(0) ?? 0)) : UNKNOWN;
};

const toStr: Handler = (_ev, args) => {
  const [a, enc] = args.pos;
  if (a === undefined) return str('', 'literal');
  if (a.k === 'str' && enc === undefined) return a;
  if (a.k === 'int') return str(a.v.toString(), 'folded');
  if (a.k === 'bytes' && enc?.k === 'str') return textCodec(a, enc.v.toLowerCase().replace(/-/g, '_'), true);
  return UNKNOWN;
};

const toBytes: Handler = (ev, args, node) => {
  const [a, enc] = args.pos;
  if (a === undefined) return bytes('', 'literal');
  if (a.k === 'int' || a.k === 'bigint') {
    const n = a.k === 'int' ? Number(a.v) : Infinity;
    if (n > ev.policy.maxAllocationElements)
      ev.emit('HB-RES-002', node, 'Allocates an enormous byte buffer.');
    return UNKNOWN;
  }
  if (a.k === 'str' && enc?.k === 'str') return textCodec(a, enc.v.toLowerCase().replace(/-/g, '_'), false);
  if (a.k === 'bytes') return a;
  const items = iterItems(a);
  if (items === undefined) return UNKNOWN;
  const codes = items.map(smallInt);
  if (codes.some((c) => c === undefined || c < 0 || c > 255)) return UNKNOWN;
  return bytes(String.fromCharCode(...(codes as number[])), 'folded');
};

/** Sizes of `range(n)` objects, so `list(range(10**12))` is seen as the allocation it is. */
const rangeSizes = new WeakMap<Value, number>();

const rangeCall: Handler = (_ev, args) => {
  const r = ref('builtins.range()');
  const [a, b] = args.pos;
  const stop = b ?? a;
  const start = b === undefined ? 0 : smallInt(a ?? UNKNOWN);
  const log2 = stop === undefined ? undefined : log2Of(stop);
  const n = stop === undefined ? undefined : smallInt(stop);
  if (start !== undefined && log2 !== undefined) rangeSizes.set(r, n === undefined ? 2 ** log2 : n - start);
  return r;
};

const toSeq: Handler = (ev, args, node) => {
  const size = args.pos[0] === undefined ? undefined : rangeSizes.get(args.pos[0]);
  if (size !== undefined && size > ev.policy.maxAllocationElements) {
    ev.emit('HB-RES-002', node, `Materialises a range of about ${size.toExponential(1)} elements.`);
  }
  const items = iterItems(args.pos[0] ?? UNKNOWN);
  return items === undefined ? UNKNOWN : { k: 'seq', items };
};

const reversedItems: Handler = (_ev, args) => {
  const items = iterItems(args.pos[0] ?? UNKNOWN);
  return items === undefined ? UNKNOWN : { k: 'seq', items: [...items].reverse() };
};

const mapCall: Handler = (ev, args, node) => {
  const [fn, iterable] = args.pos;
  const items = iterItems(iterable ?? UNKNOWN);
  if (fn?.k !== 'ref' || items === undefined || items.length > 1024 || args.pos.length !== 2) return UNKNOWN;
  const fnPath = fn.path;
  return {
    k: 'seq',
    items: items.map((item) => callRef(ev, fnPath, { pos: [item], kw: new Map(), starred: false }, node)),
  };
};

const powCall: Handler = (ev, args, node) => {
  const [a, b, m] = args.pos;
  if (a === undefined || b === undefined || m !== undefined) return UNKNOWN;
  return binaryOp('**', a, b, { policy: ev.policy, report: (rule, message) => ev.emit(rule, node, message) });
};

const namespace: Handler = (_ev, args, _node, path) => {
  if (path === 'builtins.globals') return { k: 'ns', of: 'globals' };
  const target = args.pos[0];
  if (target === undefined) return { k: 'ns', of: 'locals' };
  return target.k === 'ref' ? { k: 'ns', of: 'module', path: target.path } : UNKNOWN;
};

const strFormat: Handler = (ev, args, node) => {
  const [template, ...rest] = args.pos;
  if (template === undefined) return UNKNOWN;
  return callMethod(ev, template, 'format', { ...args, pos: rest }, node);
};

const environment: Handler = (ev, args, node) => {
  ev.environmentRead(args.pos[0] ?? args.kw.get('key'), node);
  return UNKNOWN;
};

/** os.path.join of constants, so `open(os.path.join('/', 'etc', 'passwd'))` is seen. */
const pathJoin: Handler = (_ev, args) => {
  let out = '';
  for (const a of args.pos) {
    if (a.k !== 'str') return UNKNOWN;
    out = a.v.startsWith('/') || out === '' ? a.v : out.endsWith('/') ? out + a.v : `${out}/${a.v}`;
  }
  return args.pos.length === 0 ? UNKNOWN : str(out, 'folded');
};

/** Path normalisers keep the (still relative or still absolute) path for the checks. */
const pathIdentity: Handler = (_ev, args) => (args.pos[0]?.k === 'str' ? args.pos[0] : UNKNOWN);

const handlers: Record<string, Handler> = {
  'os.path.join': pathJoin,
  'posixpath.join': pathJoin,
  'os.path.expanduser': pathIdentity,
  'os.path.expandvars': pathIdentity,
  'os.path.normpath': pathIdentity,
  'os.path.abspath': pathIdentity,
  'os.path.realpath': pathIdentity,
  'os.fspath': pathIdentity,
  'os.getenv': environment,
  'os.environ.get': environment,
  'builtins.eval': payload,
  'builtins.exec': payload,
  'builtins.compile': payload,
  'builtins.__import__': dynamicImport,
  'importlib.import_module': dynamicImport,
  'importlib.__import__': dynamicImport,
  'builtins.getattr': getattrLike,
  'builtins.setattr': getattrLike,
  'builtins.delattr': getattrLike,
  'builtins.hasattr': getattrLike,
  'inspect.getattr_static': getattrLike,
  'builtins.object.__getattribute__': getattrLike,
  'builtins.type.__getattribute__': getattrLike,
  'builtins.object.__setattr__': getattrLike,
  'operator.attrgetter': attrgetter,
  'operator.methodcaller': attrgetter,
  'builtins.globals': namespace,
  'builtins.locals': namespace,
  'builtins.vars': namespace,
  'builtins.chr': chr,
  'builtins.ord': ord,
  'builtins.str': toStr,
  'builtins.bytes': toBytes,
  'builtins.bytearray': toBytes,
  'builtins.list': toSeq,
  'builtins.tuple': toSeq,
  'builtins.set': toSeq,
  'builtins.sorted': toSeq,
  'builtins.range': rangeCall,
  'builtins.reversed': reversedItems,
  'builtins.map': mapCall,
  'builtins.pow': powCall,
  'builtins.str.format': strFormat,
  'builtins.str.join': (ev, args, node) =>
    args.pos[0] === undefined
      ? UNKNOWN
      : callMethod(ev, args.pos[0], 'join', { ...args, pos: args.pos.slice(1) }, node),
  'sys.setrecursionlimit': recursionLimit,
  'builtins.bytes.fromhex': decoder(hexDecode),
  'builtins.bytearray.fromhex': decoder(hexDecode),
  'binascii.unhexlify': decoder(hexDecode),
  'binascii.a2b_hex': decoder(hexDecode),
  'base64.b16decode': decoder(hexDecode),
  'base64.b64decode': decoder((s) => base64Decode(s)),
  'base64.standard_b64decode': decoder((s) => base64Decode(s)),
  'base64.decodebytes': decoder((s) => base64Decode(s)),
  'base64.decodestring': decoder((s) => base64Decode(s)),
  'binascii.a2b_base64': decoder((s) => base64Decode(s)),
  'base64.urlsafe_b64decode': decoder((s) => base64Decode(s, true)),
  'base64.b32decode': decoder(base32Decode),
  'base64.b85decode': opaqueDecoder,
  'base64.a85decode': opaqueDecoder,
  'zlib.decompress': opaqueDecoder,
  'gzip.decompress': opaqueDecoder,
  'bz2.decompress': opaqueDecoder,
  'lzma.decompress': opaqueDecoder,
  'marshal.loads': opaqueDecoder,
  'pickle.loads': opaqueDecoder,
  'codecs.decode': codecsCall,
  'codecs.encode': codecsCall,
};

for (const p of `builtins.open io.open io.FileIO io.open_code codecs.open os.open pathlib.Path pathlib.PurePath
  pathlib.PosixPath linecache.getline linecache.getlines linecache.updatecache fileinput.input fileinput.FileInput
  os.stat os.lstat os.access os.path.exists os.path.lexists os.path.isfile os.path.isdir os.path.islink
  os.path.getsize os.path.getmtime os.listdir os.scandir os.walk tokenize.open os.readlink os.chdir
  os.remove os.unlink os.rmdir os.rename os.replace os.chmod os.truncate`.split(/\s+/)) {
  if (p !== '') handlers[p] = pathTaking;
}

/** Methods of constant strings, bytes and namespaces. */
export function callMethod(ev: Evaluator, recv: Value, name: string, args: Args, node: PyNode): Value {
  if (recv.k === 'unknown') return recv.decoded ? UNKNOWN_DECODED : UNKNOWN;
  if (recv.k === 'ns') {
    if ((name === 'get' || name === '__getitem__' || name === 'pop') && args.pos[0] !== undefined) {
      return ev.index(recv, args.pos[0], node);
    }
    if (name === 'update' || name === '__setitem__' || name === 'setdefault') {
      ev.emit('HB-INT-009', node, `Changes a namespace with .${name}().`);
    }
    return UNKNOWN;
  }
  if (recv.k === 'str') {
    if (name === 'format' || name === 'format_map') checkFormatTemplate(ev, recv.v, node);
    return strMethod(recv, name, args);
  }
  if (recv.k === 'bytes') return bytesMethod(recv, name, args);
  return UNKNOWN;
}

function strMethod(recv: Extract<Value, { k: 'str' }>, name: string, args: Args): Value {
  const [a, b] = args.pos;
  const o = combine(recv.origin);
  switch (name) {
    case 'join': {
      const items = iterItems(a ?? UNKNOWN);
      if (items === undefined || !items.every((i) => i.k === 'str')) return UNKNOWN;
      const parts = items as Extract<Value, { k: 'str' }>[];
      return str(parts.map((p) => p.v).join(recv.v), combine(recv.origin, ...parts.map((p) => p.origin)));
    }
    case 'replace':
      return a?.k === 'str' && b?.k === 'str' && args.pos.length === 2
        ? str(recv.v.split(a.v).join(b.v), combine(recv.origin, a.origin, b.origin))
        : UNKNOWN;
    case 'upper':
      return str(recv.v.toUpperCase(), o);
    case 'lower':
    case 'casefold':
      return str(recv.v.toLowerCase(), o);
    case 'strip':
    case 'lstrip':
    case 'rstrip': {
      if (a !== undefined && a.k !== 'str') return UNKNOWN;
      const chars = a?.k === 'str' ? a.v : ' \t\n\r\x0b\x0c';
      let s = recv.v;
      if (name !== 'rstrip') while (s.length > 0 && chars.includes(s[0] as string)) s = s.slice(1);
      if (name !== 'lstrip')
        while (s.length > 0 && chars.includes(s[s.length - 1] as string)) s = s.slice(0, -1);
      return str(s, o);
    }
    case 'swapcase':
      return str(
        [...recv.v].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
        o,
      );
    case 'capitalize':
      return str(recv.v.charAt(0).toUpperCase() + recv.v.slice(1).toLowerCase(), o);
    case 'title':
      return str(
        recv.v
          .toLowerCase()
          .replace(/(^|[^a-zA-Z])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase()),
        o,
      );
    case 'encode':
      return textCodec(
        recv,
        ((a?.k === 'str' ? a.v : undefined) ?? 'utf-8').toLowerCase().replace(/-/g, '_'),
        false,
      );
    case 'split': {
      if (a !== undefined && a.k !== 'str') return UNKNOWN;
      const parts = a?.k === 'str' ? recv.v.split(a.v) : recv.v.trim().split(/\s+/).filter(Boolean);
      return { k: 'seq', items: parts.map((p) => str(p, o)) };
    }
    case 'format':
      return formatTemplate(recv, args);
    default:
      return UNKNOWN;
  }
}

function formatTemplate(recv: Extract<Value, { k: 'str' }>, args: Args): Value {
  let auto = 0;
  let failed = false;
  const origins = [recv.origin];
  const out = recv.v.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, inner: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const key = inner ?? '';
    const v = key === '' ? args.pos[auto++] : /^\d+$/.test(key) ? args.pos[Number(key)] : args.kw.get(key);
    if (v?.k === 'str') {
      origins.push(v.origin);
      return v.v;
    }
    if (v?.k === 'int') return v.v.toString();
    failed = true;
    return '';
  });
  return failed ? UNKNOWN : str(out, combine(...origins));
}

function bytesMethod(recv: Extract<Value, { k: 'bytes' }>, name: string, args: Args): Value {
  const a = args.pos[0] ?? args.kw.get('encoding');
  switch (name) {
    case 'decode':
      return textCodec(
        recv,
        ((a?.k === 'str' ? a.v : undefined) ?? 'utf-8').toLowerCase().replace(/-/g, '_'),
        true,
      );
    case 'hex':
      return str(hexEncode(recv.v), combine(recv.origin));
    case 'join': {
      const items = iterItems(a ?? UNKNOWN);
      if (items === undefined || !items.every((i) => i.k === 'bytes')) return UNKNOWN;
      return bytes(items.map((i) => (i as { v: string }).v).join(recv.v), combine(recv.origin));
    }
    case 'upper':
      return bytes(recv.v.toUpperCase(), combine(recv.origin));
    case 'lower':
      return bytes(recv.v.toLowerCase(), combine(recv.origin));
    case 'strip':
      return bytes(recv.v.trim(), combine(recv.origin));
    default:
      return UNKNOWN;
  }
}
