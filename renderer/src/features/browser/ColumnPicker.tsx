import { useState } from 'react';
import { COUNT_SUFFIX, type AttributeChoice } from './columns';

/** Which attributes are columns, from the type's schemas; the order is the order they were picked. */
export function ColumnPicker({
  choices,
  selected,
  onChange,
  onReset,
  isDefault,
}: {
  choices: readonly AttributeChoice[];
  selected: readonly string[];
  onChange: (paths: string[]) => void;
  onReset: () => void;
  isDefault: boolean;
}) {
  const [open, setOpen] = useState(false);
  const groups = [...new Set(choices.map((c) => c.group))];
  // Columns the schema does not list (a default on a server without Schemas) stay choosable.
  const extra = selected.filter((p) => !choices.some((c) => c.path === p));
  const toggle = (path: string, on: boolean) => onChange(on ? [...selected, path] : selected.filter((p) => p !== path));
  return (
    <div className="column-picker">
      <button type="button" className="button" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="column-picker-toggle">
        Columns ({selected.length})
      </button>
      {open && (
        <div className="column-picker-panel" data-testid="column-picker" role="group" aria-label="Columns">
          <div className="column-picker-actions">
            <button type="button" className="button" disabled={isDefault} onClick={onReset}>
              Reset to defaults
            </button>
            <button type="button" className="button" onClick={() => setOpen(false)}>
              Done
            </button>
          </div>
          {extra.length > 0 && (
            <fieldset>
              <legend>Shown</legend>
              {extra.map((path) => (
                <label key={path} className="column-choice">
                  <input type="checkbox" checked onChange={() => toggle(path, false)} />
                  <span className="mono">{path}</span>
                </label>
              ))}
            </fieldset>
          )}
          {groups.map((group) => (
            <fieldset key={group}>
              <legend>{group}</legend>
              {choices
                .filter((c) => c.group === group)
                .map((c) => (
                  <label key={c.path} className="column-choice" title={c.path}>
                    <input type="checkbox" checked={selected.includes(c.path)} onChange={(e) => toggle(c.path, e.target.checked)} />
                    <span className="mono">{c.path.startsWith('urn:') || c.path.endsWith(COUNT_SUFFIX) ? c.label : c.path}</span>
                  </label>
                ))}
            </fieldset>
          ))}
        </div>
      )}
    </div>
  );
}
