/**
 * Statements: walks a module in source order, binding names (so aliases resolve), applying
 * the import policy, and the rules that need statement context (loops without exits,
 * spawning in loops or recursion, monkey-patching assignments, code run by exec).
 */
import type { PyNode } from './ast.js';
import { field, fields, identifierName, named } from './ast.js';
import { annotation, bindParameters, bindTarget } from './bindings.js';
import type { EvaluatorOptions } from './evaluate.js';
import { Evaluator } from './evaluate.js';
import { importFrom, importStatement, recordImport } from './imports.js';
import { endsProgram, hasExit, isConstantExpression } from './loops.js';
import { binaryOp } from './operators.js';
import { PatternCounter } from './patterns.js';
import { sensitiveAttributes } from './rules/sensitive.js';
import type { ImportRecord } from './schema.js';
import type { FunctionRecord, Value } from './values.js';
import { UNKNOWN, ref, truthy } from './values.js';

// prettier-ignore
const statements = new Set([
  'module', 'block', 'expression_statement', 'import_statement', 'import_from_statement',
  'future_import_statement', 'if_statement', 'for_statement', 'while_statement', 'try_statement',
  'with_statement', 'function_definition', 'class_definition', 'decorated_definition', 'return_statement',
  'raise_statement', 'assert_statement', 'delete_statement', 'global_statement', 'nonlocal_statement',
  'exec_statement', 'print_statement', 'pass_statement', 'break_statement', 'continue_statement',
  'match_statement', 'type_alias_statement', 'assignment', 'augmented_assignment', 'elif_clause',
]);

/** Module attributes a solution legitimately replaces (fast-I/O wrappers). */
const replaceableAttributes = new Set(['sys.stdin', 'sys.stdout', 'sys.stderr']);

const MAX_NESTED_DEPTH = 3;

const isSelfOrCls = (name: string): boolean => name === 'self' || name === 'cls';

export class Walker extends Evaluator {
  private readonly spawnSites: { fn: string | undefined; node: PyNode; path: string }[] = [];
  private readonly recursive = new Set<string>();
  /** Records of the functions being walked, innermost last (for their return values). */
  private readonly functionRecords: FunctionRecord[] = [];
  /** Names of the classes whose bodies are being walked, innermost last. */
  private readonly classNames: string[] = [];
  /** The definition being visited carries @staticmethod/@classmethod: no instance parameter. */
  private nextNotInstanceMethod = false;

  constructor(opts: EvaluatorOptions) {
    super(opts);
  }

  walkModule(root: PyNode): void {
    this.visit(root);
    // A process or thread created in a recursive function is a bomb as surely as in a loop.
    for (const site of this.spawnSites) {
      if (site.fn !== undefined && this.recursive.has(site.fn)) {
        this.emit(
          'HB-RES-005',
          site.node,
          `Creates ${site.path} inside the recursive function ${site.fn}().`,
        );
      }
    }
  }

  override visit(node: PyNode): void {
    if (statements.has(node.type)) this.statement(node);
    else this.eval(node);
  }

  private statement(node: PyNode): void {
    switch (node.type) {
      case 'import_statement':
        return importStatement(this, node);
      case 'import_from_statement':
        return importFrom(this, node);
      case 'future_import_statement':
      case 'pass_statement':
      case 'break_statement':
      case 'continue_statement':
        return;
      case 'assignment':
        this.assignment(node);
        return;
      case 'augmented_assignment':
        return this.augmented(node);
      case 'for_statement':
        return this.forStatement(node);
      case 'while_statement':
        return this.whileStatement(node);
      case 'try_statement':
        this.opts.patterns.add('exception-handling', node);
        return this.evalChildren(node);
      case 'with_statement':
        this.opts.patterns.add('context-manager', node);
        return this.withStatement(node);
      case 'function_definition':
        return this.functionDefinition(node);
      case 'class_definition':
        return this.classDefinition(node);
      case 'decorated_definition':
        return this.decorated(node);
      case 'global_statement':
      case 'nonlocal_statement':
        this.opts.patterns.add('global-state', node);
        if (node.type === 'global_statement') {
          for (const id of named(node))
            if (id.type === 'identifier') this.scope.declareGlobal(identifierName(this.source, id));
        }
        return;
      case 'delete_statement':
        for (const target of named(node).flatMap((t) => (t.type === 'expression_list' ? named(t) : [t]))) {
          if (target.type === 'identifier') this.scope.unbind(identifierName(this.source, target));
          else this.eval(target);
        }
        return;
      case 'return_statement': {
        // What a function returns is remembered, so `def m(): return __import__('os')` then
        // `m().system(...)` resolves like the direct call.
        const [expr] = named(node);
        const v = expr === undefined ? UNKNOWN : this.eval(expr);
        const record = this.functionRecords[this.functionRecords.length - 1];
        if (record !== undefined && (v.k === 'ref' || v.k === 'str' || v.k === 'bytes' || v.k === 'ns'))
          record.returns ??= v;
        return;
      }
      case 'if_statement':
      case 'elif_clause': {
        const condition = field(node, 'condition');
        if (condition !== undefined) this.inBooleanContext(() => this.eval(condition));
        for (const child of named(node)) if (child !== condition) this.visit(child);
        return;
      }
      case 'assert_statement': {
        const [test, ...rest] = named(node);
        if (test !== undefined) this.inBooleanContext(() => this.eval(test));
        for (const child of rest) this.eval(child);
        return;
      }
      case 'exec_statement': {
        this.emit('HB-DYN-001', node, 'Uses the exec statement.');
        return this.evalChildren(node);
      }
      default:
        return this.evalChildren(node);
    }
  }

  // ---- imports (imports.ts) -------------------------------------------------------------

  override importModule(
    module: string,
    node: PyNode,
    kind: ImportRecord['kind'],
    names: string[],
    alias: string | null,
  ): ImportRecord {
    return recordImport(this, module, node, kind, names, alias);
  }

  // ---- assignments ----------------------------------------------------------------------

  private assignment(node: PyNode): Value {
    const left = field(node, 'left');
    const right = field(node, 'right');
    const type = field(node, 'type');
    if (type !== undefined) annotation(this, type);
    const value =
      right === undefined ? UNKNOWN : right.type === 'assignment' ? this.assignment(right) : this.eval(right);
    if (left !== undefined && right !== undefined) this.assignTarget(left, value);
    return value;
  }

  private assignTarget(target: PyNode, value: Value): void {
    if (target.type === 'attribute') {
      const objNode = field(target, 'object');
      const attrNode = field(target, 'attribute');
      const obj = objNode === undefined ? UNKNOWN : this.eval(objNode);
      if (attrNode === undefined) return;
      const name = identifierName(this.source, attrNode);
      const sensitive = sensitiveAttributes[name];
      if (sensitive !== undefined && sensitive !== 'HB-INT-011')
        this.emit(sensitive, target, `Assigns .${name}.`);
      if (obj.k === 'ref') {
        const path = `${obj.path}.${name}`;
        this.checkRef(ref(path), target);
        if (!obj.path.includes('()') && !replaceableAttributes.has(path)) {
          this.emit('HB-INT-009', target, `Replaces ${path}.`);
        }
      }
      return;
    }
    if (target.type === 'subscript') {
      const valueNode = field(target, 'value');
      const obj = valueNode === undefined ? UNKNOWN : this.eval(valueNode);
      for (const s of fields(target, 'subscript')) this.eval(s);
      if (obj.k === 'ref' && obj.path === 'sys.modules')
        this.emit('HB-IMP-007', target, 'Replaces an entry of sys.modules.');
      else if (obj.k === 'ref' && obj.path === 'builtins')
        this.emit('HB-INT-009', target, 'Replaces a builtin.');
      return;
    }
    bindTarget(this, target, value);
  }

  private augmented(node: PyNode): void {
    const left = field(node, 'left');
    const right = field(node, 'right');
    const opNode = field(node, 'operator');
    const r = right === undefined ? UNKNOWN : this.eval(right);
    if (left?.type === 'identifier' && opNode !== undefined) {
      const name = identifierName(this.source, left);
      const current = this.lookup(name) ?? UNKNOWN;
      const op = opNode.type.endsWith('=') ? opNode.type.slice(0, -1) : opNode.type;
      const v = binaryOp(op, current, r, this, node);
      this.scope.bind(name, this.checkString(v, node));
    } else if (left !== undefined) {
      this.assignTarget(left, UNKNOWN);
    }
  }

  // ---- control flow ---------------------------------------------------------------------

  private forStatement(node: PyNode): void {
    this.opts.patterns.add('loop', node);
    if (node.children[0]?.type === 'async') this.opts.patterns.add('async', node);
    const right = field(node, 'right');
    const iterable = right === undefined ? UNKNOWN : this.eval(right);
    const left = field(node, 'left');
    if (left !== undefined) bindTarget(this, left, UNKNOWN);
    const body = field(node, 'body');
    const endless = iterable.k === 'ref' && /^itertools\.(count|cycle|repeat)\(\)$/.test(iterable.path);
    if (
      endless &&
      body !== undefined &&
      !hasExit(this, body) &&
      !(iterable.path.startsWith('itertools.repeat') && right !== undefined && this.argCount(right) > 1)
    ) {
      this.emit('HB-RES-001', node, 'Loops over an endless iterator without a break.');
    }
    this.loopBody(node, body);
  }

  private argCount(call: PyNode): number {
    const args = field(call, 'arguments');
    return args === undefined ? 0 : named(args).length;
  }

  private whileStatement(node: PyNode): void {
    this.opts.patterns.add('loop', node);
    const condition = field(node, 'condition');
    const cond = condition === undefined ? UNKNOWN : this.inBooleanContext(() => this.eval(condition));
    const body = field(node, 'body');
    // Only a literal condition is always true: variables change inside the loop.
    const literal = condition !== undefined && isConstantExpression(condition);
    if (literal && truthy(cond) === true && body !== undefined && !hasExit(this, body)) {
      this.emit(
        'HB-RES-001',
        node,
        'Loops forever: the condition is always true and nothing leaves the loop.',
      );
    }
    this.loopBody(node, body);
  }

  private loopBody(node: PyNode, body: PyNode | undefined): void {
    this.loopDepth++;
    try {
      if (body !== undefined) this.visit(body);
    } finally {
      this.loopDepth--;
    }
    const alternative = field(node, 'alternative');
    if (alternative !== undefined) this.visit(alternative);
  }

  private withStatement(node: PyNode): void {
    for (const child of named(node)) {
      if (child.type !== 'with_clause') {
        this.visit(child);
        continue;
      }
      for (const item of named(child)) {
        const value = field(item, 'value') ?? item;
        if (value.type === 'as_pattern') {
          const [expr] = named(value);
          if (expr !== undefined) this.eval(expr);
          const alias = field(value, 'alias');
          const target = alias === undefined ? undefined : (named(alias)[0] ?? alias);
          if (target !== undefined) bindTarget(this, target, UNKNOWN);
        } else {
          this.eval(value);
        }
      }
    }
  }

  // ---- definitions ----------------------------------------------------------------------

  private functionDefinition(node: PyNode): void {
    const nameNode = field(node, 'name');
    const name = nameNode === undefined ? '<anonymous>' : identifierName(this.source, nameNode);
    if (nameNode !== undefined) this.checkNormalised(nameNode, name);
    if (node.children[0]?.type === 'async') this.opts.patterns.add('async', node);
    const record: FunctionRecord = { returns: undefined, mayExit: false };
    this.scope.bind(name, { k: 'user', name, fn: record });
    const returnType = field(node, 'return_type');
    if (returnType !== undefined) annotation(this, returnType);
    this.functionStack.push(name);
    this.functionRecords.push(record);
    const outerLoops = this.loopDepth;
    this.loopDepth = 0;
    // In a method of the file's own class, the first parameter is an instance of that class:
    // `self.compile(...)` is the user's method, not the compile builtin or os.system.
    const cls = this.scope.kind === 'class' ? this.classNames[this.classNames.length - 1] : undefined;
    const instanceMethod = cls !== undefined && !this.nextNotInstanceMethod;
    this.nextNotInstanceMethod = false;
    try {
      this.withScope('function', () => {
        const params = field(node, 'parameters');
        if (params !== undefined) bindParameters(this, params);
        const self = params === undefined ? undefined : named(params)[0];
        if (instanceMethod && self?.type === 'identifier')
          this.scope.bind(identifierName(this.source, self), { k: 'user', name: `${cls}()` });
        const body = field(node, 'body');
        if (body !== undefined) {
          this.visit(body);
          record.mayExit = endsProgram(this, body);
        }
      });
    } finally {
      this.functionStack.pop();
      this.functionRecords.pop();
      this.loopDepth = outerLoops;
    }
  }

  private classDefinition(node: PyNode): void {
    this.opts.patterns.add('class', node);
    const nameNode = field(node, 'name');
    const superclasses = field(node, 'superclasses');
    if (superclasses !== undefined) this.eval(superclasses);
    const name = nameNode === undefined ? '<class>' : identifierName(this.source, nameNode);
    this.scope.bind(name, { k: 'user', name });
    this.classNames.push(name);
    this.nextNotInstanceMethod = false;
    try {
      this.withScope('class', () => {
        const body = field(node, 'body');
        if (body !== undefined) this.visit(body);
      });
    } finally {
      this.classNames.pop();
    }
  }

  private decorated(node: PyNode): void {
    for (const decorator of node.children.filter((c) => c.type === 'decorator')) {
      this.opts.patterns.add('decorator', decorator);
      const [expr] = named(decorator);
      if (expr === undefined) continue;
      const v = this.eval(expr);
      if (v.k === 'ref' && /^functools\.(lru_cache|cache)(\(\))?$/.test(v.path))
        this.opts.patterns.add('memoization', decorator);
    }
    const definition = field(node, 'definition');
    this.nextNotInstanceMethod = node.children.some(
      (d) => d.type === 'decorator' && /^@\s*(staticmethod|classmethod)\b/.test(this.text(d)),
    );
    if (definition !== undefined) this.visit(definition);
  }

  // ---- hooks from expression evaluation -------------------------------------------------

  override onCall(calleeNode: PyNode | undefined, callee: Value, node: PyNode): void {
    if (callee.k === 'user' && this.functionStack.includes(callee.name)) {
      this.opts.patterns.add('recursion', node);
      this.recursive.add(callee.name);
    } else if (calleeNode?.type === 'attribute') {
      const obj = field(calleeNode, 'object');
      const attr = field(calleeNode, 'attribute');
      const current = this.functionStack[this.functionStack.length - 1];
      if (
        obj !== undefined &&
        attr !== undefined &&
        isSelfOrCls(this.text(obj)) &&
        this.text(attr) === current
      ) {
        this.opts.patterns.add('recursion', node);
        this.recursive.add(current);
      }
    }
    if (callee.k === 'ref') {
      if (
        callee.path === 'builtins.input' ||
        callee.path.startsWith('sys.stdin.') ||
        callee.path === 'fileinput.input'
      ) {
        this.opts.patterns.add('input-reading', node);
      }
      if (callee.path === 'functools.lru_cache' || callee.path === 'functools.cache')
        this.opts.patterns.add('memoization', node);
    }
  }

  override spawned(node: PyNode, path: string): void {
    if (this.loopDepth > 0) this.emit('HB-RES-005', node, `Creates ${path} inside a loop.`);
    else if (this.targetsEnclosingFunction(node)) {
      this.emit('HB-RES-005', node, `Creates ${path} that runs its own creator again (a chain bomb).`);
    } else this.spawnSites.push({ fn: this.functionStack[this.functionStack.length - 1], node, path });
  }

  /** `def f(): Thread(target=f).start()`: each run spawns the next. */
  private targetsEnclosingFunction(call: PyNode): boolean {
    const args = field(call, 'arguments');
    if (args === undefined) return false;
    return named(args).some((a) => {
      if (a.type !== 'keyword_argument') return false;
      const name = field(a, 'name');
      const value = field(a, 'value');
      return (
        name !== undefined &&
        value?.type === 'identifier' &&
        this.text(name) === 'target' &&
        this.functionStack.includes(identifierName(this.source, value))
      );
    });
  }

  override analyzeNested(code: string, node: PyNode): void {
    const parse = this.opts.parseNested;
    if (parse === undefined || this.opts.nestedDepth >= MAX_NESTED_DEPTH) return;
    const findings = this.opts.findings;
    const outerAnchor = findings.anchor;
    findings.anchor ??= node;
    try {
      const nested = new Walker({
        ...this.opts,
        source: code,
        patterns: new PatternCounter(),
        imports: [],
        nestedDepth: this.opts.nestedDepth + 1,
      });
      nested.walkModule(parse(code));
    } finally {
      findings.anchor = outerAnchor;
    }
  }
}
