import { useEffect, useLayoutEffect, useRef } from 'react';
import { CodeFallback } from './CodeFallback';
import { useCodeMirror } from './useCodeMirror';

export interface JsonEditorProps {
  value: string;
  onChange: (text: string) => void;
  /** The accessible name of the editable element. */
  label: string;
  /** On the wrapper; the editable element inside is `.cm-content`. */
  testId: string;
  invalid?: boolean;
  disabled?: boolean;
  /** Sizing for the place it is in (code.css): e.g. `code-fill` to take the space left. */
  className?: string;
  /** Mark JSON syntax errors as typed (default on). */
  lint?: boolean;
}

/**
 * Editable JSON in CodeMirror (line numbers, folding, bracket matching, Ctrl/Cmd-F search, undo,
 * syntax errors marked where they are), loaded on first use; until then the text shows as it is.
 */
export function JsonEditor({ value, onChange, label, testId, invalid, disabled, className, lint = true }: JsonEditorProps) {
  const onChangeRef = useRef(onChange);
  useLayoutEffect(() => {
    onChangeRef.current = onChange;
  });
  const { host, handle, state } = useCodeMirror((cm, parent) =>
    cm.mountJson(parent, { doc: value, editable: true, lint, label, invalid, disabled, onChange: (text) => onChangeRef.current(text) }),
  );
  useEffect(() => handle?.setDoc(value), [handle, value]);
  useEffect(() => handle?.configure({ label, invalid, disabled, editable: true, lint }), [handle, label, invalid, disabled, lint]);

  return (
    <div
      className={className ? `code-box ${className}` : 'code-box'}
      data-testid={testId}
      data-state={state}
      data-invalid={invalid || undefined}
      data-disabled={disabled || undefined}
    >
      {state !== 'ready' && <CodeFallback text={value} failed={state === 'error'} />}
      <div ref={host} className="code-host" />
    </div>
  );
}
