/**
 * The CodeMirror editor with live security diagnostics: 250 ms after the last keystroke the
 * browser analyser (loaded lazily) checks the code; its issues are underlined, explained on
 * hover and listed under the editor.
 */
import { setDiagnostics } from '@codemirror/lint';
import { Compartment } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useEffect, useImperativeHandle, useLayoutEffect, useRef } from 'react';
import type { Ref } from 'react';
import { toUiError } from '../client/index.js';
import type { AnalysisReport, UiError } from '../client/index.js';
import { loadAnalyzer } from '../analysis/load.js';
import type { Theme } from '../shell/theme.js';
import { toDiagnostic, offsetOf } from './diagnostics.js';
import { createEditorState, reconfigureTheme } from './editor-setup.js';

/** Pause after the last keystroke before analysing, ms. */
export const ANALYSIS_DEBOUNCE_MS = 250;

/** Name of the performance measure each live analysis records. */
export const ANALYSIS_MEASURE = 'hackbridge:analysis';

/** Longest wait for an idle moment before the first analysis, ms. */
const FIRST_ANALYSIS_IDLE_MS = 1000;

/**
 * Runs `fn` once the page is idle (after the editor has painted), so fetching and compiling
 * the analyser and its WebAssembly never delays the first render. Returns a cancel function.
 */
function whenIdle(fn: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(fn, { timeout: FIRST_ANALYSIS_IDLE_MS });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(fn, ANALYSIS_DEBOUNCE_MS);
  return () => clearTimeout(timer);
}

/**
 * Records one analysis as a User Timing measure (read by `npm run bench:ui` through a
 * PerformanceObserver, which sees every entry as it is queued). Earlier measures are cleared
 * first: the timeline buffer keeps only the latest instead of one entry per edit forever.
 */
function recordAnalysis(startMs: number, lines: number): void {
  performance.clearMeasures(ANALYSIS_MEASURE);
  performance.measure(ANALYSIS_MEASURE, { start: startMs, detail: { lines } });
}

export interface CodeEditorHandle {
  /** Moves the cursor to a 1-based line and column and focuses the editor. */
  jumpTo(line: number, column: number): void;
  focus(): void;
}

interface CodeEditorProps {
  readonly initialCode: string;
  readonly theme: Theme;
  readonly onChange: (code: string) => void;
  readonly onRun: () => void;
  readonly onSubmit: () => void;
  readonly onReport: (report: AnalysisReport | undefined, error?: UiError) => void;
  readonly handle?: Ref<CodeEditorHandle>;
}

export function CodeEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const themeSlot = useRef(new Compartment());
  // The latest callbacks, so the editor (created once) never calls stale closures.
  const latest = useRef(props);
  latest.current = props;

  useImperativeHandle(
    props.handle,
    () => ({
      jumpTo(line, column) {
        const v = view.current;
        if (v === null) return;
        const at = offsetOf(v.state.doc, line, column);
        v.dispatch({ selection: { anchor: at }, scrollIntoView: true });
        v.focus();
      },
      focus: () => view.current?.focus(),
    }),
    [],
  );

  // A layout effect: the editor is in the DOM before the page first paints, rather than one
  // frame later (which also shifted everything under it).
  useLayoutEffect(() => {
    if (host.current === null) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let sequence = 0;
    let disposed = false;

    const analyse = async (v: EditorView): Promise<void> => {
      const mine = ++sequence;
      const code = v.state.doc.toString();
      try {
        const analyze = await loadAnalyzer();
        const started = performance.now();
        const report = await analyze(code);
        // For `npm run bench:ui`: the in-page cost of one analysis (parser already loaded).
        recordAnalysis(started, v.state.doc.lines);
        if (disposed || mine !== sequence) return; // a newer edit is on its way
        v.dispatch(
          setDiagnostics(
            v.state,
            report.issues.map((i) => toDiagnostic(v.state.doc, i)),
          ),
        );
        latest.current.onReport(report);
      } catch (e) {
        if (disposed || mine !== sequence) return;
        v.dispatch(setDiagnostics(v.state, []));
        latest.current.onReport(undefined, toUiError(e));
      }
    };
    const schedule = (v: EditorView): void => {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => void analyse(v), ANALYSIS_DEBOUNCE_MS);
    };

    const v = new EditorView({
      parent: host.current,
      state: createEditorState(props.initialCode, props.theme, themeSlot.current, {
        onChange: (code) => {
          latest.current.onChange(code);
          if (view.current !== null) schedule(view.current);
        },
        onRun: () => latest.current.onRun(),
        onSubmit: () => latest.current.onSubmit(),
      }),
    });
    view.current = v;
    const cancelFirst = whenIdle(() => void analyse(v));
    return () => {
      disposed = true;
      cancelFirst();
      if (timer !== undefined) clearTimeout(timer);
      v.destroy();
      view.current = null;
    };
    // The editor is created once per mounted task; code and theme changes flow through it.
  }, []);

  useEffect(() => {
    if (view.current !== null) reconfigureTheme(view.current, themeSlot.current, props.theme);
  }, [props.theme]);

  return <div className="editor" data-testid="editor" ref={host} />;
}
