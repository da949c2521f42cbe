/** JSON in CodeMirror, editable or read-only. Part of the lazily loaded half (see codemirror.ts). */
import { history, historyKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { bracketMatching, foldGutter, foldKeymap, indentOnInput } from '@codemirror/language';
import { linter, lintKeymap } from '@codemirror/lint';
import { search, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { jsonSyntaxError } from './jsonError';
import { baseKeymap, contentAttributes, escapeKeymap, fromProps, type ContentAttrs } from './setup';
import { appHighlight, appTheme } from './theme';

export interface JsonOptions extends ContentAttrs {
  doc: string;
  /** False for a view: read-only, no history, but focusable so search and folding work from the keyboard. */
  editable: boolean;
  /** Mark JSON syntax errors where they are. */
  lint: boolean;
  /** False for text that is not JSON (an HTML error page): shown plain, without JSON's colours and folds. */
  json?: boolean;
  onChange?: (text: string) => void;
}

export interface JsonHandle {
  view: EditorView;
  /** Replaces the text when it differs from what the editor last reported (an edit from outside). */
  setDoc(text: string): void;
  /** Applies changed attributes, editability or linting without touching the text. */
  configure(next: ContentAttrs & { editable: boolean; lint: boolean; json?: boolean }): void;
  destroy(): void;
}

interface Compartments {
  attrs: Compartment;
  editable: Compartment;
  lint: Compartment;
  language: Compartment;
}

// One instance, so that re-applying the same setting is not a new linter. A blank text is no error:
// it means "no body" or "no value" where these editors are used. jsonSyntaxError rather than
// lang-json's jsonParseLinter: that one marks errors Chromium gives no position for at offset 0.
const jsonLinter = linter(
  (view) => {
    const text = view.state.doc.toString();
    const error = text.trim() === '' ? null : jsonSyntaxError(text);
    return error ? [{ from: error.from, to: error.to, severity: 'error', message: error.message, source: 'JSON' }] : [];
  },
  { delay: 300 },
);
const jsonLint = (on: boolean): Extension => (on ? jsonLinter : []);
const jsonLanguage = json();
const language = (on: boolean | undefined): Extension => (on === false ? [] : jsonLanguage);

function jsonExtensions(options: JsonOptions, { attrs, editable, lint, language: lang }: Compartments): Extension[] {
  const shared = [
    escapeKeymap,
    lineNumbers(),
    foldGutter(),
    bracketMatching(),
    drawSelection(),
    search({ top: true }),
    lang.of(language(options.json)),
    appHighlight,
    appTheme,
    attrs.of(contentAttributes(options)),
    editable.of(editability(options.editable && !options.disabled)),
    lint.of(jsonLint(options.lint && options.json !== false)),
  ];
  if (!options.editable) return [...shared, keymap.of([...searchKeymap, ...foldKeymap, ...lintKeymap, ...baseKeymap])];
  return [
    ...shared,
    history(),
    indentOnInput(),
    highlightActiveLine(),
    highlightActiveLineGutter(),
    keymap.of([...searchKeymap, ...historyKeymap, ...foldKeymap, ...lintKeymap, ...baseKeymap]),
  ];
}

function editability(editable: boolean): Extension {
  // A read-only view stays in the tab order: it has no contenteditable to make it focusable.
  return editable
    ? [EditorView.editable.of(true)]
    : [EditorView.editable.of(false), EditorState.readOnly.of(true), EditorView.contentAttributes.of({ tabindex: '0' })];
}

/** A JSON editor or view mounted in `parent`. */
export function mountJson(parent: HTMLElement, options: JsonOptions): JsonHandle {
  const compartments: Compartments = { attrs: new Compartment(), editable: new Compartment(), lint: new Compartment(), language: new Compartment() };
  let last = options.doc;
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        jsonExtensions(options, compartments),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged || update.transactions.some((tr) => tr.annotation(fromProps))) return;
          last = update.state.doc.toString();
          options.onChange?.(last);
        }),
      ],
    }),
  });
  return {
    view,
    setDoc(text) {
      if (text === last) return;
      last = text;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, annotations: fromProps.of(true) });
    },
    configure(next) {
      const { attrs, editable, lint, language: lang } = compartments;
      view.dispatch({
        effects: [
          attrs.reconfigure(contentAttributes(next)),
          editable.reconfigure(editability(next.editable && !next.disabled)),
          lint.reconfigure(jsonLint(next.lint && next.json !== false)),
          lang.reconfigure(language(next.json)),
        ],
      });
    },
    destroy: () => view.destroy(),
  };
}
