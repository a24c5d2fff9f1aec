/**
 * Lookups that resolve names: attributes of resolved modules and objects (`os.system`,
 * `f.__globals__`), and subscripts of namespaces (`globals()['x']`, `sys.modules['os']`,
 * `vars(m)['f']`), shared by attribute syntax, getattr() and the namespace methods; and
 * reads of the environment.
 */
import type { PyNode } from './ast.js';
import type { Evaluator } from './evaluate.js';
import { sensitiveAttributes } from './rules/sensitive.js';
import type { Value } from './values.js';
import { UNKNOWN, combine, int, ref, smallInt, str } from './values.js';

/** `obj.name`, shared by attribute syntax, getattr() and namespace subscripts. */
export function getAttr(ev: Evaluator, obj: Value, name: string, node: PyNode): Value {
  const sensitive = sensitiveAttributes[name];
  if (sensitive !== undefined) ev.emit(sensitive, node, `Reads .${name}.`);
  if (name === '__builtins__' || name === 'f_builtins') {
    ev.emit('HB-INT-006', node, 'Reaches the builtins namespace.');
    return ref('builtins');
  }
  if (name === '__self__' && obj.k === 'ref' && obj.path.startsWith('builtins.')) {
    ev.emit('HB-INT-006', node, `${obj.path.slice(9)}.__self__ is the builtins module.`);
    return ref('builtins');
  }
  if (name === '__globals__' || name === 'f_globals' || name === 'func_globals')
    return { k: 'ns', of: 'globals' };
  if (name === 'f_locals') return { k: 'ns', of: 'locals' };
  if (obj.k === 'ref') {
    if (name === '__dict__') return { k: 'ns', of: 'module', path: obj.path };
    const v = ref(`${obj.path}.${name}`);
    ev.checkRef(v, node);
    return v;
  }
  // A method of an instance of the file's own class (`Machine().compile`) is the user's code.
  if (obj.k === 'user' && obj.name.endsWith('()') && !obj.name.includes('.'))
    return { k: 'user', name: `${obj.name}.${name}` };
  if (obj.k === 'ns' && obj.of === 'module' && !['get', '__getitem__', 'pop'].includes(name)) {
    return getAttr(ev, ref(obj.path), name, node);
  }
  if (obj.k === 'str' || obj.k === 'bytes' || obj.k === 'seq' || obj.k === 'ns')
    return { k: 'bound', recv: obj, name };
  if (obj.k === 'unknown' && obj.decoded) return { k: 'bound', recv: obj, name };
  return UNKNOWN;
}

/** `obj[key]`: namespaces (`globals()['x']`, `sys.modules['os']`, `vars(m)['f']`) and constants. */
export function index(ev: Evaluator, obj: Value, key: Value, node: PyNode): Value {
  // Only real namespaces resolve names: `calendar.day_name[i]` is a list lookup, not one.
  const namespace =
    obj.k === 'ns' || (obj.k === 'ref' && (obj.path === 'sys.modules' || obj.path === 'builtins'));
  if (namespace) {
    if (key.k !== 'str') {
      if (key.k === 'unknown' || key.k === 'bound')
        ev.emit('HB-INT-008', node, 'Looks a name up in a namespace with a computed key.');
      return UNKNOWN;
    }
    ev.resolvedName(key, node);
    if (obj.k === 'ns' && obj.of === 'module') return getAttr(ev, ref(obj.path), key.v, node);
    if (obj.k === 'ns') {
      if (key.v === '__builtins__') {
        ev.emit('HB-INT-006', node, 'Reaches the builtins namespace through a namespace dict.');
        return ref('builtins');
      }
      const v = ev.scope.module.own(key.v) ?? ev.lookup(key.v) ?? UNKNOWN;
      ev.checkRef(v, node);
      return v;
    }
    if (obj.path === 'sys.modules') {
      ev.opts.imports.push(ev.dynamicImport(key.v, node));
      return ref(key.v);
    }
    return getAttr(ev, obj, key.v, node);
  }
  const i = smallInt(key);
  if (i === undefined) return UNKNOWN;
  if (obj.k === 'str' || obj.k === 'bytes') {
    const at = i < 0 ? obj.v.length + i : i;
    const ch = obj.v[at];
    if (ch === undefined) return UNKNOWN;
    return obj.k === 'str' ? str(ch, combine(obj.origin)) : int(BigInt(ch.charCodeAt(0)));
  }
  if (obj.k === 'seq') return obj.items[i < 0 ? obj.items.length + i : i] ?? UNKNOWN;
  return UNKNOWN;
}

/**
 * One environment variable read by a literal name (`os.getenv('ONLINE_JUDGE')`) is an
 * informational HB-PROC-007; computed names and the whole mapping are HB-PROC-006.
 */
export function environmentRead(ev: Evaluator, key: Value | undefined, node: PyNode): void {
  if (key?.k === 'str' && key.origin === 'literal' && ev.booleanContext) {
    ev.emit('HB-PROC-007', node, `Checks the environment variable ${key.v}.`);
  } else if (key?.k === 'str' && key.origin === 'literal') {
    ev.emit('HB-PROC-006', node, `Reads the value of the environment variable ${key.v}.`);
  } else {
    ev.emit('HB-PROC-006', node, 'Reads environment variables by a computed name.');
  }
}
