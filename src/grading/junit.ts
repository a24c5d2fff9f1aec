/**
 * JUnit XML for one or more grading results, so a CI system can list the tests. One
 * `<testsuite>` per result; a wrong answer is a `<failure>`, anything else that did not pass
 * (runtime error, limits) an `<error>`. Hidden tests appear by name and status only, exactly
 * as in the result itself.
 */
import type { GradingResult, TestResult } from './result-schema.js';

// XML 1.0 cannot carry most C0 control characters even escaped; a submission may print them.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attr = (name: string, value: string | number): string => ` ${name}="${escapeXml(String(value))}"`;

function detail(t: TestResult): string {
  if (t.hidden) return t.message;
  const lines = [t.message];
  if (t.input !== undefined) lines.push(`input: ${JSON.stringify(t.input)}`);
  if (t.expected !== undefined) lines.push(`expected: ${JSON.stringify(t.expected)}`);
  if (t.actual !== undefined) lines.push(`actual: ${JSON.stringify(t.actual)}`);
  return lines.join('\n');
}

function testcase(suite: string, t: TestResult): string {
  const head = `    <testcase${attr('classname', suite)}${attr('name', t.name)}${attr('time', t.time.toFixed(3))}`;
  if (t.status === 'passed') return `${head}/>`;
  const tag = t.status === 'failed' ? 'failure' : 'error';
  return `${head}>\n      <${tag}${attr('message', t.message)}${attr('type', t.status)}>${escapeXml(detail(t))}</${tag}>\n    </testcase>`;
}

function suite(r: GradingResult, name: string): string {
  const failures = r.tests.filter((t) => t.status === 'failed').length;
  const errors = r.tests.filter((t) => t.status !== 'failed' && t.status !== 'passed').length;
  const time = r.tests.reduce((s, t) => s + t.time, 0);
  const props = [
    `      <property${attr('name', 'score')}${attr('value', r.score)}/>`,
    `      <property${attr('name', 'status')}${attr('value', r.status)}/>`,
    ...(r.error
      ? [`      <property${attr('name', 'error')}${attr('value', `${r.error.type}: ${r.error.message}`)}/>`]
      : []),
  ];
  return [
    `  <testsuite${attr('name', name)}${attr('tests', r.tests.length)}${attr('failures', failures)}${attr('errors', errors)}${attr('skipped', 0)}${attr('time', time.toFixed(3))}>`,
    '    <properties>',
    ...props,
    '    </properties>',
    ...r.tests.map((t) => testcase(r.taskId, t)),
    '  </testsuite>',
  ].join('\n');
}

/** `results` may name each suite (e.g. the submission's file); the task id otherwise. */
export function toJUnitXml(results: readonly { result: GradingResult; name?: string }[]): string {
  const tests = results.reduce((s, r) => s + r.result.tests.length, 0);
  const failures = results.reduce(
    (s, r) => s + r.result.tests.filter((t) => t.status === 'failed').length,
    0,
  );
  const errors = results.reduce(
    (s, r) => s + r.result.tests.filter((t) => t.status !== 'failed' && t.status !== 'passed').length,
    0,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attr('name', 'hackbridge')}${attr('tests', tests)}${attr('failures', failures)}${attr('errors', errors)}>`,
    ...results.map((r) => suite(r.result, r.name ?? r.result.taskId)),
    '</testsuites>',
    '',
  ].join('\n');
}
