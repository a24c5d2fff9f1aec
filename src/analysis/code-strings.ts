/**
 * Code hidden in string constants. Many APIs outside the platform's allowed set run a string
 * as Python (timeit, typing's forward references, doctest, code/pdb/runpy, logging.config's
 * factories), and so do annotations that typing evaluates. A string is a finding only where
 * such an API (or an annotation) receives it and only when it parses as Python and contains a
 * dangerous construct: data strings that merely look like code and are printed stay clean.
 * The same APIs receiving a host path (`gzip.open('/etc/...')`) are file gadgets.
 */
import type { PyNode } from './ast.js';
import type { Args } from './call-args.js';
import type { Evaluator } from './evaluate.js';
import { isOutsideJobDir } from './paths.js';
import { moduleStatus } from './policy.js';
import { obfuscationTargets } from './rules/sensitive.js';
import type { Value } from './values.js';

/** Cheap pre-filter: the constructs that make a code string dangerous. */
const dangerousConstruct =
  /__import__|\b(?:exec|eval|compile|getattr|setattr|open|breakpoint|globals|vars)\s*\(|\b(?:os|sys|posix|builtins)\s*\.|\bsubprocess\b|\bimportlib\b|\bctypes\b|\bsocket\b|__[a-z]+__\s*[.[]|\.\s*__[a-z]+__/;

/**
 * Callees in allowed modules that still evaluate strings as code: typing resolves forward
 * references with eval.
 */
const codeSinksInAllowedModules = new Set([
  'typing.get_type_hints',
  'typing.ForwardRef',
  'typing._eval_type',
  'typing._type_check',
  'typing.evaluate_forward_ref',
  'typing.TypeVar',
  'typing.NewType',
  'typing_extensions.get_type_hints',
  'typing_extensions.ForwardRef',
  'typing_extensions.evaluate_forward_ref',
]);

/**
 * How far a call to `path` is trusted with strings: `code` when it may run a code string (an
 * API outside the allowed set, typing's evaluators, private members), `path` when it may at
 * least open a host path (also warned modules: `logging.basicConfig(filename=...)`), or
 * `none`. Warned modules (os, logging, threading) do not run code strings that their own rules
 * miss, and their messages (`logging.info("open(path)")`) are data.
 */
export function sinkKind(ev: Evaluator, path: string): 'code' | 'path' | 'none' {
  if (path.startsWith('builtins.')) return 'none';
  const plain = path.replace(/\(\)/g, '');
  if (codeSinksInAllowedModules.has(plain)) return 'code';
  // Private members (`uuid._get_command_stdout`, `typing._eval_type`) are internals, never API.
  if (plain.split('.').some((part) => /^_[^_]/.test(part))) return 'code';
  const status = moduleStatus(ev.policy, plain);
  return status === 'allowed' ? 'none' : status === 'warned' ? 'path' : 'code';
}

/** Whether the string parses as Python and contains a dangerous construct. */
export function looksLikeCode(ev: Evaluator, text: string): boolean {
  if (text.length > 20_000 || !dangerousConstruct.test(text)) return false;
  const parse = ev.opts.parseNested;
  if (parse === undefined) return true;
  const stack = [parse(text)];
  while (stack.length > 0) {
    const node = stack.pop() as PyNode;
    if (node.type === 'ERROR' || node.missing) return false;
    for (const c of node.children) stack.push(c);
  }
  return true;
}

type StrValue = Extract<Value, { k: 'str' }>;

function addStrings(out: StrValue[], v: Value, depth: number): void {
  if (v.k === 'str') out.push(v);
  else if (v.k === 'seq' && depth < 2)
    for (const item of v.items.slice(0, 64)) addStrings(out, item, depth + 1);
}

/** Strings among the argument values, one level into known sequences. */
function strings(args: Args): StrValue[] {
  const out: StrValue[] = [];
  for (const v of args.pos) addStrings(out, v, 0);
  for (const v of args.kw.values()) addStrings(out, v, 0);
  return out;
}

/** A code string handed to an API that may run it: HB-DYN-007, and the code analysed in place. */
export function checkCodeStringArgs(ev: Evaluator, path: string, args: Args, node: PyNode): void {
  const texts = strings(args);
  if (texts.length === 0) return;
  const kind = sinkKind(ev, path);
  if (kind === 'none') return;
  const shown = path.replace(/\(\)/g, '(...)');
  for (const s of texts) {
    // gzip.open, mimetypes.read_mime_types, xml parse, unittest discover, ...: any API outside the
    // allowed set that receives a host path is as much a file gadget as open().
    if (/^[^\s'"]{1,4096}$/.test(s.v) && /^[/~]|(^|\/)\.\.(\/|$)/.test(s.v) && isOutsideJobDir(s.v)) {
      ev.emit('HB-FS-001', node, `Passes the path '${s.v}', outside the job directory, to ${shown}.`);
    }
    if (kind !== 'code') continue;
    if (s.origin !== 'literal' && obfuscationTargets.has(s.v)) {
      ev.emit('HB-OBF-001', node, `The name '${s.v}' is assembled from fragments and passed to ${shown}.`);
    }
    if (looksLikeCode(ev, s.v)) {
      ev.emit('HB-DYN-007', node, `Passes a string of Python code to ${shown}, which may run it.`);
      ev.analyzeNested(s.v, node);
    }
  }
}

/** A string annotation is evaluated by typing.get_type_hints and friends. */
export function checkAnnotation(ev: Evaluator, value: Value, node: PyNode): void {
  if (value.k === 'str' && looksLikeCode(ev, value.v)) {
    ev.emit('HB-DYN-007', node, 'An annotation string holds Python code that typing would evaluate.');
    ev.analyzeNested(value.v, node);
  }
}
