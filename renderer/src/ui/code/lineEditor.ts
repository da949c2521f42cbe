/**
 * A one-line CodeMirror field (the filter text): wraps long text, refuses line breaks, Enter runs,
 * a problem from outside is marked where it is (lint diagnostic plus a mark with the caller's
 * attributes), and completion comes from a plain function. Part of the lazily loaded half.
 */
import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { history, historyKeymap } from '@codemirror/commands';
import { setDiagnostics } from '@codemirror/lint';
import { Compartment, EditorState, Prec, StateEffect, StateField, type Range } from '@codemirror/state';
import { Decoration, drawSelection, EditorView, keymap, placeholder, WidgetType, type DecorationSet } from '@codemirror/view';
import { baseKeymap, contentAttributes, escapeKeymap, fromProps, type ContentAttrs } from './setup';
import type { LineCompletions, LineProblem } from './lineTypes';
import { appTheme } from './theme';

export interface LineOptions extends ContentAttrs {
  doc: string;
  placeholder: string;
  onChange: (text: string) => void;
  onEnter: () => void;
  complete?: (text: string, pos: number) => LineCompletions | null;
}

export interface LineHandle {
  view: EditorView;
  setDoc(text: string): void;
  setProblem(problem: LineProblem | null): void;
  configure(attrs: ContentAttrs): void;
  destroy(): void;
}

const setMark = StateEffect.define<LineProblem | null>();

/** A problem at the very end of the text has nothing to wrap: a one-column marker stands there instead. */
class EndMark extends WidgetType {
  constructor(
    readonly className: string,
    readonly attributes: Record<string, string>,
  ) {
    super();
  }
  override eq(other: EndMark) {
    return other.className === this.className && JSON.stringify(other.attributes) === JSON.stringify(this.attributes);
  }
  toDOM() {
    const span = document.createElement('span');
    span.className = this.className;
    for (const [name, value] of Object.entries(this.attributes)) span.setAttribute(name, value);
    span.textContent = ' ';
    return span;
  }
}

function markFor(problem: LineProblem | null, length: number): DecorationSet {
  if (!problem) return Decoration.none;
  const from = Math.min(problem.from, length);
  const to = Math.min(Math.max(problem.to, from), length);
  const attributes = problem.markAttributes ?? {};
  const range: Range<Decoration> =
    to > from
      ? Decoration.mark({ class: problem.markClass, attributes }).range(from, to)
      : Decoration.widget({ widget: new EndMark(`${problem.markClass ?? ''} is-end`.trim(), attributes), side: 1 }).range(from);
  return Decoration.set([range]);
}

const problemMarks = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    for (const effect of tr.effects) if (effect.is(setMark)) return markFor(effect.value, tr.state.doc.length);
    return marks.map(tr.changes);
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** Line breaks typed or pasted become spaces: a filter is one line, and the positions stay the same. */
const oneLine = EditorState.transactionFilter.of((tr) =>
  tr.newDoc.lines > 1 ? [tr, { changes: { from: 0, to: tr.newDoc.length, insert: tr.newDoc.sliceString(0, undefined, ' ') }, sequential: true }] : tr,
);

export function mountLine(parent: HTMLElement, options: LineOptions): LineHandle {
  const attrs = new Compartment();
  let last = options.doc;
  const run = () => {
    options.onEnter();
    return true;
  };
  const source = (context: CompletionContext): CompletionResult | null => {
    const found = options.complete?.(context.state.doc.toString(), context.pos);
    // Nothing typed yet: only an explicit request (Ctrl-Space) opens the list.
    if (!found || (found.from === context.pos && !context.explicit)) return null;
    return { from: found.from, options: found.options, validFor: /^[\w$.:-]*$/ };
  };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        escapeKeymap,
        Prec.high(
          keymap.of([
            { key: 'Enter', run },
            { key: 'Mod-Enter', run },
          ]),
        ),
        oneLine,
        history(),
        drawSelection(),
        EditorView.lineWrapping,
        placeholder(options.placeholder),
        problemMarks,
        autocompletion({ override: [source], icons: false }),
        appTheme,
        attrs.of(contentAttributes(options)),
        keymap.of([...historyKeymap, ...baseKeymap]),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged || update.transactions.some((tr) => tr.annotation(fromProps))) return;
          last = update.state.doc.toString();
          options.onChange(last);
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
    setProblem(problem) {
      const length = view.state.doc.length;
      const diagnostics = problem
        ? [
            {
              from: Math.min(problem.from, length),
              to: Math.min(Math.max(problem.to, problem.from), length),
              severity: 'error' as const,
              message: problem.message,
            },
          ]
        : [];
      view.dispatch(setDiagnostics(view.state, diagnostics), { effects: setMark.of(problem) });
    },
    configure: (next) => view.dispatch({ effects: attrs.reconfigure(contentAttributes(next)) }),
    destroy: () => view.destroy(),
  };
}
