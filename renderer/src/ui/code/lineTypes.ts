/** The one-line editor's plain data (no CodeMirror import: features build these without loading it). */

/** Something wrong in the text, marked from `from` to `to` (equal: a marker at that point). */
export interface LineProblem {
  from: number;
  to: number;
  message: string;
  /** Class and attributes of the mark over the span (e.g. a test id and the offsets). */
  markClass?: string;
  markAttributes?: Record<string, string>;
}

/** Completions for the word that starts at `from`. */
export interface LineCompletions {
  from: number;
  options: { label: string; detail?: string; info?: string }[];
}
