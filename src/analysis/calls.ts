/**
 * Calls: what a call to a resolved callee means. Folding builtins (chr, join, decoders,
 * format) so assembled names become visible, resolving dynamic lookups (`__import__`,
 * getattr, vars) into references, and the argument-aware rules (paths, recursion limit,
 * payloads run by exec/eval).
 */
import type { PyNode } from './ast.js';
import { field, identifierName, named } from './ast.js';
import {
  chr,
  codecsCall,
  decoder,
  opaqueDecoder,
  ord,
  rangeCall,
  reversedItems,
  toBytes,
  toSeq,
  toStr,
} from './builtins.js';
import type { Args, Handler } from './call-args.js';
import { NO_KEYWORDS, processMethodNames } from './call-args.js';
import { checkCodeStringArgs } from './code-strings.js';
import { base32Decode, base64Decode, hexDecode, utf8Decode } from './decode.js';
import type { Evaluator } from './evaluate.js';
import { callMethod } from './methods.js';
import { environmentRead, getAttr, index } from './namespaces.js';
import { binaryOp } from './operators.js';
import { pathIdentity, pathJoin, pathTaking } from './paths.js';
import { moduleStatus } from './policy.js';
import { ruleForReference, sensitiveAttributes } from './rules/sensitive.js';
import type { Value } from './values.js';
import { UNKNOWN, UNKNOWN_DECODED, isText, iterItems, log2Of, ref } from './values.js';

export type { Args } from './call-args.js';
export { callMethod } from './methods.js';

export function evalCall(ev: Evaluator, node: PyNode): Value {
  const calleeNode = field(node, 'function');
  const outer = ev.calleeNode;
  // `os.environ.get('NAME')`: the mapping is judged by the call, like `os.getenv('NAME')`.
  ev.calleeNode =
    calleeNode?.type === 'attribute' && isGet(ev, calleeNode) ? field(calleeNode, 'object') : calleeNode;
  const callee = calleeNode === undefined ? UNKNOWN : ev.eval(calleeNode);
  ev.calleeNode = outer;
  // Arguments are values handed on, never tests, whatever surrounds the call.
  const args = ev.inBooleanContext(() => collectArgs(ev, field(node, 'arguments')), false);
  ev.onCall(calleeNode, callee, node);
  moduleAsSelf(ev, calleeNode, args, node);
  let result: Value = UNKNOWN;
  if (callee.k === 'ref') {
    checkCodeStringArgs(ev, callee.path, args, node);
    result = callRef(ev, callee.path, args, node);
  } else if (callee.k === 'bound') result = callMethod(ev, callee.recv, callee.name, args, node);
  else if (callee.k === 'user' && callee.fn === undefined && !callee.name.includes('.'))
    // Calling a class the file defines makes an instance: its methods are the user's, not os's.
    result = { k: 'user', name: `${callee.name}()` };
  else if (callee.k === 'user') result = callee.fn?.returns ?? UNKNOWN;
  else if (callee.k === 'unknown' && calleeNode?.type === 'attribute')
    processMethodOnUnknown(ev, calleeNode, node);
  return ev.checkString(result, node);
}

/** `<object>.get` as written (the attribute's own text, not normalised). */
function isGet(ev: Evaluator, attribute: PyNode): boolean {
  const attr = field(attribute, 'attribute');
  return attr !== undefined && attr.end - attr.start === 3 && ev.text(attr) === 'get';
}

function collectArgs(ev: Evaluator, argsNode: PyNode | undefined): Args {
  const pos: Value[] = [];
  if (argsNode === undefined) return { pos, kw: NO_KEYWORDS, starred: false };
  if (argsNode.type === 'generator_expression') {
    pos.push(ev.eval(argsNode));
    return { pos, kw: NO_KEYWORDS, starred: false };
  }
  let kw: Map<string, Value> | undefined;
  let starred = false;
  for (const a of named(argsNode)) {
    if (a.type === 'keyword_argument') {
      const name = field(a, 'name');
      const value = field(a, 'value');
      const v = value === undefined ? UNKNOWN : ev.eval(value);
      if (value !== undefined) ev.firstClass(v, value);
      if (name !== undefined) (kw ??= new Map()).set(identifierName(ev.source, name), v);
    } else if (a.type === 'list_splat') {
      // `getattr(*[os, 'system'])`: a splat of a known sequence is its items.
      const inner = named(a)[0];
      const v = inner === undefined ? UNKNOWN : ev.eval(inner);
      const items = iterItems(v);
      if (items !== undefined && items.length <= 64) pos.push(...items);
      else starred = true;
    } else if (a.type === 'dictionary_splat') {
      ev.eval(a);
      starred = true;
    } else {
      const v = ev.eval(a);
      ev.firstClass(v, a);
      pos.push(v);
    }
  }
  return { pos, kw: kw ?? NO_KEYWORDS, starred };
}

/**
 * `Cls.method(os)` passes a module as `self`, so the method's `self.system(...)` (trusted as
 * the user's own method) would run on the module.
 */
function moduleAsSelf(ev: Evaluator, calleeNode: PyNode | undefined, args: Args, node: PyNode): void {
  const objNode = calleeNode?.type === 'attribute' ? field(calleeNode, 'object') : undefined;
  if (objNode?.type !== 'identifier') return;
  const cls = ev.lookup(identifierName(ev.source, objNode));
  const first = args.pos[0] ?? args.kw.get('self');
  if (cls?.k !== 'user' || cls.fn !== undefined || cls.name.includes('.') || first?.k !== 'ref') return;
  if (first.path.includes('()') || moduleStatus(ev.policy, first.path) === 'allowed') return;
  ev.emit('HB-INT-008', node, `Passes ${first.path} as the instance of a method of ${cls.name}.`);
}

function processMethodOnUnknown(ev: Evaluator, calleeNode: PyNode, node: PyNode): void {
  const attr = field(calleeNode, 'attribute');
  if (attr === undefined) return;
  const name = identifierName(ev.source, attr);
  if (processMethodNames.test(name))
    ev.emit('HB-PROC-001', node, `Calls .${name}() on an object that may be os or subprocess.`);
}

/** Cheap test before the regex: most callees are not `.get`, `.pop` or `.__getitem__`. */
function mayBeLookup(path: string): boolean {
  return path.endsWith('.get') || path.endsWith('.pop') || path.endsWith('.__getitem__');
}

export function callRef(ev: Evaluator, path: string, args: Args, node: PyNode): Value {
  const rule = ruleForReference(path);
  if (rule === 'HB-PROC-001' || rule === 'HB-PROC-002' || rule === 'HB-PROC-004') ev.spawned(node, path);
  const handler = handlers[path];
  if (handler !== undefined) return handler(ev, args, node, path);
  // `vars(m).get('name')`, `m.__dict__.__getitem__('name')`: a lookup in a module namespace.
  const lookup = mayBeLookup(path) ? /^(.+)\.(get|__getitem__|pop)$/.exec(path) : null;
  if (lookup !== null && !path.includes('()') && args.pos[0] !== undefined) {
    return index(ev, ref(lookup[1] as string), args.pos[0], node);
  }
  if (path.startsWith('builtins.')) return UNKNOWN;
  return ref(`${path}()`);
}

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
    return fn === 'getattr' || fn === 'getattr_static' ? getAttr(ev, obj, name.v, node) : UNKNOWN;
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

const mapCall: Handler = (ev, args, node) => {
  const [fn, iterable] = args.pos;
  const items = iterItems(iterable ?? UNKNOWN);
  if (fn?.k !== 'ref' || items === undefined || items.length > 1024 || args.pos.length !== 2) return UNKNOWN;
  const fnPath = fn.path;
  return {
    k: 'seq',
    items: items.map((item) => callRef(ev, fnPath, { pos: [item], kw: NO_KEYWORDS, starred: false }, node)),
  };
};

/** `functools.reduce(getattr, ['system'], os)`: a chain of attribute lookups, folded. */
const reduceCall: Handler = (ev, args, node) => {
  const [fn, iterable, initial] = args.pos;
  const items = iterItems(iterable ?? UNKNOWN);
  if (fn?.k !== 'ref' || fn.path !== 'builtins.getattr' || items === undefined || items.length > 64)
    return UNKNOWN;
  let acc: Value | undefined = initial;
  for (const item of items) {
    if (acc === undefined) acc = item;
    else if (item.k === 'str') acc = getAttr(ev, acc, item.v, node);
    else return UNKNOWN;
  }
  return acc ?? UNKNOWN;
};

const powCall: Handler = (ev, args, node) => {
  const [a, b, m] = args.pos;
  if (a === undefined || b === undefined || m !== undefined) return UNKNOWN;
  return binaryOp('**', a, b, ev, node);
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
  environmentRead(ev, args.pos[0] ?? args.kw.get('key'), node);
  return UNKNOWN;
};

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
  'functools.reduce': reduceCall,
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
