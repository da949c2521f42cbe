import { describedBy, Field } from '../../ui/Field';
import type { Reentry } from './formModel';
import type { SectionProps } from './formTypes';
import { authTypeLabels } from './labels';
import { SecretField } from './SecretField';
import { choicesOf, Select } from '../../ui/Select';

export function AuthSection(props: SectionProps & { hasSecret: boolean; reentry: Reentry | null }) {
  const { form, update, errors, ids } = props;
  const text = (
    key: 'username' | 'headerName' | 'tokenUrl' | 'clientId' | 'scope',
    errorKey: string,
    label: string,
    extra?: { placeholder?: string; hint?: string; mono?: boolean },
  ) => {
    const id = `${ids}-${key}`;
    return (
      <Field id={id} label={label} error={errors[errorKey]} hint={extra?.hint}>
        <input
          {...describedBy(id, errors[errorKey], Boolean(extra?.hint))}
          className={extra?.mono ? 'input mono' : 'input'}
          value={form[key]}
          placeholder={extra?.placeholder}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => update({ [key]: e.target.value })}
        />
      </Field>
    );
  };
  return (
    <fieldset className="form-section">
      <legend>Authentication</legend>
      <Field id={`${ids}-auth-type`} label="Authentication type" error={errors['auth.type']}>
        <Select
          {...describedBy(`${ids}-auth-type`, errors['auth.type'])}
          value={form.authType}
          choices={choicesOf(authTypeLabels)}
          onChange={(authType) => update({ authType })}
        />
      </Field>
      {form.authType === 'basic' && text('username', 'auth.username', 'Username')}
      {form.authType === 'header' && text('headerName', 'auth.headerName', 'Header name', { placeholder: 'X-API-Key', mono: true })}
      {form.authType === 'oauth2' && (
        <>
          {text('tokenUrl', 'auth.tokenUrl', 'Token URL', { placeholder: 'https://login.example.com/oauth2/token', mono: true })}
          {text('clientId', 'auth.clientId', 'Client ID', { mono: true })}
          {text('scope', 'auth.scope', 'Scope', { hint: 'Optional; space-separated.' })}
        </>
      )}
      <SecretField {...props} />
    </fieldset>
  );
}
