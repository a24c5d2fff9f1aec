/**
 * Bindings: parameters (with their defaults and annotations) and assignment targets, so
 * aliases resolve later; string annotations are code that typing evaluates.
 */
import type { PyNode } from './ast.js';
import { field, identifierName, named } from './ast.js';
import { checkAnnotation } from './code-strings.js';
import type { Evaluator } from './evaluate.js';
import { stringValue } from './strings.js';
import type { Value } from './values.js';
import { UNKNOWN } from './values.js';

/** Evaluates defaults in the current scope, binds parameter names in the new one (as unknown). */
export function bindParameters(ev: Evaluator, params: PyNode): void {
  for (const p of named(params)) {
    const value = field(p, 'value');
    // A default is what the parameter holds unless a caller overrides it: `lambda m=__import__('os'): m.system(...)`.
    const v = value === undefined ? UNKNOWN : ev.eval(value);
    const type =
      p.type === 'typed_parameter' || p.type === 'typed_default_parameter' ? field(p, 'type') : undefined;
    if (type !== undefined) annotation(ev, type);
    const name =
      p.type === 'identifier' ? p : (field(p, 'name') ?? named(p).find((c) => c.type === 'identifier'));
    if (name !== undefined && name.type === 'identifier') ev.scope.bind(identifierName(ev.source, name), v);
  }
}

/** Evaluates an annotation; a string one is code that typing evaluates. */
export function annotation(ev: Evaluator, type: PyNode): void {
  const inner = type.type === 'type' ? named(type)[0] : type;
  if (inner === undefined) return;
  const v = ev.eval(inner);
  if (inner.type === 'string' || v.k === 'str') return checkAnnotation(ev, v, inner);
  // Strings nested in an annotation (`List["..."]`, `Optional["..."]`) are forward
  // references that get_type_hints evaluates just the same.
  const stack = [...inner.children];
  while (stack.length > 0) {
    const n = stack.pop() as PyNode;
    if (n.type === 'string')
      checkAnnotation(
        ev,
        stringValue(ev.source, n, () => UNKNOWN),
        n,
      );
    else stack.push(...n.children);
  }
}

/** Binds an assignment target; attribute and subscript targets are evaluated for their effects. */
export function bindTarget(ev: Evaluator, target: PyNode, value: Value): void {
  switch (target.type) {
    case 'identifier':
      ev.scope.bind(identifierName(ev.source, target), value);
      return;
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'tuple':
    case 'list':
    case 'expression_list': {
      const targets = named(target);
      const items = value.k === 'seq' && value.items.length === targets.length ? value.items : undefined;
      targets.forEach((t, i) => bindTarget(ev, t, items?.[i] ?? UNKNOWN));
      return;
    }
    case 'parenthesized_expression':
    case 'list_splat_pattern':
    case 'list_splat':
      for (const t of named(target)) bindTarget(ev, t, UNKNOWN);
      return;
    default:
      ev.eval(target);
  }
}
