import { CrossIcon, PlusIcon } from '../../ui/icons';
import { newHeaderRow, type HeaderRow } from './formModel';
import type { SectionProps } from './formTypes';

/** Extra request headers sent with every call of this connection (not secret-protected: don't put credentials here). */
export function HeadersSection({ form, update, errors, ids }: SectionProps) {
  const setRow = (key: number, patch: Partial<HeaderRow>) => update({ extraHeaders: form.extraHeaders.map((row) => (row.key === key ? { ...row, ...patch } : row)) });
  return (
    <fieldset className="form-section">
      <legend>Extra headers</legend>
      {form.extraHeaders.length === 0 && <p className="muted small">No extra headers. They are stored as plain settings, so put credentials in Authentication instead.</p>}
      {form.extraHeaders.map((row, index) => {
        const nameError = errors[`header.${row.key}.name`];
        const valueError = errors[`header.${row.key}.value`];
        const error = nameError ?? valueError;
        return (
          <div key={row.key} className={`header-row${error ? ' field-invalid' : ''}`} data-testid="header-row">
            <input
              className="input mono"
              aria-label={`Extra header ${index + 1} name`}
              aria-invalid={nameError ? true : undefined}
              aria-describedby={error ? `${ids}-header-${row.key}-error` : undefined}
              placeholder="Header-Name"
              spellCheck={false}
              value={row.name}
              onChange={(e) => setRow(row.key, { name: e.target.value })}
            />
            <input
              className="input mono"
              aria-label={`Extra header ${index + 1} value`}
              aria-invalid={valueError ? true : undefined}
              placeholder="value"
              spellCheck={false}
              value={row.value}
              onChange={(e) => setRow(row.key, { value: e.target.value })}
            />
            <button type="button" className="button button-icon" aria-label={`Remove extra header ${index + 1}`} title="Remove" onClick={() => update({ extraHeaders: form.extraHeaders.filter((r) => r.key !== row.key) })}>
              <CrossIcon />
            </button>
            {error && (
              <div className="field-error header-row-error" id={`${ids}-header-${row.key}-error`} role="alert" data-testid="field-error">
                {error}
              </div>
            )}
          </div>
        );
      })}
      {errors.extraHeaders && (
        <div className="field-error" role="alert" data-testid="field-error">
          {errors.extraHeaders}
        </div>
      )}
      <button type="button" className="button button-subtle" onClick={() => update({ extraHeaders: [...form.extraHeaders, newHeaderRow()] })}>
        <PlusIcon /> Add header
      </button>
    </fieldset>
  );
}
