/**
 * Collects findings while the tree is walked. One finding per rule and line: several
 * sub-expressions of one escape chain on a line say the same thing once.
 */
import type { PyNode } from './ast.js';
import type { RuleId } from './rules/catalog.js';

export interface Finding {
  readonly rule: RuleId;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly message: string;
}

export class Findings {
  private readonly byKey = new Map<string, Finding>();
  /** Findings from code run by exec/eval are reported at the call: this node, if set. */
  anchor: PyNode | undefined;

  emit(rule: RuleId, node: PyNode, message: string): void {
    const at = this.anchor ?? node;
    const line = at.row + 1;
    const key = `${rule}:${line}`;
    if (this.byKey.has(key)) return;
    this.byKey.set(key, {
      rule,
      line,
      column: at.col + 1,
      endLine: at.endRow + 1,
      endColumn: at.endCol + 1,
      message: this.anchor === undefined ? message : `In code run by exec/eval: ${message}`,
    });
  }

  list(): Finding[] {
    return [...this.byKey.values()];
  }
}
