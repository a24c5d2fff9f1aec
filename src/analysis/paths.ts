/**
 * Paths: open() and the other path-taking functions, judged on the folded path (absolute,
 * `~`, `..` leave the job directory), and path builders folded so they can be judged.
 */
import type { PyNode } from './ast.js';
import { field, named } from './ast.js';
import type { Handler } from './call-args.js';
import { text } from './call-args.js';
import type { Evaluator } from './evaluate.js';
import { UNKNOWN, ref, str } from './values.js';

/** open() and other functions taking a path: flag host paths; note stdin idioms. */
export const pathTaking: Handler = (ev, args, node, path) => {
  const target = args.pos[0] ?? args.kw.get('file') ?? args.kw.get('path') ?? args.kw.get('filename');
  if (target !== undefined) {
    if (target.k === 'int' && target.v === 0n) ev.opts.patterns.add('input-reading', node);
    const p = text(target);
    if (p !== undefined) {
      if (ev.policy.stdioPaths.includes(p)) ev.opts.patterns.add('input-reading', node);
      else if (isOutsideJobDir(p)) ev.emit('HB-FS-001', node, `Opens '${p}', outside the job directory.`);
    } else if (target.k === 'unknown' || target.k === 'bound' || target.k === 'ref') {
      const prefix = literalPrefix(ev, node);
      if (prefix !== undefined && isOutsideJobDir(prefix)) {
        ev.emit('HB-FS-001', node, `Opens a path built from '${prefix}', outside the job directory.`);
      } else {
        ev.emit('HB-FS-004', node, 'Opens a path computed at run time.');
      }
    }
  }
  return path.startsWith('builtins.') ? UNKNOWN : ref(`${path}()`);
};

/**
 * The first string literal of a call's first argument (`'/proc/' + str(pid) + '/mem'`): a
 * path whose computed parts are unknown is still outside the job directory when it starts
 * with `/`, `~` or climbs with `..`.
 */
function literalPrefix(ev: Evaluator, call: PyNode): string | undefined {
  const args = field(call, 'arguments');
  let n = args === undefined ? undefined : named(args)[0];
  // Follow the leftmost operand only: the literal must be where the path starts.
  while (n !== undefined) {
    if (n.type === 'binary_operator' || n.type === 'parenthesized_expression') n = named(n)[0];
    else if (n.type === 'concatenated_string') n = named(n)[0];
    else if (n.type === 'string') {
      const first = n.children[1];
      if (first?.type !== 'string_content') return undefined;
      const t = ev.text(first);
      return t.includes('../') ? '../' : t;
    } else return undefined;
  }
  return undefined;
}

export function isOutsideJobDir(p: string): boolean {
  return (
    p.startsWith('/') ||
    p.startsWith('~') ||
    p.startsWith('\\') ||
    /^[a-zA-Z]:/.test(p) ||
    p.split(/[\\/]/).includes('..') ||
    p.includes('\0')
  );
}

/** os.path.join of constants, so `open(os.path.join('/', 'etc', 'passwd'))` is seen. */
export const pathJoin: Handler = (_ev, args) => {
  let out = '';
  for (const a of args.pos) {
    if (a.k !== 'str') return UNKNOWN;
    out = a.v.startsWith('/') || out === '' ? a.v : out.endsWith('/') ? out + a.v : `${out}/${a.v}`;
  }
  return args.pos.length === 0 ? UNKNOWN : str(out, 'folded');
};

/** Path normalisers keep the (still relative or still absolute) path for the checks. */
export const pathIdentity: Handler = (_ev, args) => (args.pos[0]?.k === 'str' ? args.pos[0] : UNKNOWN);
