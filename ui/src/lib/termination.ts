/**
 * RunResult.termination → one plain sentence saying why the program stopped, e.g.
 * "Stopped: CPU time limit 5 s exceeded (used 5.01 s)". The engine measures the limit and
 * the observation in `unit`; this is the one place that turns them into words.
 */
import type { RunResult } from '../client/types.js';
import { formatAmount } from './format.js';

type Termination = RunResult['termination'];

function limitSentence(what: string, t: Termination, verb: string): string {
  const limit = t.limit === undefined ? '' : ` ${formatAmount(t.limit, t.unit)}`;
  const observed = t.observed === undefined ? '' : ` (${verb} ${formatAmount(t.observed, t.unit)})`;
  return `Stopped: ${what} limit${limit} exceeded${observed}`;
}

/** Detail can be long (a supervisor's traceback): one line, at most this many characters. */
const MAX_DETAIL_CHARS = 200;

function withDetail(sentence: string, detail: string | undefined): string {
  const line = detail?.split('\n', 1)[0]?.trim() ?? '';
  if (line === '') return sentence;
  return `${sentence}: ${line.length > MAX_DETAIL_CHARS ? `${line.slice(0, MAX_DETAIL_CHARS)}…` : line}`;
}

export function describeTermination(result: Pick<RunResult, 'termination' | 'exitCode' | 'signal'>): string {
  const t = result.termination;
  switch (t.reason) {
    case 'cpu_time':
      return limitSentence('CPU time', t, 'used');
    case 'wall_time':
      return limitSentence('wall-clock time', t, 'ran');
    case 'memory':
      return limitSentence('memory', t, 'peak');
    case 'output':
      return withDetail(limitSentence('output', t, 'wrote'), t.detail);
    case 'blocked_syscall':
      return withDetail('Stopped: the sandbox blocked a forbidden action', t.detail);
    case 'signal':
      return withDetail(result.signal === null ? 'Stopped' : `Stopped by signal ${result.signal}`, t.detail);
    case 'exit':
      return withDetail(
        result.exitCode === 0 || result.exitCode === null
          ? 'Finished normally (exit code 0)'
          : `Exited with code ${result.exitCode}`,
        t.detail,
      );
  }
}
