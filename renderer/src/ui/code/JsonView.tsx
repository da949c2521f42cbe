import { useEffect } from 'react';
import { CodeFallback } from './CodeFallback';
import { useCodeMirror } from './useCodeMirror';

export interface JsonViewProps {
  value: string;
  label: string;
  /** On the wrapper, whose data-state turns "ready" once the first lines are drawn. */
  testId?: string;
  /** Sizing for the place it is in (code.css). */
  className?: string;
  /** Mark where the text stops being JSON (e.g. a body the journal cut); off for text known to parse. */
  lint?: boolean;
  /** False for a text that is not JSON: shown plain. */
  json?: boolean;
}

/**
 * Read-only JSON in CodeMirror: line numbers, folding, bracket matching and Ctrl/Cmd-F search, and
 * focusable for the keyboard. CodeMirror draws only the lines in view, so a 5 MB body opens fast.
 */
export function JsonView({ value, label, testId, className, lint = false, json = true }: JsonViewProps) {
  const { host, handle, state } = useCodeMirror((cm, parent) => cm.mountJson(parent, { doc: value, editable: false, lint, json, label }));
  useEffect(() => handle?.setDoc(value), [handle, value]);
  useEffect(() => handle?.configure({ label, editable: false, lint, json }), [handle, label, lint, json]);

  return (
    <div className={className ? `code-box is-view ${className}` : 'code-box is-view'} data-testid={testId} data-state={state}>
      {state !== 'ready' && <CodeFallback text={value} failed={state === 'error'} />}
      <div ref={host} className="code-host" />
    </div>
  );
}
