import { useId } from 'react';
import type { ScimAttributeDef, ScimResource } from '../../../../shared/contract';
import { isObject, keyOf, type SchemaSection } from '../../scim';
import { getIn, isReadOnlyAttr, isWritable } from './model';
import { ServerText } from '../../ui/ServerText';
import { singular } from '../../lib/words';
import { Select } from '../../ui/Select';

interface FormViewProps {
  resource: ScimResource;
  sections: SchemaSection[];
  /** Editing: writable simple attributes become inputs; readOnly ones are shown disabled. */
  editing: boolean;
  onChange?: (path: string[], value: unknown) => void;
  /**
   * Creating: a boolean without a value is shown as "not set" (the server decides, e.g. `active`
   * defaults to true on most servers) rather than as an unchecked box that is then not sent; once
   * set it is sent as shown, and "unset" takes it out again.
   */
  unsetBooleans?: boolean;
}

const isSimple = (attr: ScimAttributeDef) => attr.type !== 'complex';

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A read (or edit) view of a resource built from its schema: core attributes, then each extension by name. */
export function FormView({ resource, sections, editing, onChange, unsetBooleans = false }: FormViewProps) {
  if (sections.length === 0) {
    return (
      <div className="detail-form" data-testid="detail-form">
        <p className="muted">The server published no schema for this resource type: see the JSON tab.</p>
      </div>
    );
  }
  return (
    <div className="detail-form" data-testid="detail-form">
      {sections.map((section) => {
        const container = section.urn ? getIn(resource, [section.urn]) : resource;
        const root = isObject(container) ? container : {};
        const base = section.urn ? [section.urn] : [];
        // Editing offers every writable attribute (lists and complex ones too), not only those with a value.
        const shown = section.attributes.filter((a) => present(root[keyOf(root, a.name)]) || (editing && isWritable(a) && a.mutability !== 'writeOnly'));
        if (shown.length === 0 && section.urn && !editing) return null;
        return (
          <section key={section.urn ?? 'core'} className="detail-section" data-testid="detail-section" data-schema={section.urn ?? 'core'}>
            <h3 className="detail-section-title" title={section.urn}>
              {section.title}
              {section.urn && <span className="mono muted detail-urn">{section.urn}</span>}
            </h3>
            {shown.length === 0 && <p className="muted">No values.</p>}
            {shown.map((attr) => (
              <AttributeView
                key={attr.name}
                attr={attr}
                value={root[keyOf(root, attr.name)]}
                path={[...base, attr.name]}
                editing={editing}
                onChange={onChange}
                unsetBooleans={unsetBooleans}
              />
            ))}
          </section>
        );
      })}
    </div>
  );
}

const present = (value: unknown) => value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);

function ReadOnlyMark({ attr }: { attr: ScimAttributeDef }) {
  if (!isReadOnlyAttr(attr)) return null;
  return (
    <span className="detail-ro" title="readOnly: set by the server">
      read-only
    </span>
  );
}

type FieldProps = { attr: ScimAttributeDef; value: unknown; path: string[]; editing: boolean; onChange?: FormViewProps['onChange']; unsetBooleans?: boolean };

function AttributeView({ attr, value, path, editing, onChange, unsetBooleans }: FieldProps) {
  const label = path.filter((p) => !p.includes(':')).join('.');
  if (attr.multiValued && editing && onChange && !isReadOnlyAttr(attr) && !/^members$/i.test(attr.name)) {
    return <MultiValuedField attr={attr} value={value} path={path} label={label} onChange={onChange} />;
  }
  if (attr.multiValued) {
    const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
    return (
      <div className="detail-attr detail-multi" data-attr={label}>
        <span className="detail-label">
          {attr.name} <ReadOnlyMark attr={attr} />
          {editing && /^members$/i.test(attr.name) && <span className="muted detail-note">change members in the Members tab</span>}
        </span>
        <ul className="compact-list">
          {items.map((item, i) => (
            <li key={i} className="mono">
              {isObject(item)
                ? Object.entries(item)
                    .map(([k, v]) => `${k}: ${text(v)}`)
                    .join(' · ')
                : text(item)}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  if (!isSimple(attr)) {
    const object = isObject(value) ? value : {};
    const subs = attr.subAttributes ?? [];
    const known = new Set(subs.map((s) => s.name.toLowerCase()));
    const extra = Object.keys(object).filter((k) => !known.has(k.toLowerCase()));
    return (
      <fieldset className="detail-complex" data-attr={label}>
        <legend>
          {attr.name} <ReadOnlyMark attr={attr} />
        </legend>
        {subs
          .filter((s) => present(object[keyOf(object, s.name)]) || (editing && isWritable(s) && isWritable(attr) && !s.multiValued && s.type !== 'complex'))
          .map((sub) => (
            <AttributeView
              key={sub.name}
              attr={isReadOnlyAttr(attr) ? { ...sub, mutability: 'readOnly' } : sub}
              value={object[keyOf(object, sub.name)]}
              path={[...path, sub.name]}
              editing={editing}
              onChange={onChange}
              unsetBooleans={unsetBooleans}
            />
          ))}
        {extra.map((k) => (
          <div key={k} className="detail-attr">
            <span className="detail-label">{k}</span>
            <span className="mono">{text(object[k])}</span>
          </div>
        ))}
      </fieldset>
    );
  }
  return <SimpleField attr={attr} value={value} path={path} label={label} editing={editing} onChange={onChange} unsetBooleans={unsetBooleans} />;
}

function SimpleField({ attr, value, path, label, editing, onChange, unsetBooleans }: FieldProps & { label: string }) {
  const id = useId();
  const readOnly = isReadOnlyAttr(attr);
  if (!editing) {
    return (
      <div className="detail-attr" data-attr={label}>
        <span className="detail-label">
          {attr.name} <ReadOnlyMark attr={attr} />
        </span>
        <span className="mono detail-value" data-testid="detail-value" title={attr.description}>
          {attr.type === 'boolean' && typeof value === 'boolean' ? value ? 'true' : 'false' : <ServerText value={text(value)} />}
        </span>
      </div>
    );
  }
  const disabled = readOnly || !onChange;
  const change = (next: unknown) => onChange?.(path, next);
  let control;
  if (attr.type === 'boolean' && unsetBooleans) {
    const unset = typeof value !== 'boolean';
    control = (
      <span className="detail-boolean" data-testid="boolean-field" data-state={unset ? 'unset' : String(value)}>
        <input
          id={id}
          type="checkbox"
          aria-label={label}
          checked={value === true}
          ref={(el) => {
            if (el) el.indeterminate = unset;
          }}
          disabled={disabled}
          onChange={(e) => change(e.target.checked)}
        />
        {unset ? (
          <span className="muted">not set: not sent, the server decides</span>
        ) : (
          <>
            <span className="muted">{value ? 'true' : 'false'}: sent</span>
            {!disabled && (
              <button type="button" className="link-button" aria-label={`Unset ${label}`} onClick={() => change(undefined)}>
                unset
              </button>
            )}
          </>
        )}
      </span>
    );
  } else if (attr.type === 'boolean') {
    control = <input id={id} type="checkbox" aria-label={label} checked={value === true} disabled={disabled} onChange={(e) => change(e.target.checked)} />;
  } else if (attr.canonicalValues && attr.canonicalValues.length > 0) {
    const current = text(value);
    const options = attr.canonicalValues.includes(current) || current === '' ? attr.canonicalValues : [current, ...attr.canonicalValues];
    control = (
      <Select id={id} aria-label={label} value={current} choices={options} disabled={disabled} onChange={(v) => change(v === '' ? undefined : v)}>
        <option value="">(none)</option>
      </Select>
    );
  } else {
    const numeric = attr.type === 'integer' || attr.type === 'decimal';
    control = (
      <input
        id={id}
        className="input mono"
        aria-label={label}
        type={numeric ? 'number' : 'text'}
        value={text(value)}
        disabled={disabled}
        title={attr.description}
        onChange={(e) => {
          const raw = e.target.value;
          if (raw === '') change(undefined);
          else if (numeric && raw.trim() !== '' && !Number.isNaN(Number(raw))) change(Number(raw));
          else change(raw);
        }}
      />
    );
  }
  return (
    <div className={attr.type === 'boolean' ? 'detail-attr detail-check' : 'detail-attr'} data-attr={label}>
      <label className="detail-label" htmlFor={id}>
        {attr.name} <ReadOnlyMark attr={attr} />
      </label>
      {control}
    </div>
  );
}

/**
 * A multi-valued attribute as a list of entries: each complex entry a small form of its sub-attributes,
 * each simple one an input; entries can be added and removed. Marking one entry primary unmarks the others
 * (RFC 7643 §2.4: at most one primary).
 */
function MultiValuedField({
  attr,
  value,
  path,
  label,
  onChange,
}: Pick<FieldProps, 'attr' | 'value' | 'path'> & { label: string; onChange: NonNullable<FieldProps['onChange']> }) {
  const items: unknown[] = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const complex = !isSimple(attr);
  const subs = (attr.subAttributes ?? []).filter((s) => s.type !== 'complex' && !s.multiValued && !isReadOnlyAttr(s));
  const commit = (next: unknown[]) => onChange(path, next.length ? next : undefined);
  const setItem = (index: number, next: unknown) => commit(items.map((item, j) => (j === index ? next : item)));
  const setSub = (index: number, sub: string, next: unknown) => {
    const entry = isObject(items[index]) ? { ...(items[index] as Record<string, unknown>) } : {};
    const key = keyOf(entry, sub);
    if (next === undefined) delete entry[key];
    else entry[key] = next;
    let updated = items.map((item, j) => (j === index ? entry : item));
    if (sub.toLowerCase() === 'primary' && next === true) {
      updated = updated.map((item, j) =>
        j !== index && isObject(item) && item[keyOf(item, 'primary')] === true ? { ...item, [keyOf(item, 'primary')]: false } : item,
      );
    }
    commit(updated);
  };
  return (
    <fieldset className="detail-complex detail-multi-edit" data-attr={label}>
      <legend>{attr.name}</legend>
      {items.length === 0 && <p className="muted">No values.</p>}
      {items.map((item, i) => (
        <div key={i} className="detail-multi-item" data-testid="multi-item">
          {complex && isObject(item) ? (
            subs.map((sub) => (
              <SimpleField
                key={sub.name}
                attr={sub}
                value={item[keyOf(item, sub.name)]}
                path={[sub.name]}
                label={`${label}[${i}].${sub.name}`}
                editing
                onChange={(_, next) => setSub(i, sub.name, next)}
              />
            ))
          ) : complex ? (
            <span className="mono">{text(item)}</span>
          ) : (
            <SimpleField
              attr={{ ...attr, multiValued: false }}
              value={item}
              path={[]}
              label={`${label}[${i}]`}
              editing
              onChange={(_, next) => setItem(i, next)}
            />
          )}
          <button
            type="button"
            className="button button-danger-subtle detail-multi-remove"
            aria-label={`Remove ${label}[${i}]`}
            onClick={() => commit(items.filter((_, j) => j !== i))}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="button" aria-label={`Add ${label}`} onClick={() => commit([...items, complex ? {} : ''])}>
        Add {singular(attr.name)}
      </button>
    </fieldset>
  );
}
