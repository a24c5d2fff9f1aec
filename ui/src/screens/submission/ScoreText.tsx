/** A score out of 100, coloured by outcome (the number says it too). */
export function ScoreText({ score }: { readonly score: number }) {
  return (
    <span
      className={
        score >= 100 ? 'score-text tone-text-good' : score > 0 ? 'score-text' : 'score-text tone-text-bad'
      }
    >
      {score}
      <span className="score-of"> / 100</span>
    </span>
  );
}
