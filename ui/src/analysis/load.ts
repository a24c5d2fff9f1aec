/** Lazily loads the browser analyser (one instance per page). */
import type { AnalysisReport } from '../client/types.js';

type Analyze = (code: string) => Promise<AnalysisReport>;

let loading: Promise<Analyze> | undefined;

export function loadAnalyzer(): Promise<Analyze> {
  loading ??= import('./browser-analyzer.js').then(
    ({ createBrowserAnalyzer }) => {
      const analyzer = createBrowserAnalyzer();
      return (code: string) => analyzer.analyze(code);
    },
    (error: unknown) => {
      loading = undefined; // a failed chunk load may succeed on the next try
      throw error;
    },
  );
  return loading;
}
