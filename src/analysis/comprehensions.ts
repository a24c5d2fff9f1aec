/**
 * Lambdas and comprehensions: their own scopes, and item-by-item folding of comprehensions
 * over small constants (how `''.join(chr(c) for c in ...)` hides a name).
 */
import type { PyNode } from './ast.js';
import { bindParameters, bindTarget } from './bindings.js';
import { field, named } from './ast.js';
import type { Evaluator } from './evaluate.js';
import type { Value } from './values.js';
import { UNKNOWN, iterItems } from './values.js';

export function lambda(ev: Evaluator, node: PyNode): Value {
  ev.opts.patterns.add('lambda', node);
  const params = field(node, 'parameters');
  ev.withScope('function', () => {
    if (params !== undefined) bindParameters(ev, params);
    const body = field(node, 'body');
    if (body !== undefined) ev.eval(body);
  });
  return UNKNOWN;
}

/**
 * Comprehensions. `[chr(c) for c in (111, 115)]` over a small constant is folded item by
 * item (that is how `''.join(chr(c) for c in ...)` hides a name); anything else is
 * evaluated once with the loop variables unknown.
 */
export function comprehension(ev: Evaluator, node: PyNode): Value {
  ev.opts.patterns.add(node.type === 'generator_expression' ? 'generator' : 'comprehension', node);
  const body = field(node, 'body');
  const clauses = named(node).filter((c) => c !== body);
  const loop = clauses[0];
  // A comprehension is a loop: spawning inside it is a bomb like in a for statement.
  ev.loopDepth++;
  try {
    return comprehensionBody(ev, body, clauses, loop);
  } finally {
    ev.loopDepth--;
  }
}

function comprehensionBody(
  ev: Evaluator,
  body: PyNode | undefined,
  clauses: PyNode[],
  loop: PyNode | undefined,
): Value {
  return ev.withScope('function', () => {
    if (
      clauses.length === 1 &&
      loop?.type === 'for_in_clause' &&
      body !== undefined &&
      body.type !== 'pair'
    ) {
      const target = field(loop, 'left');
      const rightNode = field(loop, 'right');
      const iterable = rightNode === undefined ? UNKNOWN : ev.eval(rightNode);
      const items = iterItems(iterable);
      if (target?.type === 'identifier' && items !== undefined && items.length <= 1024) {
        const out: Value[] = [];
        for (const item of items) {
          bindTarget(ev, target, item);
          out.push(ev.eval(body));
        }
        if (items.length === 0) ev.eval(body);
        return { k: 'seq', items: out };
      }
      if (target !== undefined) bindTarget(ev, target, UNKNOWN);
      ev.eval(body);
      return UNKNOWN;
    }
    for (const clause of clauses) {
      if (clause.type === 'for_in_clause') {
        const right = field(clause, 'right');
        if (right !== undefined) ev.eval(right);
        const target = field(clause, 'left');
        if (target !== undefined) bindTarget(ev, target, UNKNOWN);
      } else {
        ev.evalChildren(clause);
      }
    }
    if (body !== undefined) ev.eval(body);
    return UNKNOWN;
  });
}
