/**
 * Name binding, close enough to Python for alias resolution: module, function and class
 * scopes, `global`, and builtins as the last resort. The walk is in source order, so an
 * alias is known from the statement that creates it on (simple intra-procedural propagation).
 */
import type { Value } from './values.js';
import { ref } from './values.js';

// prettier-ignore
const builtinNames = new Set([
  'abs', 'aiter', 'all', 'anext', 'any', 'ascii', 'bin', 'bool', 'breakpoint', 'bytearray', 'bytes',
  'callable', 'chr', 'classmethod', 'compile', 'complex', 'copyright', 'credits', 'delattr', 'dict', 'dir',
  'divmod', 'enumerate', 'eval', 'exec', 'exit', 'filter', 'float', 'format', 'frozenset', 'getattr',
  'globals', 'hasattr', 'hash', 'help', 'hex', 'id', 'input', 'int', 'isinstance', 'issubclass', 'iter',
  'len', 'license', 'list', 'locals', 'map', 'max', 'memoryview', 'min', 'next', 'object', 'oct', 'open',
  'ord', 'pow', 'print', 'property', 'quit', 'range', 'repr', 'reversed', 'round', 'set', 'setattr',
  'slice', 'sorted', 'staticmethod', 'str', 'sum', 'super', 'tuple', 'type', 'vars', 'zip', '__import__',
  '__build_class__', 'BaseException', 'Exception', 'ValueError', 'KeyError', 'IndexError', 'TypeError',
  'StopIteration', 'EOFError', 'RuntimeError', 'RecursionError', 'ZeroDivisionError', 'AttributeError',
  'NotImplementedError', 'AssertionError', 'ArithmeticError', 'OverflowError', 'MemoryError',
  'NotImplemented', 'Ellipsis', 'SystemExit', 'KeyboardInterrupt', 'GeneratorExit', 'ImportError',
  'ModuleNotFoundError', 'LookupError', 'OSError', 'IOError', 'FileNotFoundError', 'PermissionError',
  'UnicodeDecodeError', 'UnicodeError', 'NameError', 'UnboundLocalError', 'StopAsyncIteration',
  'BaseExceptionGroup', 'ExceptionGroup', 'Warning', 'UserWarning', 'DeprecationWarning', 'BufferError',
]);

/** One shared, frozen reference per builtin: names like `print` and `len` are looked up constantly. */
const builtinRefs = new Map<string, Value>(
  [...builtinNames].map((name) => [name, Object.freeze(ref(`builtins.${name}`))]),
);
const builtinsModule: Value = Object.freeze(ref('builtins'));

export type ScopeKind = 'module' | 'function' | 'class';

export class Scope {
  private readonly vars = new Map<string, Value>();
  private readonly globalNames = new Set<string>();

  constructor(
    readonly kind: ScopeKind,
    readonly parent: Scope | undefined,
  ) {}

  get module(): Scope {
    return this.parent?.module ?? this;
  }

  declareGlobal(name: string): void {
    this.globalNames.add(name);
  }

  bind(name: string, value: Value): void {
    if (this.globalNames.has(name)) this.module.vars.set(name, value);
    else this.vars.set(name, value);
  }

  unbind(name: string): void {
    if (this.globalNames.has(name)) this.module.vars.delete(name);
    else this.vars.delete(name);
  }

  /** Own binding only (for `globals()[name]` on the module scope). */
  own(name: string): Value | undefined {
    return this.vars.get(name);
  }

  /** Python lookup: this scope, enclosing function scopes (class bodies are skipped), module, builtins. */
  lookup(name: string): Value | undefined {
    const own = this.vars.get(name);
    if (own !== undefined) return own;
    for (let s = this.parent; s !== undefined; s = s.parent) {
      const v = s.kind === 'class' ? undefined : s.vars.get(name);
      if (v !== undefined) return v;
    }
    if (name === '__builtins__') return builtinsModule;
    return builtinRefs.get(name);
  }
}
