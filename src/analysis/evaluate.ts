/**
 * Expression evaluation over abstract values: constant folding (strings, bytes, ints,
 * sequences) and alias resolution (names and attributes to qualified Python names). Every
 * expression is evaluated exactly once, in source order, and findings are emitted where a
 * sensitive value is produced, so aliases and obfuscated routes meet the same rules as
 * plain code. Statements live in walker.ts; call semantics in calls.ts.
 */
import type { PyNode } from './ast.js';
import { field, fields, identifierName, isNormalisedIdentifier, named } from './ast.js';
import { evalCall } from './calls.js';
import { checkAnnotation } from './code-strings.js';
import { comprehension, lambda } from './comprehensions.js';
import type { Findings } from './findings.js';
import { binaryOp, parseInteger, sliceIndices } from './operators.js';
import type { PatternCounter } from './patterns.js';
import type { Policy } from './policy.js';
import type { RuleId } from './rules/catalog.js';
import { ruleForReference, sensitiveAttributes } from './rules/sensitive.js';
import type { ImportRecord } from './schema.js';
import { Scope } from './scope.js';
import { stringValue } from './strings.js';
import type { Origin, Value } from './values.js';
import { NONE, UNKNOWN, bytes, combine, int, ref, smallInt, str, truthy } from './values.js';

export interface EvaluatorOptions {
  readonly source: string;
  readonly policy: Policy;
  readonly findings: Findings;
  readonly patterns: PatternCounter;
  readonly imports: ImportRecord[];
  /** Parses code found in exec/eval payloads; undefined disables nested analysis. */
  readonly parseNested: ((code: string) => PyNode) | undefined;
  readonly nestedDepth: number;
}

const nonAsciiCharacter = /[\u0080-\uffff]/;

/** Past this expression depth, evaluation falls back to a flat scan (no stack overflow). */
const MAX_DEPTH = 300;

/** Attribute names whose string form is itself a red flag (not `mro`, `__dict__`, `__call__`). */
const highRiskAttributeRules = new Set<RuleId>(['HB-INT-001', 'HB-INT-002', 'HB-INT-003']);

export class Evaluator {
  scope = new Scope('module', undefined);
  loopDepth = 0;
  readonly functionStack: string[] = [];
  /** Modules imported with `from m import *`: unknown names may come from them. */
  readonly starModules: string[] = [];
  /** The callee node of the call being evaluated (its own import-like check replaces the reference rule). */
  calleeNode: PyNode | undefined;
  /** Whether the expression being evaluated is only tested for truth (see inBooleanContext). */
  booleanContext = false;
  private depth = 0;

  /** No character outside ASCII: every identifier is already in normal form. */
  private readonly asciiSource: boolean;

  constructor(readonly opts: EvaluatorOptions) {
    this.asciiSource = !nonAsciiCharacter.test(opts.source);
  }

  get source(): string {
    return this.opts.source;
  }

  get policy(): Policy {
    return this.opts.policy;
  }

  text(node: PyNode): string {
    return this.opts.source.slice(node.start, node.end);
  }

  emit(rule: RuleId, node: PyNode, message: string): void {
    this.opts.findings.emit(rule, node, message);
  }

  /** Statements inside expressions only occur in error recovery; the walker overrides this. */
  visit(node: PyNode): void {
    this.eval(node);
  }

  /** Hook: a call was evaluated (the walker tracks recursion and input reading). */
  onCall(_calleeNode: PyNode | undefined, _callee: Value, _node: PyNode): void {}

  /** Hook: a process or thread is created here (the walker detects bombs). */
  spawned(_node: PyNode, _path: string): void {}

  /** Hook: code run by exec/eval/compile, analysed in place (the walker parses it). */
  analyzeNested(_code: string, _node: PyNode): void {}

  eval(node: PyNode): Value {
    if (this.depth >= MAX_DEPTH) {
      this.flatScan(node);
      return UNKNOWN;
    }
    this.depth++;
    try {
      return this.evalNode(node);
    } finally {
      this.depth--;
    }
  }

  private evalNode(node: PyNode): Value {
    switch (node.type) {
      case 'identifier':
        return this.identifier(node);
      case 'string':
        return this.checkString(
          stringValue(this.source, node, (n) => this.eval(n)),
          node,
        );
      case 'concatenated_string':
        return this.concatenated(node);
      case 'integer':
        return parseInteger(this.text(node));
      case 'true':
        return { k: 'bool', v: true };
      case 'false':
        return { k: 'bool', v: false };
      case 'none':
        return NONE;
      case 'parenthesized_expression': {
        const inner = named(node)[0];
        return inner === undefined ? UNKNOWN : this.eval(inner);
      }
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list': {
        const items = named(node).map((c) => {
          if (c.type.endsWith('splat')) return (this.eval(c), undefined);
          const v = this.eval(c);
          this.firstClass(v, c);
          return v;
        });
        if (node.type === 'set') return UNKNOWN;
        return items.every((v) => v !== undefined) ? { k: 'seq', items: items as Value[] } : UNKNOWN;
      }
      case 'binary_operator':
        return this.binary(node);
      case 'unary_operator': {
        const arg = field(node, 'argument');
        const v = arg === undefined ? UNKNOWN : this.eval(arg);
        const op = node.children[0]?.type ?? '';
        if (v.k === 'int') return op === '-' ? int(-v.v) : op === '~' ? int(-v.v - 1n) : v;
        return UNKNOWN;
      }
      case 'attribute':
        return this.attribute(node);
      case 'subscript':
        return this.subscript(node);
      case 'call':
        return evalCall(this, node);
      case 'lambda':
        return lambda(this, node);
      case 'list_comprehension':
      case 'set_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression':
        return comprehension(this, node);
      case 'named_expression': {
        const value = field(node, 'value');
        const v = value === undefined ? UNKNOWN : this.eval(value);
        const name = field(node, 'name');
        if (name !== undefined) this.bindTarget(name, v);
        return v;
      }
      case 'await':
        this.opts.patterns.add('async', node);
        this.evalChildren(node);
        return UNKNOWN;
      case 'yield':
        this.opts.patterns.add('generator', node);
        this.evalChildren(node);
        return UNKNOWN;
      case 'not_operator': {
        const arg = field(node, 'argument');
        const t = arg === undefined ? undefined : truthy(this.inBooleanContext(() => this.eval(arg)));
        return t === undefined ? UNKNOWN : { k: 'bool', v: !t };
      }
      case 'boolean_operator':
        return this.booleanOp(node);
      case 'comparison_operator':
        return this.comparison(node);
      case 'conditional_expression': {
        const [consequence, condition, alternative] = named(node);
        if (condition !== undefined) this.inBooleanContext(() => this.eval(condition));
        if (consequence !== undefined) this.eval(consequence);
        if (alternative !== undefined) this.eval(alternative);
        return UNKNOWN;
      }
      case 'pair': {
        for (const c of named(node)) this.firstClass(this.eval(c), c);
        return UNKNOWN;
      }
      case 'comment':
        return UNKNOWN;
      default:
        this.evalChildren(node);
        return UNKNOWN;
    }
  }

  /** `a and b`, `a or b` where both sides are known constants (`while 1 and True:`). */
  private booleanOp(node: PyNode): Value {
    const left = field(node, 'left');
    const right = field(node, 'right');
    const l = left === undefined ? UNKNOWN : this.eval(left);
    const r = right === undefined ? UNKNOWN : this.eval(right);
    const op = field(node, 'operator');
    const lt = truthy(l);
    if (lt === undefined || op === undefined) return UNKNOWN;
    return op.type === 'and' ? (lt ? r : l) : lt ? l : r;
  }

  /** A single comparison of two known ints or strings (`while 1 == 1:`). */
  private comparison(node: PyNode): Value {
    const ops = node.children.filter((c) => !c.named).map((c) => c.type);
    const operandNodes = named(node);
    // `'ONLINE_JUDGE' in os.environ` tests a flag: judged as a whole, like os.getenv('NAME').
    const membership =
      ops.length === 1 && (ops[0] === 'in' || ops[0] === 'not in') && operandNodes[0]?.type === 'string';
    const outer = this.calleeNode;
    const operands = this.inBooleanContext(() =>
      operandNodes.map((c, i) => {
        this.calleeNode = membership && i === 1 ? c : outer;
        return this.eval(c);
      }),
    );
    this.calleeNode = outer;
    const container = operands[1];
    if (membership && container?.k === 'ref' && container.path === 'os.environ') {
      this.inBooleanContext(() => this.environmentRead(operands[0], node));
    }
    const [a, b] = operands;
    if (operands.length !== 2 || ops.length !== 1 || a === undefined || b === undefined) return UNKNOWN;
    const x = orderKey(a);
    const y = orderKey(b);
    if (x === undefined || y === undefined || typeof x !== typeof y) return UNKNOWN;
    const v = compare(ops[0] as string, x, y);
    return v === undefined ? UNKNOWN : { k: 'bool', v };
  }

  evalChildren(node: PyNode): void {
    for (const child of node.children) if (child.named) this.visit(child);
  }

  /** Looks a name up; unknown names may come from a star import (`from os import *`). */
  lookup(name: string): Value | undefined {
    const v = this.scope.lookup(name);
    if (v !== undefined) return v;
    for (const module of this.starModules) {
      const candidate = `${module}.${name}`;
      if (ruleForReference(candidate) !== undefined) return ref(candidate);
    }
    return undefined;
  }

  private identifier(node: PyNode): Value {
    const name = identifierName(this.source, node);
    this.checkNormalised(node, name);
    if (name === '__builtins__')
      this.emit('HB-INT-006', node, 'Reads __builtins__, the namespace of eval, exec and __import__.');
    else if (name === '__loader__' || name === '__spec__')
      this.emit('HB-INT-002', node, `Reads ${name}, which can load modules.`);
    const v = this.lookup(name) ?? UNKNOWN;
    this.checkRef(v, node);
    return v;
  }

  checkNormalised(node: PyNode, name: string): void {
    if (!this.asciiSource && !isNormalisedIdentifier(this.source, node)) {
      this.emit('HB-OBF-002', node, `Identifier '${this.text(node)}' is read by Python as '${name}'.`);
    }
  }

  /** Emits the rule a resolved reference triggers (`os.system`, `builtins.eval`, ...). */
  checkRef(v: Value, node: PyNode): void {
    if (v.k !== 'ref') return;
    if (node === this.calleeNode && callChecked.has(v.path)) return;
    const rule = ruleForReference(v.path);
    if (rule === undefined) return;
    const name = v.path.startsWith('builtins.') ? v.path.slice('builtins.'.length) : v.path;
    this.emit(rule, node, `Uses ${name.replace(/\(\)/g, '(...)')}.`);
  }

  /** Flags strings that name escape attributes or were assembled to spell a sensitive name. */
  checkString(v: Value, node: PyNode): Value {
    if (v.k !== 'str') return v;
    const attrRule = sensitiveAttributes[v.v];
    if (attrRule !== undefined && highRiskAttributeRules.has(attrRule) && v.v !== 'mro') {
      this.emit('HB-INT-007', node, `String '${v.v}' names an escape attribute.`);
    }
    // An assembled name is a finding where it is used (import, getattr, namespace lookup,
    // eval, an API outside the allowed set), not where it is built: string tasks build 'os'.
    if (v.origin !== 'literal' && attrRule !== undefined && highRiskAttributeRules.has(attrRule)) {
      this.emit('HB-OBF-001', node, `The escape attribute name '${v.v}' is assembled from fragments.`);
    }
    return v;
  }

  /**
   * A dangerous builtin used as a value (`functools.reduce(getattr, ...)`, `[eval]`,
   * `map(open, ...)`) can be called later with any arguments: the finding of a call with
   * unknown arguments. eval/exec/compile already meet their rule as references.
   */
  firstClass(v: Value, node: PyNode): void {
    if (v.k !== 'ref') return;
    const rule = firstClassRules[v.path];
    if (rule === undefined) return;
    const name = v.path.slice(v.path.indexOf('.') + 1);
    this.emit(rule, node, `Passes ${name} as a value; it can be called with any arguments.`);
  }

  private concatenated(node: PyNode): Value {
    const parts = named(node).map((c) => this.eval(c));
    let out = '';
    let kind: 'str' | 'bytes' | undefined;
    const origins: Origin[] = ['folded'];
    for (const p of parts) {
      if (p.k !== 'str' && p.k !== 'bytes') return UNKNOWN;
      if (kind !== undefined && kind !== p.k) return UNKNOWN;
      kind = p.k;
      out += p.v;
      origins.push(p.origin);
    }
    const v = kind === 'bytes' ? bytes(out, combine(...origins)) : str(out, combine(...origins));
    return this.checkString(v, node);
  }

  private binary(node: PyNode): Value {
    const left = field(node, 'left');
    const right = field(node, 'right');
    const opNode = field(node, 'operator');
    const l = left === undefined ? UNKNOWN : this.eval(left);
    const r = right === undefined ? UNKNOWN : this.eval(right);
    const op = opNode?.type ?? '';
    return this.checkString(binaryOp(op, l, r, this, node), node);
  }

  private attribute(node: PyNode): Value {
    const objNode = field(node, 'object');
    const attrNode = field(node, 'attribute');
    const obj = objNode === undefined ? UNKNOWN : this.eval(objNode);
    if (attrNode === undefined) return UNKNOWN;
    const name = identifierName(this.source, attrNode);
    this.checkNormalised(attrNode, name);
    return this.getAttr(obj, name, node);
  }

  /** `obj.name`, shared by attribute syntax, getattr() and namespace subscripts. */
  getAttr(obj: Value, name: string, node: PyNode): Value {
    const sensitive = sensitiveAttributes[name];
    if (sensitive !== undefined) this.emit(sensitive, node, `Reads .${name}.`);
    if (name === '__builtins__' || name === 'f_builtins') {
      this.emit('HB-INT-006', node, 'Reaches the builtins namespace.');
      return ref('builtins');
    }
    if (name === '__self__' && obj.k === 'ref' && obj.path.startsWith('builtins.')) {
      this.emit('HB-INT-006', node, `${obj.path.slice(9)}.__self__ is the builtins module.`);
      return ref('builtins');
    }
    if (name === '__globals__' || name === 'f_globals' || name === 'func_globals')
      return { k: 'ns', of: 'globals' };
    if (name === 'f_locals') return { k: 'ns', of: 'locals' };
    if (obj.k === 'ref') {
      if (name === '__dict__') return { k: 'ns', of: 'module', path: obj.path };
      const v = ref(`${obj.path}.${name}`);
      this.checkRef(v, node);
      return v;
    }
    // A method of an instance of the file's own class (`Machine().compile`) is the user's code.
    if (obj.k === 'user' && obj.name.endsWith('()') && !obj.name.includes('.'))
      return { k: 'user', name: `${obj.name}.${name}` };
    if (obj.k === 'ns' && obj.of === 'module' && !['get', '__getitem__', 'pop'].includes(name)) {
      return this.getAttr(ref(obj.path), name, node);
    }
    if (obj.k === 'str' || obj.k === 'bytes' || obj.k === 'seq' || obj.k === 'ns')
      return { k: 'bound', recv: obj, name };
    if (obj.k === 'unknown' && obj.decoded) return { k: 'bound', recv: obj, name };
    return UNKNOWN;
  }

  private subscript(node: PyNode): Value {
    const valueNode = field(node, 'value');
    // `os.environ['NAME']` with a literal name is judged as a whole (see environmentRead).
    const literalKey = fields(node, 'subscript')[0]?.type === 'string';
    const outer = this.calleeNode;
    if (literalKey) this.calleeNode = valueNode;
    const obj = valueNode === undefined ? UNKNOWN : this.eval(valueNode);
    this.calleeNode = outer;
    const subs = fields(node, 'subscript');
    const sub = subs[0];
    if (subs.length !== 1 || sub === undefined) {
      for (const s of subs) this.eval(s);
      return UNKNOWN;
    }
    if (sub.type === 'slice') return this.checkString(this.slice(obj, sub), node);
    const key = this.eval(sub);
    if (obj.k === 'ref' && obj.path === 'os.environ') this.environmentRead(key, node);
    return this.checkString(this.index(obj, key, node), node);
  }

  /** `obj[key]`: namespaces (`globals()['x']`, `sys.modules['os']`, `vars(m)['f']`) and constants. */
  index(obj: Value, key: Value, node: PyNode): Value {
    // Only real namespaces resolve names: `calendar.day_name[i]` is a list lookup, not one.
    const namespace =
      obj.k === 'ns' || (obj.k === 'ref' && (obj.path === 'sys.modules' || obj.path === 'builtins'));
    if (namespace) {
      if (key.k !== 'str') {
        if (key.k === 'unknown' || key.k === 'bound')
          this.emit('HB-INT-008', node, 'Looks a name up in a namespace with a computed key.');
        return UNKNOWN;
      }
      this.resolvedName(key, node);
      if (obj.k === 'ns' && obj.of === 'module') return this.getAttr(ref(obj.path), key.v, node);
      if (obj.k === 'ns') {
        if (key.v === '__builtins__') {
          this.emit('HB-INT-006', node, 'Reaches the builtins namespace through a namespace dict.');
          return ref('builtins');
        }
        const v = this.scope.module.own(key.v) ?? this.lookup(key.v) ?? UNKNOWN;
        this.checkRef(v, node);
        return v;
      }
      if (obj.path === 'sys.modules') {
        this.opts.imports.push(this.dynamicImport(key.v, node));
        return ref(key.v);
      }
      return this.getAttr(obj, key.v, node);
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
  environmentRead(key: Value | undefined, node: PyNode): void {
    if (key?.k === 'str' && key.origin === 'literal' && this.booleanContext) {
      this.emit('HB-PROC-007', node, `Checks the environment variable ${key.v}.`);
    } else if (key?.k === 'str' && key.origin === 'literal') {
      this.emit('HB-PROC-006', node, `Reads the value of the environment variable ${key.v}.`);
    } else {
      this.emit('HB-PROC-006', node, 'Reads environment variables by a computed name.');
    }
  }

  /**
   * Evaluates in a boolean context (a condition, a comparison, `not`): there a value is
   * tested, not used, which is how `if os.getenv('ONLINE_JUDGE'):` differs from exfiltration.
   */
  inBooleanContext<T>(body: () => T, value = true): T {
    const outer = this.booleanContext;
    this.booleanContext = value;
    try {
      return body();
    } finally {
      this.booleanContext = outer;
    }
  }

  /** A name used to resolve something: assembled names there are obfuscation. */
  resolvedName(key: Extract<Value, { k: 'str' }>, node: PyNode): void {
    if (key.origin !== 'literal')
      this.emit('HB-OBF-001', node, `The name '${key.v}' is assembled from fragments before lookup.`);
  }

  /** Records `__import__('m')`/`sys.modules['m']` as an import and applies the module policy. */
  dynamicImport(module: string, node: PyNode): ImportRecord {
    return this.importModule(module, node, 'dynamic', [], null);
  }

  /** Overridden by the walker, which owns import policy. */
  importModule(
    module: string,
    node: PyNode,
    kind: ImportRecord['kind'],
    names: string[],
    alias: string | null,
  ): ImportRecord {
    return { module, kind, names, alias, line: node.row + 1, status: 'unknown' };
  }

  private slice(obj: Value, sliceNode: PyNode): Value {
    const parts: (Value | undefined)[] = [undefined, undefined, undefined];
    let slot = 0;
    for (const c of sliceNode.children) {
      if (!c.named) {
        if (c.type === ':') slot++;
        continue;
      }
      parts[slot] = this.eval(c);
    }
    const [start, stop, step] = parts.map(sliceBound);
    if (start === undefined || stop === undefined || step === undefined || step === 0) return UNKNOWN;
    if (obj.k !== 'str' && obj.k !== 'bytes' && obj.k !== 'seq') return UNKNOWN;
    const length = obj.k === 'seq' ? obj.items.length : obj.v.length;
    const idx = sliceIndices(length, start, stop, step ?? 1);
    if (obj.k === 'seq') return { k: 'seq', items: idx.map((i) => obj.items[i] ?? UNKNOWN) };
    const out = idx.map((i) => obj.v[i] ?? '').join('');
    return obj.k === 'str' ? str(out, combine(obj.origin)) : bytes(out, combine(obj.origin));
  }

  /** Evaluates defaults in the current scope, binds parameter names in the new one (as unknown). */
  bindParameters(params: PyNode): void {
    for (const p of named(params)) {
      const value = field(p, 'value');
      // A default is what the parameter holds unless a caller overrides it: `lambda m=__import__('os'): m.system(...)`.
      const v = value === undefined ? UNKNOWN : this.eval(value);
      const type =
        p.type === 'typed_parameter' || p.type === 'typed_default_parameter' ? field(p, 'type') : undefined;
      if (type !== undefined) this.annotation(type);
      const name =
        p.type === 'identifier' ? p : (field(p, 'name') ?? named(p).find((c) => c.type === 'identifier'));
      if (name !== undefined && name.type === 'identifier')
        this.scope.bind(identifierName(this.source, name), v);
    }
  }

  /** Evaluates an annotation; a string one is code that typing evaluates. */
  annotation(type: PyNode): void {
    const inner = type.type === 'type' ? named(type)[0] : type;
    if (inner === undefined) return;
    const v = this.eval(inner);
    if (inner.type === 'string' || v.k === 'str') return checkAnnotation(this, v, inner);
    // Strings nested in an annotation (`List["..."]`, `Optional["..."]`) are forward
    // references that get_type_hints evaluates just the same.
    const stack = [...inner.children];
    while (stack.length > 0) {
      const n = stack.pop() as PyNode;
      if (n.type === 'string')
        checkAnnotation(
          this,
          stringValue(this.source, n, () => UNKNOWN),
          n,
        );
      else stack.push(...n.children);
    }
  }

  withScope<T>(kind: 'function' | 'class', body: () => T): T {
    const outer = this.scope;
    this.scope = new Scope(kind, outer);
    try {
      return body();
    } finally {
      this.scope = outer;
    }
  }

  /** Binds an assignment target; attribute and subscript targets are evaluated for their effects. */
  bindTarget(target: PyNode, value: Value): void {
    switch (target.type) {
      case 'identifier':
        this.scope.bind(identifierName(this.source, target), value);
        return;
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'expression_list': {
        const targets = named(target);
        const items = value.k === 'seq' && value.items.length === targets.length ? value.items : undefined;
        targets.forEach((t, i) => this.bindTarget(t, items?.[i] ?? UNKNOWN));
        return;
      }
      case 'parenthesized_expression':
      case 'list_splat_pattern':
      case 'list_splat':
        for (const t of named(target)) this.bindTarget(t, UNKNOWN);
        return;
      default:
        this.eval(target);
    }
  }

  /** When expressions nest deeper than Python itself allows, scan names without recursion. */
  private flatScan(root: PyNode): void {
    const stack = [root];
    while (stack.length > 0) {
      const node = stack.pop() as PyNode;
      if (node.type === 'identifier') {
        const name = identifierName(this.source, node);
        const rule = sensitiveAttributes[name];
        if (rule !== undefined) this.emit(rule, node, `Reads .${name}.`);
        else this.checkRef(this.lookup(name) ?? UNKNOWN, node);
      }
      for (const c of node.children) stack.push(c);
    }
  }
}

/** What a comparison of constants compares: ints and strings. */
function orderKey(v: Value): bigint | string | undefined {
  return v.k === 'int' ? v.v : v.k === 'str' ? v.v : undefined;
}

function compare(op: string, x: bigint | string, y: bigint | string): boolean | undefined {
  switch (op) {
    case '==':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    case '>=':
      return x >= y;
    default:
      return undefined;
  }
}

/** A slice bound: absent or None is null, a small int its value, anything else unknown. */
function sliceBound(v: Value | undefined): number | null | undefined {
  return v === undefined || v.k === 'none' ? null : smallInt(v);
}

/** Builtins whose first-class use is judged like a call with unknown arguments. */
const firstClassRules: Record<string, RuleId> = {
  'builtins.getattr': 'HB-INT-008',
  'builtins.setattr': 'HB-INT-008',
  'builtins.delattr': 'HB-INT-008',
  'builtins.globals': 'HB-INT-008',
  'builtins.vars': 'HB-INT-008',
  'builtins.locals': 'HB-INT-008',
  'builtins.__import__': 'HB-IMP-005',
  'importlib.import_module': 'HB-IMP-005',
  'builtins.open': 'HB-FS-004',
  'io.open': 'HB-FS-004',
};

/** Callees whose call handler applies its own, argument-aware rule. */
const callChecked = new Set([
  'builtins.__import__',
  'importlib.import_module',
  'importlib.__import__',
  'os.environ',
  'os.getenv',
]);
