import { useEffect, useLayoutEffect, useRef } from 'react';
import type { AttributeEntry } from '../../../../shared/filter';
import { CodeFallback } from '../../ui/code/CodeFallback';
import { useCodeMirror } from '../../ui/code/useCodeMirror';
import { attributeCompletions, filterProblem } from './filterText';
import type { FilterTextError } from './useFilterEditor';

interface FilterTextEditorProps {
  text: string;
  error: FilterTextError | null;
  /** The attributes the picker offers (the server's schema for this resource type): completed as typed. */
  attributes: readonly AttributeEntry[];
  onChange: (text: string) => void;
  /** Enter (or Ctrl/Cmd+Enter). */
  onRun: () => void;
}

const LABEL_ID = 'filter-text-label';
const ERROR_ID = 'filter-text-error';
const PLACEHOLDER = 'e.g. userName sw "a" and active eq true';

/**
 * The filter as one line of CodeMirror. A parse error is marked where it is (the parser's position,
 * as a lint diagnostic whose tooltip says what was expected); attribute names complete from the schema.
 */
export function FilterTextEditor({ text, error, attributes, onChange, onRun }: FilterTextEditorProps) {
  // The editor is made once; these reach it through the ref as they change.
  const latest = useRef({ onChange, onRun, attributes });
  useLayoutEffect(() => {
    latest.current = { onChange, onRun, attributes };
  });
  const { host, handle, state } = useCodeMirror((cm, parent) =>
    cm.mountLine(parent, {
      doc: text,
      label: 'Filter text',
      labelledBy: LABEL_ID,
      placeholder: PLACEHOLDER,
      onChange: (next) => latest.current.onChange(next),
      onEnter: () => latest.current.onRun(),
      complete: (current, pos) => attributeCompletions(current, pos, latest.current.attributes),
    }),
  );
  // In this order: the text first (a tree edit rewrites it), then the error found in that text.
  useEffect(() => handle?.setDoc(text), [handle, text]);
  useEffect(() => handle?.setProblem(filterProblem(error, text.length)), [handle, error, text]);
  const invalid = error !== null;
  useEffect(() => handle?.configure({ label: 'Filter text', labelledBy: LABEL_ID, invalid, describedBy: invalid ? ERROR_ID : undefined }), [handle, invalid]);

  return (
    <div className="filter-text" data-testid="filter-text" data-state={invalid ? 'invalid' : 'valid'}>
      <span className="field-label" id={LABEL_ID}>
        Filter text <span className="muted">(RFC 7644 §3.4.2.2; Enter runs it, Ctrl+Space lists attributes)</span>
      </span>
      <div className="code-box code-filter" data-testid="filter-text-input" data-state={state} data-invalid={invalid || undefined}>
        {state !== 'ready' && <CodeFallback text={text || PLACEHOLDER} failed={state === 'error'} />}
        <div ref={host} className="code-host" />
      </div>
      {error && (
        <p className="filter-text-error" id={ERROR_ID} role="alert" data-testid="filter-parse-error" data-position={error.position}>
          {error.message}. The builder below shows the last filter that parsed.
        </p>
      )}
    </div>
  );
}
