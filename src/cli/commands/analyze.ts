/**
 * `hackbridge analyze FILE.py [--json | --format text|json|sarif] [--policy FILE] [--config FILE]`:
 * static security review of one file. A readable report with code frames by default, the
 * AnalysisReport with --json, SARIF 2.1.0 with --format sarif.
 *
 * Exit codes: 0 the code is safe, 3 it is not, 2 bad usage or unreadable input, 1 internal.
 */
import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { isHackBridgeError, usageError } from '../../common/index.js';
import { loadConfig } from '../../config/index.js';
import {
  createAnalyzer,
  decodeSource,
  defaultPolicy,
  formatReportText,
  mergePolicy,
  toSarif,
  type Policy,
} from '../../analysis/index.js';
import type { Command } from '../io.js';

const HELP = `Usage: hackbridge analyze FILE.py [--json | --format text|json|sarif] [--policy FILE] [--config FILE]

  --json            print the AnalysisReport as JSON (same as --format json)
  --format FORMAT   text (default, with code frames), json, or sarif (SARIF 2.1.0)
  --policy FILE     JSON or YAML policy fields overriding the default policy
  --config FILE     HackBridge configuration file

Exit status: 0 safe, 3 unsafe, 2 bad usage or unreadable input.
`;

export const EXIT_UNSAFE = 3;

function readBytes(path: string, what: string): Buffer {
  try {
    const st = statSync(path);
    if (!st.isFile()) throw usageError(`${what} ${path} is not a regular file`, { path });
    return readFileSync(path);
  } catch (err) {
    if (isHackBridgeError(err)) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw usageError(
      `${what} ${path} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`}`,
      {
        path,
      },
    );
  }
}

function readPolicy(path: string): Policy {
  const text = readBytes(path, 'Policy file').toString('utf8');
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (cause) {
    throw usageError(`Policy file ${path} is not valid JSON or YAML`, { path, reason: String(cause) });
  }
  try {
    return mergePolicy(defaultPolicy, raw ?? {});
  } catch (cause) {
    const issue = (cause as { issues?: { path: PropertyKey[]; message: string }[] }).issues?.[0];
    throw usageError(
      `Policy file ${path} is invalid at '${issue?.path.join('.') ?? ''}': ${issue?.message ?? 'invalid'}`,
      {
        path,
        field: issue?.path.join('.') ?? '',
      },
    );
  }
}

export const analyze: Command = async (argv, io) => {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        format: { type: 'string' },
        policy: { type: 'string' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw usageError(`${(err as Error).message}\n${HELP}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw usageError(`analyze takes exactly one FILE.py\n${HELP}`);
  const format = values.json ? 'json' : (values.format ?? 'text');
  if (values.json && values.format !== undefined && values.format !== 'json') {
    throw usageError('--json and --format sarif/text are mutually exclusive');
  }
  if (format !== 'text' && format !== 'json' && format !== 'sarif') {
    throw usageError(`--format must be text, json or sarif, got '${format}'`);
  }
  const file = positionals[0] as string;
  const config = loadConfig(values.config === undefined ? {} : { file: values.config });
  const policy = values.policy === undefined ? defaultPolicy : readPolicy(values.policy);
  const source = decodeSource(readBytes(file, 'File'), config.analysis.maxSourceBytes);
  const analyzer = createAnalyzer({
    cacheEntries: 0,
    maxSourceBytes: config.analysis.maxSourceBytes,
    maxIssues: config.analysis.maxIssues,
    maxImports: config.analysis.maxImports,
  });
  const code = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const report = await analyzer.analyze(code, policy);
  const shownPath = relative(io.cwd, file).startsWith('..') ? file : relative(io.cwd, file) || file;
  if (format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else if (format === 'sarif')
    io.stdout(`${JSON.stringify(toSarif(report, { uri: shownPath.split('\\').join('/') }), null, 2)}\n`);
  else io.stdout(formatReportText(report, code, { file: shownPath, color: io.isTTY }));
  return report.safe ? 0 : EXIT_UNSAFE;
};
