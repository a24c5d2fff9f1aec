/**
 * Scoring: 100 × (weights of passed tests) / (all weights), rounded down; the status says
 * whether every test, some or none passed. `error` (the code could not run at all) is decided
 * by the grader, not here.
 */
import type { GradingStatus } from './result-schema.js';

export interface Scored {
  readonly score: number;
  readonly status: Exclude<GradingStatus, 'error'>;
  readonly passed: number;
}

export function scoreTests(tests: readonly { readonly passed: boolean; readonly weight: number }[]): Scored {
  const total = tests.reduce((s, t) => s + t.weight, 0);
  const won = tests.reduce((s, t) => s + (t.passed ? t.weight : 0), 0);
  const passed = tests.filter((t) => t.passed).length;
  // The epsilon keeps 100 × 0.3 / 0.3 from flooring to 99 through binary rounding.
  const score = total > 0 ? Math.min(100, Math.floor((100 * won) / total + 1e-9)) : 0;
  const status =
    passed === tests.length && tests.length > 0 ? 'accepted' : passed === 0 ? 'rejected' : 'partial';
  return { score, status, passed };
}
