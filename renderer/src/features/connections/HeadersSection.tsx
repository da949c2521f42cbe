import type { ConnectionView } from '../../../../shared/contract';
import { CrossIcon, PlusIcon } from '../../ui/icons';
import { hasSavedValue, headerReentry, isSecretRow, newHeaderRow, type HeaderRow } from './formModel';
import type { SectionProps } from './formTypes';

/**
 * Extra request headers sent with every call of this connection. Those named like credentials
 * (Authorization, Cookie, X-Api-Key, …token, …key, …session) are secrets: main keeps their values
 * encrypted with the connection's secret, bound to its origin, and the form can only replace them.
 */
export function HeadersSection({ form, update, errors, ids, saved }: SectionProps & { saved: ConnectionView | null }) {
  const setRow = (key: number, patch: Partial<HeaderRow>) =>
    update({ extraHeaders: form.extraHeaders.map((row) => (row.key === key ? { ...row, ...patch } : row)) });
  return (
    <fieldset className="form-section">
      <legend>Extra headers</legend>
      {form.extraHeaders.length === 0 && (
        <p className="muted small">
          No extra headers. Headers named like credentials (Authorization, Cookie, X-Api-Key, or with token, key, secret, auth, password or session in the name)
          are stored encrypted, like the secret above.
        </p>
      )}
      {form.extraHeaders.map((row, index) => {
        const nameError = errors[`header.${row.key}.name`];
        const valueError = errors[`header.${row.key}.value`];
        const error = nameError ?? valueError;
        const secret = isSecretRow(row);
        const savedValue = hasSavedValue(row);
        const reentry = secret ? headerReentry(form, row, saved) : null;
        const hintId = `${ids}-header-${row.key}-hint`;
        const hint = !secret ? null : reentry ? (
          <span className="field-warning" data-testid="header-reentry">
            The saved value was saved for <span className="mono">{reentry.savedFor}</span>. Enter it again to send it to{' '}
            <span className="mono">{reentry.target}</span>.
          </span>
        ) : savedValue && row.value === '' ? (
          'Saved encrypted; never shown. Type a new value to replace it.'
        ) : (
          'A credential: stored encrypted, never shown again.'
        );
        const placeholder = !secret ? 'value' : reentry ? 'Enter it again' : savedValue ? '•••• saved — type to replace' : 'secret value';
        return (
          <div
            key={row.key}
            className={`header-row${error ? ' field-invalid' : ''}${secret ? ' header-row-secret' : ''}`}
            data-testid="header-row"
            data-secret={secret}
            data-state={!secret ? 'plain' : row.value ? 'typed' : reentry ? 'reenter' : savedValue ? 'saved' : 'empty'}
          >
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
              aria-describedby={error ? `${ids}-header-${row.key}-error` : hint ? hintId : undefined}
              type={secret ? 'password' : 'text'}
              autoComplete={secret ? 'new-password' : 'off'}
              placeholder={placeholder}
              spellCheck={false}
              value={row.value}
              onChange={(e) => setRow(row.key, { value: e.target.value })}
            />
            <button
              type="button"
              className="button button-icon"
              aria-label={`Remove extra header ${index + 1}`}
              title="Remove"
              onClick={() => update({ extraHeaders: form.extraHeaders.filter((r) => r.key !== row.key) })}
            >
              <CrossIcon />
            </button>
            {error ? (
              <div className="field-error header-row-error" id={`${ids}-header-${row.key}-error`} role="alert" data-testid="field-error">
                {error}
              </div>
            ) : (
              hint && (
                <div className="field-hint header-row-hint" id={hintId}>
                  {hint}
                </div>
              )
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
