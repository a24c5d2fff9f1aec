/** Lazily loads the browser analyser (one instance per page). */
import type { AnalysisReport } from '../client/types.js';

type Analyze = (code: string) => Promise<AnalysisReport>;

let loading: Promise<Analyze> | undefined;

/** The User Timing measure around each analysis in the page. */
export const ANALYZE_MEASURE = 'hackbridge:analyze';

export function loadAnalyzer(): Promise<Analyze> {
  loading ??= import('./browser-analyzer.js').then(
    ({ createBrowserAnalyzer }) => {
      const analyzer = createBrowserAnalyzer();
      return async (code: string) => {
        const start = performance.now();
        try {
          return await analyzer.analyze(code);
        } finally {
          // Read by `npm run bench:ui` (bench/ui.ts): the analyser's time for one edit. Only
          // the latest is kept, so a long session does not pile up entries.
          performance.clearMeasures(ANALYZE_MEASURE);
          performance.measure(ANALYZE_MEASURE, { start });
        }
      };
    },
    (error: unknown) => {
      loading = undefined; // a failed chunk load may succeed on the next try
      throw error;
    },
  );
  return loading;
}
