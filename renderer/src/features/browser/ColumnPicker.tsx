import { useId, useRef, useState } from 'react';
import { useFocusScope } from '../../ui/focus';
import { COUNT_SUFFIX } from '../../scim';
import type { AttributeChoice } from './columns';

interface ColumnPickerProps {
  choices: readonly AttributeChoice[];
  selected: readonly string[];
  onChange: (paths: string[]) => void;
  onReset: () => void;
  isDefault: boolean;
}

/** Which attributes are columns, from the type's schemas; the order is the order they were picked. */
export function ColumnPicker(props: ColumnPickerProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  return (
    <div className="column-picker">
      <button
        ref={toggleRef}
        type="button"
        className="button"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((o) => !o)}
        data-testid="column-picker-toggle"
      >
        Columns ({props.selected.length})
      </button>
      {open && <ColumnPickerPanel {...props} id={panelId} onClose={() => setOpen(false)} returnFocus={() => toggleRef.current} />}
    </div>
  );
}

/** The open popover: focus moves to its first control, Escape or Done close it, focus goes back to the toggle. */
function ColumnPickerPanel({
  id,
  choices,
  selected,
  onChange,
  onReset,
  isDefault,
  onClose,
  returnFocus,
}: ColumnPickerProps & { id: string; onClose: () => void; returnFocus: () => HTMLElement | null }) {
  const scopeRef = useFocusScope<HTMLDivElement>({ onDismiss: onClose, initialFocus: 'first', returnFocus });
  const groups = [...new Set(choices.map((c) => c.group))];
  // Columns the schema does not list (a default on a server without Schemas) stay choosable.
  const extra = selected.filter((p) => !choices.some((c) => c.path === p));
  const toggle = (path: string, on: boolean) => onChange(on ? [...selected, path] : selected.filter((p) => p !== path));
  return (
    <div ref={scopeRef} id={id} className="column-picker-panel" data-testid="column-picker" role="group" aria-label="Columns">
      <div className="column-picker-actions">
        <button type="button" className="button" disabled={isDefault} onClick={onReset}>
          Reset to defaults
        </button>
        <button type="button" className="button" onClick={onClose}>
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
  );
}
