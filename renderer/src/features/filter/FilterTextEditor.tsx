import type { KeyboardEvent } from 'react';
import type { FilterTextError } from './useFilterEditor';

interface FilterTextEditorProps {
  text: string;
  error: FilterTextError | null;
  onChange: (text: string) => void;
  /** Ctrl/Cmd+Enter. */
  onRun: () => void;
}

/**
 * The filter as text. A parse error is underlined where it is: a mirror of the text sits under the
 * (transparent) textarea with the offending span marked, so the marks line up with the letters.
 */
export function FilterTextEditor({ text, error, onChange, onRun }: FilterTextEditorProps) {
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      onRun();
    }
  };
  const span = error?.span;
  return (
    <div className="filter-text" data-testid="filter-text" data-state={error ? 'invalid' : 'valid'}>
      <label className="field-label" htmlFor="filter-text-input">
        Filter text <span className="muted">(RFC 7644 §3.4.2.2; Ctrl+Enter runs it)</span>
      </label>
      <div className="filter-text-stack">
        <pre className="filter-text-mirror mono" aria-hidden="true">
          {span ? (
            <>
              {text.slice(0, span.start)}
              <mark className={span.end > span.start ? 'filter-error-mark' : 'filter-error-mark is-end'} data-testid="filter-error-mark" data-start={span.start} data-end={span.end}>
                {span.end > span.start ? text.slice(span.start, span.end) : ' '}
              </mark>
              {text.slice(span.end)}
            </>
          ) : (
            text
          )}
          {'\n'}
        </pre>
        <textarea
          id="filter-text-input"
          className="filter-text-input mono"
          data-testid="filter-text-input"
          spellCheck={false}
          autoComplete="off"
          rows={2}
          placeholder='e.g. userName sw "a" and active eq true'
          value={text}
          aria-invalid={error !== null}
          aria-describedby={error ? 'filter-text-error' : undefined}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
        />
      </div>
      {error && (
        <p className="filter-text-error" id="filter-text-error" role="alert" data-testid="filter-parse-error" data-position={error.position}>
          {error.message}. The builder below shows the last filter that parsed.
        </p>
      )}
    </div>
  );
}
