/**
 * `hackbridge run FILE.py [--stdin FILE] [--time-limit S] [--memory-limit MB] [--json]
 * [--config FILE]`: runs one file in the sandbox. A short human summary by default, the
 * RunResult as one JSON object with --json. Exit 0 whenever the run happened, whatever its
 * status; 2 for bad usage; 1 for an internal failure.
 */
import { readFileSync, statSync } from 'node:fs';
import { HackBridgeError, isHackBridgeError, usageError } from '../../common/index.js';
import { loadConfig } from '../../config/index.js';
import { createEngine, type RunResult } from '../../engine/index.js';
import { parseFlags } from '../args.js';
import type { Command } from '../io.js';

const HELP = `Usage: hackbridge run FILE.py [--stdin FILE] [--time-limit S] [--memory-limit MB] [--json] [--config FILE]

  --stdin FILE        feed FILE to the program's standard input
  --time-limit S      CPU seconds (default 5, clamped to the configured maximum)
  --memory-limit MB   memory in MiB on top of the interpreter (default 64)
  --json              print the RunResult as one JSON object
`;

const FLAG_OF_FIELD: Record<string, string> = { timeLimit: '--time-limit', memoryLimit: '--memory-limit' };

/** Reads a file a user named: one clear line for every way it can be wrong. */
function readUserFile(path: string, what: string, maxBytes: number): string {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw usageError(`${what} ${path} is a directory`, { path });
    if (!st.isFile()) throw usageError(`${what} ${path} is not a regular file`, { path });
    size = st.size;
  } catch (err) {
    if (isHackBridgeError(err)) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw usageError(
      `${what} ${path} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`}`,
      { path },
    );
  }
  if (size > maxBytes)
    throw usageError(`${what} ${path} is ${size} bytes; the limit is ${maxBytes}`, { path, size, maxBytes });
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw usageError(`${what} ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, {
      path,
    });
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1)
    throw usageError(`${what} ${path} contains a NUL byte at offset ${nul}`, { path, offset: nul });
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch {
    throw usageError(`${what} ${path} is not valid UTF-8`, { path });
  }
}

function positive(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw usageError(`${flag} must be a positive number, got '${raw}'`);
  return n;
}

const seconds = (s: number): string => `${s.toFixed(3)} s`;

export function formatSummary(r: RunResult): string {
  const lines = [
    `status: ${r.status}${r.exitCode === null ? '' : ` (exit ${r.exitCode})`}${r.signal === null ? '' : ` (${r.signal})`}`,
  ];
  lines.push(
    `time: ${seconds(r.executionTime)} wall, ${seconds(r.cpuTime)} CPU   memory: ${(r.memoryUsage / 1024).toFixed(1)} MiB peak`,
  );
  const t = r.termination;
  if (t.reason !== 'exit') {
    const limit = t.limit === undefined ? '' : ` limit ${t.limit} ${t.unit ?? ''}`.trimEnd();
    const observed = t.observed === undefined ? '' : `, observed ${t.observed} ${t.unit ?? ''}`.trimEnd();
    lines.push(`stopped: ${t.reason}${limit}${observed}${t.detail === undefined ? '' : ` (${t.detail})`}`);
  }
  if (r.error !== null)
    lines.push(
      `error: ${r.error.type}: ${r.error.message}${r.error.line === null ? '' : ` (line ${r.error.line})`}`,
    );
  const blocked = r.events.filter((e) => e.blocked);
  if (blocked.length > 0)
    lines.push(`blocked: ${blocked.map((e) => `${e.action} ${e.detail}`.trim()).join('; ')}`);
  lines.push(`sandbox: ${r.environment.sandbox} (${r.environment.layers.join(', ')})`);
  const stream = (name: string, text: string, bytes: number, truncated: boolean): void => {
    lines.push(`--- ${name} (${bytes} bytes${truncated ? `, truncated at ${r.output.limitBytes}` : ''}) ---`);
    if (text !== '') lines.push(text.endsWith('\n') ? text.slice(0, -1) : text);
  };
  stream('stdout', r.stdout, r.output.stdoutBytes, r.output.stdoutTruncated);
  if (r.output.stderrBytes > 0) stream('stderr', r.stderr, r.output.stderrBytes, r.output.stderrTruncated);
  return `${lines.join('\n')}\n`;
}

export const run: Command = async (argv, io) => {
  const parsed = parseFlags(argv, {
    stdin: { type: 'string' },
    'time-limit': { type: 'string' },
    'memory-limit': { type: 'string' },
    json: { type: 'boolean' },
    config: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.stdout(HELP);
    return 0;
  }
  if (positionals.length !== 1)
    throw usageError(
      positionals.length === 0 ? 'run needs a FILE.py' : `run takes one file, got ${positionals.length}`,
    );
  const timeLimit = positive('--time-limit', values['time-limit']);
  const memoryLimit = positive('--memory-limit', values['memory-limit']);
  const config = loadConfig(values.config === undefined ? {} : { file: values.config });
  const file = positionals[0] as string;
  const code = readUserFile(file, 'source file', config.engine.maxSourceBytes);
  const stdin =
    values.stdin === undefined ? undefined : readUserFile(values.stdin, 'stdin file', 64 * 1024 * 1024);

  const engine = createEngine({ ...config.engine, workers: 1 });
  let result: RunResult;
  try {
    result = await engine.run(code, {
      filename: file.split('/').pop() ?? 'solution.py',
      ...(stdin === undefined ? {} : { stdin }),
      ...(timeLimit === undefined ? {} : { timeLimit }),
      ...(memoryLimit === undefined ? {} : { memoryLimit }),
    });
  } catch (err) {
    if (err instanceof HackBridgeError && err.code === 'HB_ENGINE_LIMIT_INVALID') {
      const field = String(err.details['field'] ?? '');
      throw usageError(
        `${FLAG_OF_FIELD[field] ?? field}: ${String(err.details['reason'] ?? err.message)}`,
        err.details,
      );
    }
    throw err;
  } finally {
    await engine.close();
  }
  io.stdout(values.json === true ? `${JSON.stringify(result)}\n` : formatSummary(result));
  return 0;
};
