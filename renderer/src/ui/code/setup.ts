/** What the JSON and one-line editors share: styles under the CSP, the keys, the aria attributes. */
import { closeCompletion } from '@codemirror/autocomplete';
import { defaultKeymap } from '@codemirror/commands';
import { closeSearchPanel } from '@codemirror/search';
import { Annotation, Prec, type Extension } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { installAdoptedStyles } from './adoptedStyles';

// Before any view is made: a view mounts its styles as it is constructed.
installAdoptedStyles();

/** Marks a transaction that came from the props (not the user), so it is not reported back. */
export const fromProps = Annotation.define<boolean>();

/**
 * Escape belongs to the app (a dialog's cancel, the detail's close) unless the editor has something
 * of its own open: then it closes that and goes no further. Hence no simplifySelection on Escape.
 */
export const escapeKeymap = Prec.highest(
  keymap.of([{ key: 'Escape', scope: 'editor search-panel', stopPropagation: true, run: (view) => closeCompletion(view) || closeSearchPanel(view) }]),
);
/** The default bindings less Escape. Tab is not bound (no indentWithTab): it moves focus on, as everywhere else. */
export const baseKeymap = defaultKeymap.filter((binding) => binding.key !== 'Escape');

export interface ContentAttrs {
  label: string;
  invalid?: boolean;
  disabled?: boolean;
  /** The id of a visible label, used instead of `label` when given. */
  labelledBy?: string;
  /** The id of what explains the current problem. */
  describedBy?: string;
}

/** aria attributes of the editable element (the one a screen reader and a test talk to). */
export function contentAttributes({ label, invalid, disabled, labelledBy, describedBy }: ContentAttrs): Extension {
  const attrs: Record<string, string> = labelledBy ? { 'aria-labelledby': labelledBy } : { 'aria-label': label };
  if (invalid) attrs['aria-invalid'] = 'true';
  if (disabled) attrs['aria-disabled'] = 'true';
  if (describedBy) attrs['aria-describedby'] = describedBy;
  return EditorView.contentAttributes.of(attrs);
}
