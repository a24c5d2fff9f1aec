/**
 * A submission's state as a badge. A finished one says "Graded", coloured by its score (the
 * list has no verdict, and a green "Done" beside 0 / 100 would read as success).
 */
import { StatusBadge } from '../../components/Status.js';

export function StateBadge({ state, score }: { readonly state: string; readonly score: number | undefined }) {
  if (state !== 'done' || score === undefined) return <StatusBadge status={state} />;
  const tone = score >= 100 ? 'good' : score > 0 ? 'warn' : 'bad';
  return <span className={`badge ${tone}`}>Graded</span>;
}
