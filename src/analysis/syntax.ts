/**
 * Syntax errors: the analysis still runs on tree-sitter's error recovery, and this pass
 * reports where parsing failed. Text the parser could not place is scanned for dangerous
 * names, so hiding a call inside a deliberately broken region does not hide it from review.
 */
import type { PyNode } from './ast.js';
import type { Findings } from './findings.js';

const MAX_SYNTAX_ISSUES = 5;

const dangerous =
  /\b(eval|exec|compile|__import__|system|popen|subprocess|__subclasses__|__globals__|__builtins__|__bases__|__mro__|ctypes|socket|fork|getattr|breakpoint|importlib|f_back|gi_frame)\b/;

export function reportSyntaxErrors(root: PyNode, source: string, findings: Findings): boolean {
  let count = 0;
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop() as PyNode;
    if (node.type === 'ERROR' || node.missing) {
      if (count < MAX_SYNTAX_ISSUES) {
        const what = node.missing ? `missing '${node.type}'` : 'unexpected code';
        findings.emit('HB-SYN-001', node, `Syntax error: ${what}.`);
      }
      count++;
      if (node.type === 'ERROR') {
        const text = source.slice(node.start, node.end);
        const hit = dangerous.exec(text.normalize('NFKC'));
        if (hit !== null)
          findings.emit('HB-OBF-004', node, `'${hit[1]}' appears in code that does not parse.`);
      }
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as PyNode);
  }
  return count > 0;
}

/** Encodings under which the text we analyse is the text Python runs. */
const sameText = /^(utf[-_]?8(-sig)?|ascii|us-ascii|latin[-_]?1|iso[-_]?8859[-_]?1|l1|cp1252)$/i;

/**
 * PEP 263 coding cookie on line 1 or 2. Python decodes the file's bytes with it; under
 * utf-7 (say) the program Python runs is not the text reviewers and this analyser read.
 */
export function reportEncodingCookie(root: PyNode, source: string, findings: Findings): void {
  const lines = source.split('\n', 2);
  for (let row = 0; row < lines.length; row++) {
    const line = lines[row] ?? '';
    const m = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/.exec(line);
    if (m !== null) {
      const encoding = m[1] ?? '';
      if (!sameText.test(encoding)) {
        const at = { ...root, row, col: 0, endRow: row, endCol: line.length };
        findings.emit('HB-OBF-005', at, `Declares the source encoding '${encoding}'.`);
      }
      return;
    }
    if (!/^[ \t\f]*(#.*)?\r?$/.test(line)) return;
  }
}
