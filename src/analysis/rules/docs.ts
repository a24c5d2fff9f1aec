/**
 * Renders the rule catalogue as Markdown. docs/analysis-rules.md is this output; a test
 * fails when the two differ, so the documentation cannot drift from the code.
 */
import { rules } from './catalog.js';

const familyTitles: Record<string, string> = {
  syntax: 'Syntax',
  imports: 'Imports',
  'dynamic-code': 'Dynamic code',
  'file-system': 'File system',
  network: 'Network',
  processes: 'Processes',
  introspection: 'Introspection and escapes',
  resources: 'Resource abuse',
  obfuscation: 'Obfuscation',
};

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function renderRulesMarkdown(): string {
  const out = [
    '# Static analysis rules',
    '',
    '<!-- Generated from src/analysis/rules/catalog.ts by renderRulesMarkdown(); test/analysis/docs.test.ts keeps it in step. -->',
    '',
    'Rule IDs are stable and never reused. A report is unsafe when any issue reaches the policy',
    'threshold (`unsafeAt`, default `medium`) or a denied module is imported; `low` issues are',
    'informational. Severities can be overridden per task in the policy (`rules`).',
    '',
  ];
  for (const [family, title] of Object.entries(familyTitles)) {
    const inFamily = rules.filter((r) => r.family === family);
    if (inFamily.length === 0) continue;
    out.push(
      `## ${title}`,
      '',
      '| ID | severity | confidence | CWE | what | why |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const r of inFamily) {
      out.push(
        `| <a id="${r.id.toLowerCase()}"></a>\`${r.id}\` | ${r.severity} | ${r.confidence} | ${r.cwe} | ${cell(r.title)} | ${cell(r.why)} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}
