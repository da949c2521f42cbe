import type { AuthType } from '../../../../shared/contract';
import { describedBy, Field } from '../../ui/Field';
import type { Reentry } from './formModel';
import type { SectionProps } from './formTypes';
import { secretLabels } from './labels';

/**
 * Write-only: the renderer only knows whether a secret is saved. Typing replaces it on save, Clear
 * removes it on save; the saved value is never shown or prefilled. A saved secret goes only to the
 * origin it was saved for: when the URL moves elsewhere (`reentry`), it must be entered again.
 */
export function SecretField({ form, update, errors, ids, hasSecret, reentry }: SectionProps & { hasSecret: boolean; reentry: Reentry | null }) {
  const label = secretLabels[form.authType as AuthType];
  if (!label) return null;
  const id = `${ids}-secret`;
  const saved = hasSecret && !form.clearSecret;
  const state = form.secret ? 'typed' : form.clearSecret ? 'clear' : reentry ? 'reenter' : saved ? 'saved' : 'empty';
  const placeholder = reentry
    ? `Enter the ${label.toLowerCase()} again`
    : saved
      ? '•••• saved — type to replace'
      : form.clearSecret
        ? 'Will be removed on save'
        : 'Not set';
  const hint = reentry ? (
    <span className="field-warning" data-testid="secret-reentry">
      The saved {label.toLowerCase()} was saved for <span className="mono">{reentry.savedFor}</span>. Enter it again to send it to{' '}
      <span className="mono">{reentry.target}</span>.
    </span>
  ) : form.secret ? (
    'The new value is sent once, when you save or test, and never shown again.'
  ) : form.clearSecret ? (
    'The saved value will be removed when you save.'
  ) : saved ? (
    'Saved values are never shown. Type a new value to replace it.'
  ) : undefined;
  return (
    <div className="secret-field" data-testid="secret-field" data-state={state}>
      <Field id={id} label={label} error={errors.secret} hint={hint}>
        <div className="input-row">
          <input
            {...describedBy(id, errors.secret, Boolean(hint))}
            className="input mono"
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            value={form.secret}
            placeholder={placeholder}
            onChange={(e) => update({ secret: e.target.value, clearSecret: false })}
          />
          {hasSecret && !form.clearSecret && (
            <button type="button" className="button" onClick={() => update({ secret: '', clearSecret: true })}>
              Clear
            </button>
          )}
          {form.clearSecret && (
            <button type="button" className="button" onClick={() => update({ clearSecret: false })}>
              Keep saved
            </button>
          )}
        </div>
      </Field>
    </div>
  );
}
