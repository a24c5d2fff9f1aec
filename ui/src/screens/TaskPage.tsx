/**
 * One task: statement and examples on the left; editor with live diagnostics, stdin, Run and
 * Submit on the right. Ctrl/Cmd+Enter runs, Ctrl/Cmd+Shift+Enter submits (also in the editor).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { toUiError } from '../client/index.js';
import type { AnalysisReport, RunResult, ScreenProps, TaskDetail, UiError } from '../client/index.js';
import { CodeEditor } from '../components/CodeEditor.js';
import type { CodeEditorHandle } from '../components/CodeEditor.js';
import { DiagnosticsList } from '../components/DiagnosticsList.js';
import { TaskInfo } from '../components/TaskInfo.js';
import { preloadStatement } from '../components/Statement.js';
import { RunResultPanel } from '../components/RunResultPanel.js';
import { ErrorNotice, Loading } from '../components/Status.js';
import { SubmissionPanel } from '../components/SubmissionPanel.js';
import type { SubmissionView } from '../components/SubmissionPanel.js';
import { loadDraft, saveDraft } from '../lib/draft.js';
import { starterCode } from '../lib/starter.js';
import { useAsync } from '../shell/async.js';
import { takeTask } from '../shell/task-cache.js';
import type { Theme } from '../shell/theme.js';

interface TaskPageProps extends ScreenProps {
  readonly id: string;
  readonly theme: Theme;
}

// Fetch the statement's Markdown renderer now, while the task itself is being fetched.
preloadStatement().catch(() => undefined);

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl';

export function TaskPageScreen({ client, id, theme }: TaskPageProps) {
  const [state, reload] = useAsync(() => takeTask(client, id), [client, id]);
  if (state.status === 'loading') return <Loading label="Loading task…" />;
  if (state.status === 'error') return <ErrorNotice error={state.error} onRetry={reload} />;
  return <TaskWorkspace key={state.data.id} client={client} task={state.data} theme={theme} />;
}

type RunView =
  | { readonly phase: 'running' }
  | { readonly phase: 'done'; readonly result: RunResult }
  | { readonly phase: 'error'; readonly error: UiError };

function TaskWorkspace({
  client,
  task,
  theme,
}: ScreenProps & { readonly task: TaskDetail; readonly theme: Theme }) {
  const initial = useRef(loadDraft(task.id) ?? starterCode(task));
  const code = useRef(initial.current);
  const editor = useRef<CodeEditorHandle>(null);
  const [stdin, setStdin] = useState('');
  const [report, setReport] = useState<AnalysisReport | undefined>(undefined);
  const [analysisError, setAnalysisError] = useState<UiError | undefined>(undefined);
  const [run, setRun] = useState<RunView | undefined>(undefined);
  const [submission, setSubmission] = useState<SubmissionView | undefined>(undefined);
  const [panel, setPanel] = useState<'run' | 'submit'>('run');
  const [editorKey, setEditorKey] = useState(0);
  const unsubscribe = useRef<(() => void) | undefined>(undefined);
  const draftTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const busy = run?.phase === 'running' || submission?.phase === 'sending' || submission?.phase === 'waiting';
  const busyRef = useRef(busy);
  busyRef.current = busy;
  const stdinRef = useRef(stdin);
  stdinRef.current = stdin;

  useEffect(() => {
    // For `npm run bench:ui`: statement and editor are on screen. One mark per page, not one
    // per task opened since the tab was loaded.
    performance.clearMarks('hackbridge:task-page-rendered');
    performance.mark('hackbridge:task-page-rendered', { detail: { taskId: task.id } });
  }, [task.id]);

  useEffect(
    () => () => {
      unsubscribe.current?.();
      if (draftTimer.current !== undefined) {
        clearTimeout(draftTimer.current);
        saveDraft(task.id, code.current);
      }
    },
    [task.id],
  );

  const onChange = useCallback(
    (next: string) => {
      code.current = next;
      if (draftTimer.current !== undefined) clearTimeout(draftTimer.current);
      draftTimer.current = setTimeout(() => {
        draftTimer.current = undefined;
        saveDraft(task.id, code.current);
      }, 300);
    },
    [task.id],
  );

  const doRun = useCallback(() => {
    if (busyRef.current) return;
    setPanel('run');
    setRun({ phase: 'running' });
    const limits = task.limits ?? {};
    client
      .runCode(code.current, {
        stdin: stdinRef.current,
        ...(limits['time'] === undefined ? {} : { timeLimit: limits['time'] }),
        ...(limits['memory'] === undefined ? {} : { memoryLimit: limits['memory'] }),
      })
      .then(
        (result) => setRun({ phase: 'done', result }),
        (e: unknown) => setRun({ phase: 'error', error: toUiError(e) }),
      );
  }, [client, task.limits]);

  const doSubmit = useCallback(() => {
    if (busyRef.current) return;
    setPanel('submit');
    setSubmission({ phase: 'sending' });
    unsubscribe.current?.();
    saveDraft(task.id, code.current);
    client.submitTask(task.id, code.current).then(
      (ack) => {
        setSubmission({ phase: 'waiting', id: ack.id });
        unsubscribe.current = client.subscribe(ack.id, (m) => {
          if (m.type === 'progress') setSubmission({ phase: 'waiting', id: ack.id, last: m });
          else
            setSubmission({
              phase: 'done',
              id: ack.id,
              result: m.result,
              ...(m.error === undefined ? {} : { error: m.error }),
            });
        });
      },
      (e: unknown) => setSubmission({ phase: 'error', message: toUiError(e).message }),
    );
  }, [client, task.id]);

  // Shortcuts anywhere on the page; the editor handles its own (and marks the event handled).
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.key !== 'Enter' || !(e.ctrlKey || e.metaKey)) return;
      e.preventDefault();
      if (e.shiftKey) doSubmit();
      else doRun();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [doRun, doSubmit]);

  // Results appear below the editor: bring each new state into view (a 768 px screen would
  // otherwise hide the outcome under the fold).
  const results = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (run === undefined && submission === undefined) return;
    results.current?.scrollIntoView({ block: 'nearest' });
  }, [panel, run?.phase, submission?.phase]);

  const onReport = useCallback((r: AnalysisReport | undefined, error?: UiError) => {
    setReport(r);
    setAnalysisError(error);
  }, []);

  const resetCode = (): void => {
    if (!window.confirm('Replace your code with the starter code?')) return;
    // Remount the editor with the starter code.
    initial.current = starterCode(task);
    code.current = initial.current;
    saveDraft(task.id, code.current);
    setEditorKey((k) => k + 1);
  };

  return (
    <div className="task-layout">
      <TaskInfo task={task} onUseStdin={setStdin} />

      <section className="workbench" aria-label="Solution">
        <div className="card editor-card">
          <div className="editor-toolbar">
            <span className="lang-label">Python 3</span>
            {/* The editor keeps Tab for indenting; Escape then Tab leaves it (CodeMirror's
                escape hatch). Screen readers hear this with the editor (aria-describedby). */}
            <span id="editor-keys" className="muted small shortcut-hint">
              <span className="hint-item">
                <kbd>{mod}</kbd>+<kbd>Enter</kbd> run
              </span>{' '}
              ·{' '}
              <span className="hint-item">
                <kbd>{mod}</kbd>+<kbd>Shift</kbd>+<kbd>Enter</kbd> submit
              </span>{' '}
              ·{' '}
              <span className="hint-item">
                <kbd>Esc</kbd> then <kbd>Tab</kbd> leaves the editor
              </span>
            </span>
            <button type="button" className="button ghost small" onClick={resetCode}>
              Reset
            </button>
          </div>
          <CodeEditor
            key={editorKey}
            initialCode={initial.current}
            theme={theme}
            onChange={onChange}
            onRun={doRun}
            onSubmit={doSubmit}
            onReport={onReport}
            handle={editor}
          />
          <DiagnosticsList
            report={report}
            error={analysisError}
            onSelect={(line, column) => editor.current?.jumpTo(line, column)}
          />
        </div>

        <div className="card run-card">
          <label htmlFor="stdin-input" className="field-label">
            Custom input (stdin)
          </label>
          <textarea
            id="stdin-input"
            data-testid="stdin-input"
            className="input mono stdin"
            rows={3}
            spellCheck={false}
            value={stdin}
            onChange={(e) => setStdin(e.target.value)}
            placeholder="Text your program reads from standard input"
          />
          <div className="actions">
            <button
              type="button"
              className="button secondary"
              data-testid="run-button"
              onClick={doRun}
              disabled={busy}
              title={`Run (${mod}+Enter)`}
            >
              {run?.phase === 'running' ? 'Running…' : '▶ Run'}
            </button>
            <button
              type="button"
              className="button primary"
              data-testid="submit-button"
              onClick={doSubmit}
              disabled={busy}
              title={`Submit (${mod}+Shift+Enter)`}
            >
              {submission?.phase === 'sending' || submission?.phase === 'waiting' ? 'Grading…' : 'Submit'}
            </button>
          </div>
          <div ref={results} className="results" aria-live="polite">
            {panel === 'run' && run?.phase === 'running' && <Loading label="Running in the sandbox…" />}
            {panel === 'run' && run?.phase === 'error' && <ErrorNotice error={run.error} />}
            {panel === 'run' && run?.phase === 'done' && <RunResultPanel result={run.result} />}
            {panel === 'submit' && submission !== undefined && <SubmissionPanel view={submission} />}
          </div>
        </div>
      </section>
    </div>
  );
}
