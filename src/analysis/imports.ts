/**
 * Import statements: the module policy (allowed / warned / restricted / denied / unknown), the import
 * records of the report, and the names they bind (so `from os import system as s` resolves).
 */
import type { PyNode } from './ast.js';
import { field, fields, identifierName, named } from './ast.js';
import type { Evaluator } from './evaluate.js';
import { moduleStatus } from './policy.js';
import { sensitiveAttributes } from './rules/sensitive.js';
import type { ImportRecord } from './schema.js';
import { ref } from './values.js';

export function recordImport(
  ev: Evaluator,
  module: string,
  node: PyNode,
  kind: ImportRecord['kind'],
  names: string[],
  alias: string | null,
): ImportRecord {
  const status = module.startsWith('.') ? 'unknown' : moduleStatus(ev.policy, module);
  if (status === 'denied') ev.emit('HB-IMP-001', node, `Imports ${module}, which the policy denies.`);
  else if (status === 'warned') ev.emit('HB-IMP-002', node, `Imports ${module} (allowed with a warning).`);
  else if (status === 'restricted')
    ev.emit('HB-IMP-008', node, `Imports ${module}, a module outside the platform's allowed set.`);
  else if (status === 'unknown')
    ev.emit('HB-IMP-003', node, `Imports ${module}, which the policy does not list.`);
  const record: ImportRecord = { module, kind, names, alias, line: node.row + 1, status };
  if (kind !== 'dynamic') ev.opts.imports.push(record);
  return record;
}

function dotted(ev: Evaluator, node: PyNode): string {
  if (node.type === 'dotted_name') {
    return named(node)
      .map((n) => {
        const name = identifierName(ev.source, n);
        ev.checkNormalised(n, name);
        return name;
      })
      .join('.');
  }
  return ev.text(node).replace(/\s+/g, '');
}

export function importStatement(ev: Evaluator, node: PyNode): void {
  for (const item of fields(node, 'name')) {
    if (item.type === 'aliased_import') {
      const nameNode = field(item, 'name');
      const aliasNode = field(item, 'alias');
      if (nameNode === undefined || aliasNode === undefined) continue;
      const module = dotted(ev, nameNode);
      const alias = identifierName(ev.source, aliasNode);
      ev.importModule(module, item, 'import', [], alias);
      ev.scope.bind(alias, ref(module));
    } else {
      const module = dotted(ev, item);
      ev.importModule(module, item, 'import', [], null);
      const top = module.split('.')[0] ?? module;
      ev.scope.bind(top, ref(top));
    }
  }
}

export function importFrom(ev: Evaluator, node: PyNode): void {
  const moduleNode = field(node, 'module_name');
  if (moduleNode === undefined) return;
  const module = dotted(ev, moduleNode);
  const items = fields(node, 'name');
  const wildcard = node.children.some((c) => c.type === 'wildcard_import');
  const names = wildcard ? ['*'] : items.map((i) => dotted(ev, field(i, 'name') ?? i));
  ev.importModule(module, node, 'from', names, null);
  if (wildcard) ev.starModules.push(module);
  for (const item of items) {
    const nameNode = item.type === 'aliased_import' ? field(item, 'name') : item;
    const aliasNode = item.type === 'aliased_import' ? field(item, 'alias') : undefined;
    if (nameNode === undefined) continue;
    const name = dotted(ev, nameNode);
    const value = ref(`${module}.${name}`);
    ev.checkRef(value, item);
    const sensitive = sensitiveAttributes[name];
    if (sensitive !== undefined) ev.emit(sensitive, item, `Imports ${name}.`);
    ev.scope.bind(aliasNode === undefined ? name : identifierName(ev.source, aliasNode), value);
  }
}
