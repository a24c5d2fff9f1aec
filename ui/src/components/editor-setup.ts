/**
 * The CodeMirror 6 configuration: Python, line numbers, bracket matching, auto-indent,
 * history, run/submit shortcuts and a theme compartment that follows the app theme. Built
 * from the individual packages rather than `basicSetup` (no autocomplete or search panel),
 * which keeps the initial bundle small.
 */
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { python } from '@codemirror/lang-python';
import {
  bracketMatching,
  defaultHighlightStyle,
  HighlightStyle,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
} from '@codemirror/language';
import { lintGutter } from '@codemirror/lint';
import { EditorState, Prec } from '@codemirror/state';
import type { Extension, Compartment } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import type { Theme } from '../shell/theme.js';

const darkHighlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.operatorKeyword, t.definitionKeyword], color: '#c792ea' },
  { tag: [t.string, t.special(t.string)], color: '#c3e88d' },
  { tag: [t.number, t.bool, t.null], color: '#f78c6c' },
  { tag: [t.comment, t.lineComment], color: '#7f8ea3', fontStyle: 'italic' },
  { tag: [t.function(t.variableName), t.function(t.definition(t.variableName))], color: '#82aaff' },
  { tag: [t.definition(t.className), t.className], color: '#ffcb6b' },
  { tag: [t.self, t.special(t.variableName)], color: '#ff5370' },
  { tag: [t.operator, t.punctuation], color: '#89ddff' },
  { tag: t.propertyName, color: '#b2ccd6' },
  { tag: t.invalid, color: '#ff5370' },
]);

function themeExtension(theme: Theme): Extension {
  return [
    EditorView.theme({}, { dark: theme === 'dark' }),
    syntaxHighlighting(theme === 'dark' ? darkHighlight : defaultHighlightStyle, { fallback: true }),
  ];
}

export interface EditorCallbacks {
  readonly onChange: (code: string) => void;
  readonly onRun: () => void;
  readonly onSubmit: () => void;
}

export function createEditorState(doc: string, theme: Theme, themeSlot: Compartment, cb: EditorCallbacks) {
  const shortcuts = Prec.highest(
    keymap.of([
      { key: 'Mod-Enter', run: () => (cb.onRun(), true) },
      { key: 'Mod-Shift-Enter', run: () => (cb.onSubmit(), true) },
    ]),
  );
  return EditorState.create({
    doc,
    extensions: [
      shortcuts,
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      EditorState.allowMultipleSelections.of(true),
      indentOnInput(),
      indentUnit.of('    '),
      bracketMatching(),
      closeBrackets(),
      highlightActiveLine(),
      python(),
      lintGutter(),
      themeSlot.of(themeExtension(theme)),
      // Tab indents; Escape then Tab leaves the editor (CodeMirror's keyboard escape hatch).
      keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab]),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) cb.onChange(u.state.doc.toString());
      }),
      EditorView.contentAttributes.of({
        'aria-label': 'Code editor (Python)',
        // The key hint in the toolbar (TaskPage): run, submit, and how to leave with the keyboard.
        'aria-describedby': 'editor-keys',
      }),
    ],
  });
}

export function reconfigureTheme(view: EditorView, slot: Compartment, theme: Theme): void {
  view.dispatch({ effects: slot.reconfigure(themeExtension(theme)) });
}
