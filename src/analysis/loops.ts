/**
 * Loop termination: whether something in a loop body can end the loop (break, return, raise,
 * exit, input() at EOF, or a call of a function that can), and which conditions are constant.
 */
import type { PyNode } from './ast.js';
import { field, identifierName } from './ast.js';
import type { Evaluator } from './evaluate.js';

/** Calls that end a `while True` loop as surely as a break (EOF on input() raises). */
const exitingCalls = /^(exit|quit|sys\.exit|os\._exit|os\.abort|input)$/;

/** No names, calls or lookups: the value cannot change while the loop runs. */
export function isConstantExpression(node: PyNode): boolean {
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop() as PyNode;
    if (/^(identifier|call|attribute|subscript|named_expression|await|yield)$/.test(n.type)) return false;
    for (const c of n.children) stack.push(c);
  }
  return true;
}

/** Whether something in the loop body can end the loop (break, return, raise, exit, input at EOF). */
export function hasExit(ev: Evaluator, body: PyNode): boolean {
  const stack: { node: PyNode; nestedLoop: boolean }[] = [{ node: body, nestedLoop: false }];
  while (stack.length > 0) {
    const { node, nestedLoop } = stack.pop() as { node: PyNode; nestedLoop: boolean };
    switch (node.type) {
      case 'function_definition':
      case 'class_definition':
      case 'lambda':
        continue;
      case 'break_statement':
        if (!nestedLoop) return true;
        continue;
      case 'return_statement':
      case 'raise_statement':
      case 'yield':
        return true;
      case 'call':
        if (callEnds(ev, node)) return true;
        break;
      default:
        break;
    }
    const inner = nestedLoop || node.type === 'for_statement' || node.type === 'while_statement';
    for (const c of node.children) stack.push({ node: c, nestedLoop: inner });
  }
  return false;
}

/** exit()/sys.exit()/input(), or a call of a user function whose body can end the program. */
export function callEnds(ev: Evaluator, call: PyNode): boolean {
  const fn = field(call, 'function');
  if (fn === undefined) return false;
  // The longest exiting call, `sys.exit`, is 8 characters: no text is cut out for longer callees.
  if (fn.end - fn.start <= 8 && exitingCalls.test(ev.text(fn))) return true;
  if (fn.type !== 'identifier') return false;
  const v = ev.lookup(identifierName(ev.source, fn));
  return v?.k === 'user' && v.fn?.mayExit === true;
}

/** Whether a function body raises or exits somewhere (not counting nested definitions). */
export function endsProgram(ev: Evaluator, body: PyNode): boolean {
  const stack = [body];
  while (stack.length > 0) {
    const node = stack.pop() as PyNode;
    if (node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'lambda')
      continue;
    if (node.type === 'raise_statement' || (node.type === 'call' && callEnds(ev, node))) return true;
    for (const c of node.children) stack.push(c);
  }
  return false;
}
