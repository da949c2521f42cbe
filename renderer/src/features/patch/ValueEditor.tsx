import type { ScimAttributeDef } from '../../../../shared/contract';
import { singular } from '../../lib/words';
import { JsonEditor } from '../../ui/code/JsonEditor';
import { Select } from '../../ui/Select';
import { isObject } from '../../scim';
import { fitsShape, scalarFromText, valueText, withKey, type ValueShape } from './model';

export interface ValueEditorProps {
  /** For labels and ids: the operation's position. */
  index: number;
  shape: ValueShape;
  mode: 'form' | 'json';
  text: string;
  onChange: (text: string) => void;
  onMode: (mode: 'form' | 'json') => void;
}

const parse = (text: string): { ok: boolean; value: unknown } => {
  if (!text.trim()) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, value: undefined };
  }
};

/** The operation's value: a form for the attribute's type (string, boolean, number, complex, a list of them) or raw JSON. */
export function ValueEditor({ index, shape, mode, text, onChange, onMode }: ValueEditorProps) {
  const parsed = parse(text);
  const formable = shape.kind !== 'json' && parsed.ok && (parsed.value === undefined || fitsShape(parsed.value, shape));
  const showForm = mode === 'form' && formable;
  const set = (value: unknown) => onChange(valueText(value));
  const label = `Value of operation ${index + 1}`;

  return (
    <div className="patch-value" data-testid="patch-value" data-mode={showForm ? 'form' : 'json'}>
      <div className="patch-value-head">
        <span className="patch-value-title">Value</span>
        <div className="patch-seg" role="group" aria-label="Value editor">
          <button
            type="button"
            className={showForm ? 'patch-seg-btn is-active' : 'patch-seg-btn'}
            aria-pressed={showForm}
            disabled={!formable}
            onClick={() => onMode('form')}
            title={formable ? 'Edit in a form' : shape.kind === 'json' ? shape.reason : 'The value does not fit the attribute: edit it as JSON'}
          >
            Form
          </button>
          <button type="button" className={!showForm ? 'patch-seg-btn is-active' : 'patch-seg-btn'} aria-pressed={!showForm} onClick={() => onMode('json')}>
            JSON
          </button>
        </div>
        {shape.kind !== 'json' && <span className="muted patch-type-hint">{describeShape(shape)}</span>}
        {mode === 'form' && !formable && <span className="muted">{shape.kind === 'json' ? shape.reason : 'Not in the attribute’s shape: shown as JSON.'}</span>}
      </div>
      {showForm ? (
        <ShapeForm shape={shape} value={parsed.value} onChange={set} label={label} />
      ) : (
        <JsonEditor value={text} onChange={onChange} label={label} testId="patch-value-json" invalid={!parsed.ok} className="code-value" />
      )}
    </div>
  );
}

function describeShape(shape: Exclude<ValueShape, { kind: 'json' }>): string {
  const a = shape.attr;
  if (shape.kind === 'list') return `a list of ${a.type === 'complex' ? `{${(a.subAttributes ?? []).map((s) => s.name).join(', ')}}` : a.type}`;
  return `${a.type}${a.mutability !== 'readWrite' ? `, ${a.mutability}` : ''}`;
}

/** One value's input: what it is, its value, and its accessible name. */
type InputProps<V = unknown> = { attr: ScimAttributeDef; value: V; onChange: (value: unknown) => void; label: string };

function ShapeForm({ shape, value, onChange, label }: Omit<InputProps, 'attr'> & { shape: Exclude<ValueShape, { kind: 'json' }> }) {
  const attr = shape.attr;
  if (shape.kind === 'scalar') return <ScalarInput attr={attr} value={value} onChange={onChange} label={label} />;
  if (shape.kind === 'complex') return <ComplexFields attr={attr} value={isObject(value) ? value : {}} onChange={onChange} label={label} />;
  const list = Array.isArray(value) ? value : [];
  const blank = attr.type === 'complex' ? {} : '';
  return (
    <div className="patch-list">
      {list.map((entry, i) => (
        <div className="patch-list-entry" key={i}>
          {attr.type === 'complex' ? (
            <ComplexFields
              attr={attr}
              value={isObject(entry) ? entry : {}}
              onChange={(v) => onChange(list.map((e, j) => (j === i ? v : e)))}
              label={`${label} [${i}]`}
            />
          ) : (
            <ScalarInput attr={attr} value={entry} onChange={(v) => onChange(list.map((e, j) => (j === i ? (v ?? '') : e)))} label={`${label} [${i}]`} />
          )}
          <button type="button" className="button button-subtle" aria-label={`Remove entry ${i + 1}`} onClick={() => onChange(list.filter((_, j) => j !== i))}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="button button-subtle patch-add-entry" onClick={() => onChange([...list, blank])}>
        Add {singular(attr.name)}
      </button>
    </div>
  );
}

function ComplexFields({ attr, value, onChange, label }: InputProps<Record<string, unknown>>) {
  const subs = attr.subAttributes ?? [];
  const keyFor = (name: string) => Object.keys(value).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
  const extra = Object.keys(value).filter((k) => !subs.some((s) => s.name.toLowerCase() === k.toLowerCase()));
  return (
    <div className="patch-complex">
      {subs.map((sub) => (
        <label key={sub.name} className="patch-sub">
          <span className="patch-sub-name">
            {sub.name}
            {sub.mutability === 'readOnly' && <span className="muted"> (read-only)</span>}
          </span>
          <ScalarInput attr={sub} value={value[keyFor(sub.name)]} onChange={(v) => onChange(withKey(value, sub.name, v))} label={`${label} ${sub.name}`} />
        </label>
      ))}
      {extra.length > 0 && <p className="muted">Also: {extra.join(', ')} (not in the schema; edit as JSON)</p>}
    </div>
  );
}

function ScalarInput({ attr, value, onChange, label }: InputProps) {
  if (attr.type === 'boolean') {
    return (
      <Select
        className="input patch-scalar"
        aria-label={label}
        value={value === true ? 'true' : value === false ? 'false' : ''}
        choices={['true', 'false']}
        onChange={(next) => onChange(next === '' ? undefined : next === 'true')}
      >
        <option value="">(unset)</option>
      </Select>
    );
  }
  if (attr.type === 'complex') return <span className="muted">complex: edit as JSON</span>;
  const listId = attr.canonicalValues?.length ? `patch-canonical-${label.replace(/\W+/g, '-')}` : undefined;
  const numeric = attr.type === 'integer' || attr.type === 'decimal';
  return (
    <>
      <input
        className="input patch-scalar"
        aria-label={label}
        inputMode={numeric ? 'decimal' : undefined}
        list={listId}
        value={value === undefined || value === null ? '' : typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value)}
        onChange={(e) => onChange(scalarFromText(e.target.value, attr.type))}
        placeholder={attr.type === 'dateTime' ? '2024-01-31T12:00:00Z' : attr.type}
      />
      {listId && (
        <datalist id={listId}>
          {attr.canonicalValues!.map((v) => (
            <option key={v} value={v} />
          ))}
        </datalist>
      )}
    </>
  );
}
