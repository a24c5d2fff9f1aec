/** Expected vs actual, line by line. */
import { lineDiff, valueText } from '../lib/diff.js';

export function LineDiff(props: { readonly expected: unknown; readonly actual: unknown }) {
  const lines = lineDiff(valueText(props.expected), valueText(props.actual));
  return (
    <div className="diff" data-testid="test-diff">
      <div className="diff-legend small">
        <span className="diff-expected">− expected</span> <span className="diff-actual">+ actual</span>
      </div>
      <pre className="diff-body">
        {lines.map((l, i) => (
          <span key={i} className={`diff-line diff-${l.kind}`}>
            {l.kind === 'expected' ? '− ' : l.kind === 'actual' ? '+ ' : '  '}
            {l.text}
            {'\n'}
          </span>
        ))}
      </pre>
    </div>
  );
}
