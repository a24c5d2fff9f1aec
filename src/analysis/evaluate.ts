/**
 * Expression evaluation over abstract values: constant folding (strings, bytes, ints,
 * sequences) and alias resolution (names and attributes to qualified Python names). Every
 * expression is evaluated exactly once, in source order, and findings are emitted where a
 * sensitive value is produced, so aliases and obfuscated routes meet the same rules as
 * plain code. Statements live in walker.ts; call semantics in calls.ts; folding of operator
 * expressions in folding.ts; attribute and namespace lookups in namespaces.ts; assignment
 * targets and parameters in bindings.ts.
 */
import type { PyNode } from './ast.js';
import { field, identifierName, isNormalisedIdentifier, named } from './ast.js';
import { bindTarget } from './bindings.js';
import { evalCall } from './calls.js';
import { comprehension, lambda } from './comprehensions.js';
import type { Findings } from './findings.js';
import { evalBinary, evalBooleanOp, evalComparison, evalConcatenated, evalSubscript } from './folding.js';
import { getAttr } from './namespaces.js';
import { parseInteger } from './operators.js';
import type { PatternCounter } from './patterns.js';
import type { Policy } from './policy.js';
import type { RuleId } from './rules/catalog.js';
import { ruleForReference, sensitiveAttributes } from './rules/sensitive.js';
import type { ImportRecord } from './schema.js';
import { Scope } from './scope.js';
import { stringValue } from './strings.js';
import type { Value } from './values.js';
import { NONE, UNKNOWN, int, ref, truthy } from './values.js';

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
        return evalConcatenated(this, node);
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
        return evalBinary(this, node);
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
        return evalSubscript(this, node);
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
        if (name !== undefined) bindTarget(this, name, v);
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
        return evalBooleanOp(this, node);
      case 'comparison_operator':
        return evalComparison(this, node);
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

  private attribute(node: PyNode): Value {
    const objNode = field(node, 'object');
    const attrNode = field(node, 'attribute');
    const obj = objNode === undefined ? UNKNOWN : this.eval(objNode);
    if (attrNode === undefined) return UNKNOWN;
    const name = identifierName(this.source, attrNode);
    this.checkNormalised(attrNode, name);
    return getAttr(this, obj, name, node);
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

  withScope<T>(kind: 'function' | 'class', body: () => T): T {
    const outer = this.scope;
    this.scope = new Scope(kind, outer);
    try {
      return body();
    } finally {
      this.scope = outer;
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
