import type { PatchDialect } from '../../../shared/patch';
import { dialectLabels } from '../scim';

/** The PATCH dialect picker: how the same operations are written for RFC, Entra or Okta servers. */
export function DialectSelect({ value, onChange, disabled }: { value: PatchDialect; onChange: (dialect: PatchDialect) => void; disabled?: boolean }) {
  return (
    <label className="detail-dialect">
      Dialect
      <select className="input" value={value} onChange={(e) => onChange(e.target.value as PatchDialect)} aria-label="PATCH dialect" disabled={disabled}>
        {(Object.keys(dialectLabels) as PatchDialect[]).map((d) => (
          <option key={d} value={d}>
            {dialectLabels[d]}
          </option>
        ))}
      </select>
    </label>
  );
}
