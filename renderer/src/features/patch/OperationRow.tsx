import type { PatchOpName } from '../../../../shared/patch';
import type { AttributeResolver } from '../../../../shared/scim';
import type { SchemaSection } from '../../scim';
import { ValueEditor } from './ValueEditor';
import { emptyValue, fitsShape, partsFromPath, pathFromParts, valueShape, valueText, type DraftOp, type PathParts, type RowIssue } from './model';
import { Select } from '../../ui/Select';

export interface OperationRowProps {
  index: number;
  count: number;
  draft: DraftOp;
  issues: readonly RowIssue[];
  resolve: AttributeResolver;
  sections: readonly SchemaSection[];
  schemaIds: readonly string[];
  onChange: (draft: DraftOp) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
}

const OPS: PatchOpName[] = ['add', 'replace', 'remove'];

const parseValue = (text: string): unknown => {
  try {
    return text.trim() ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
};

/** One operation: op, the path (built from parts or typed), its value, and what the schema says about it. */
export function OperationRow({ index, count, draft, issues, resolve, sections, schemaIds, onChange, onMove, onRemove }: OperationRowProps) {
  const n = index + 1;
  const shape = valueShape(resolve, draft.parts);
  const state = issues.some((i) => i.severity === 'error') ? 'error' : issues.length > 0 ? 'warning' : 'ok';
  const section = sections.find((s) => (s.urn ?? '').toLowerCase() === draft.parts.urn.toLowerCase()) ?? sections[0];
  const attrDef = section?.attributes.find((a) => a.name.toLowerCase() === draft.parts.attr.trim().toLowerCase());
  const listId = `patch-attrs-${draft.key}`;
  const subListId = `patch-subs-${draft.key}`;

  const setParts = (patch: Partial<PathParts>) => {
    const parts = { ...draft.parts, ...patch };
    const nextShape = valueShape(resolve, parts);
    const keep = fitsShape(parseValue(draft.valueText), nextShape) || draft.op === 'remove';
    onChange({ ...draft, parts, pathText: pathFromParts(parts), valueText: keep ? draft.valueText : valueText(emptyValue(nextShape)) });
  };
  const setRaw = (pathText: string) => {
    const parsed = partsFromPath(pathText, schemaIds);
    onChange({ ...draft, pathText, parts: parsed.ok ? parsed.parts : draft.parts });
  };
  const rawParse = draft.pathMode === 'raw' ? partsFromPath(draft.pathText, schemaIds) : null;

  return (
    <li className={`patch-op is-${state}`} data-testid="patch-op" data-index={index} data-state={state} aria-label={`Operation ${n}`}>
      <div className="patch-op-head">
        <span className="patch-op-no">{n}</span>
        <Select
          className="input patch-op-select"
          aria-label={`Operation ${n} op`}
          data-testid="patch-op-select"
          value={draft.op}
          choices={OPS}
          onChange={(op) => onChange({ ...draft, op })}
        />
        <code className="mono patch-path-text" data-testid="patch-path" title={draft.pathText || 'No path'}>
          {draft.pathText || '(no path)'}
        </code>
        {draft.pathMode === 'builder' && (
          <button
            type="button"
            className="button button-subtle patch-path-mode"
            data-testid="patch-path-type"
            onClick={() => onChange({ ...draft, pathMode: 'raw' })}
          >
            Type path
          </button>
        )}
        <button type="button" className="button button-subtle" aria-label={`Move operation ${n} up`} disabled={index === 0} onClick={() => onMove(-1)}>
          ↑
        </button>
        <button type="button" className="button button-subtle" aria-label={`Move operation ${n} down`} disabled={index === count - 1} onClick={() => onMove(1)}>
          ↓
        </button>
        <button type="button" className="button button-danger-subtle" aria-label={`Remove operation ${n}`} data-testid="patch-op-remove" onClick={onRemove}>
          Remove
        </button>
      </div>

      {draft.pathMode === 'builder' ? (
        <div className="patch-path-builder" role="group" aria-label={`Operation ${n} path`}>
          <label className="patch-field">
            <span>Schema</span>
            <Select
              data-testid="patch-path-urn"
              value={section?.urn ?? ''}
              choices={sections.map((s) => ({ value: s.urn ?? '', label: s.urn ? s.title : `${s.title} (core)` }))}
              onChange={(urn) => setParts({ urn, attr: '', filter: '', sub: '' })}
            />
          </label>
          <label className="patch-field">
            <span>Attribute</span>
            <input
              className="input"
              list={listId}
              data-testid="patch-path-attr"
              value={draft.parts.attr}
              placeholder={draft.parts.urn ? '(whole extension)' : '(no path)'}
              onChange={(e) => setParts({ attr: e.target.value })}
            />
            <datalist id={listId}>
              {section?.attributes.map((a) => (
                <option key={a.name} value={a.name}>
                  {a.type}
                  {a.multiValued ? ', multi-valued' : ''}
                  {a.mutability === 'readOnly' ? ', read-only' : ''}
                </option>
              ))}
            </datalist>
          </label>
          <label className="patch-field">
            <span>Value filter</span>
            <input
              className="input mono"
              data-testid="patch-path-filter"
              value={draft.parts.filter}
              placeholder={attrDef?.multiValued ? 'type eq "work"' : '—'}
              onChange={(e) => setParts({ filter: e.target.value })}
            />
          </label>
          <label className="patch-field">
            <span>Sub-attribute</span>
            <input
              className="input"
              list={subListId}
              data-testid="patch-path-sub"
              value={draft.parts.sub}
              placeholder={
                attrDef?.subAttributes?.length
                  ? attrDef.subAttributes
                      .map((s) => s.name)
                      .slice(0, 3)
                      .join(', ')
                  : '—'
              }
              onChange={(e) => setParts({ sub: e.target.value })}
            />
            <datalist id={subListId}>
              {attrDef?.subAttributes?.map((s) => (
                <option key={s.name} value={s.name} />
              ))}
            </datalist>
          </label>
        </div>
      ) : (
        <div className="patch-path-builder is-raw" role="group" aria-label={`Operation ${n} path`}>
          <label className="patch-field">
            <span>Path</span>
            <input
              className="input mono"
              data-testid="patch-path-raw"
              value={draft.pathText}
              placeholder='emails[type eq "work"].value'
              aria-invalid={rawParse && !rawParse.ok ? true : undefined}
              onChange={(e) => setRaw(e.target.value)}
            />
          </label>
          <button
            type="button"
            className="button button-subtle patch-path-mode"
            disabled={!rawParse?.ok}
            title={rawParse && !rawParse.ok ? 'Fix the path to edit it in parts' : undefined}
            onClick={() => rawParse?.ok && onChange({ ...draft, pathMode: 'builder', parts: rawParse.parts, pathText: pathFromParts(rawParse.parts) })}
          >
            Build in parts
          </button>
        </div>
      )}

      {(draft.op !== 'remove' || draft.valueText.trim() !== '') && (
        <ValueEditor
          index={index}
          shape={shape}
          mode={draft.valueMode}
          text={draft.valueText}
          onChange={(text) => onChange({ ...draft, valueText: text })}
          onMode={(valueMode) => onChange({ ...draft, valueMode })}
        />
      )}

      {issues.length > 0 && (
        <ul className="patch-issues" aria-label={`Problems with operation ${n}`}>
          {issues.map((issue, i) => (
            <li key={i} className={`patch-issue is-${issue.severity}`} data-testid="patch-op-issue" data-kind={issue.kind} data-severity={issue.severity}>
              <strong>
                {issue.kind === 'apply' ? 'Preview fails' : issue.kind === 'draft' ? 'Incomplete' : issue.severity === 'error' ? 'Forbidden' : 'Warning'}:
              </strong>{' '}
              {issue.message}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
