import type { PatchDialect } from '../../../shared/patch';
import { dialectLabels } from '../scim';
import { choicesOf, Select } from './Select';

/** The PATCH dialect picker: how the same operations are written for RFC, Entra or Okta servers. */
export function DialectSelect({ value, onChange, disabled }: { value: PatchDialect; onChange: (dialect: PatchDialect) => void; disabled?: boolean }) {
  return (
    <label className="inline-field">
      Dialect
      <Select value={value} choices={choicesOf(dialectLabels)} onChange={onChange} aria-label="PATCH dialect" disabled={disabled} />
    </label>
  );
}
