import type { AttrPath, FilterValue } from '../../../../shared/filter';
import {
  findAttribute,
  learnedForOp,
  learnedWhen,
  OP_LABELS,
  opsForType,
  printAttrPath,
  removeNode,
  updateCondition,
  valueKindForType,
  type AttributeEntry,
  type BuilderOp,
  type ConditionNode,
  type LearnedTermFact,
  type ValueKind,
} from '../../../../shared/filter';
import type { TreeContext } from './FilterTree';
import { ShowExchangeLink } from '../../ui/ShowExchangeLink';
import { Select } from '../../ui/Select';

/** The picker's options, grouped by schema, plus the current path when the schema does not know it. */
export function AttributeOptions({ entries, current }: { entries: readonly AttributeEntry[]; current: string | null }) {
  const groups = new Map<string, AttributeEntry[]>();
  for (const entry of entries) groups.set(entry.group, [...(groups.get(entry.group) ?? []), entry]);
  const known = current === null || entries.some((e) => e.text === current);
  return (
    <>
      {!known && <option value={current!}>{current} (not in the schema)</option>}
      {[...groups].map(([group, items]) => (
        <optgroup key={group} label={group}>
          {items.map((e) => (
            <option key={e.text} value={e.text} title={`${e.text} (${e.type}${e.multiValued ? ', multi-valued' : ''})`}>
              {e.label}
              {e.neverReturned ? ' (never returned)' : ''}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

/** A value that fits the new type, or none yet. */
function coerce(value: FilterValue | undefined, kind: ValueKind): FilterValue | undefined {
  if (value === undefined || value === null) return kind === 'boolean' ? true : kind === 'string' ? '' : undefined;
  if (kind === 'boolean') return typeof value === 'boolean' ? value : true;
  if (kind === 'number') return typeof value === 'number' ? value : undefined;
  return typeof value === 'string' ? value : kind === 'string' ? String(value) : undefined;
}

export const defaultValue = (type: string | undefined): FilterValue | undefined => coerce(undefined, valueKindForType(type));

interface ValueInputProps {
  kind: ValueKind;
  value: FilterValue | undefined;
  label: string;
  onChange: (value: FilterValue | undefined) => void;
}

function ValueInput({ kind, value, label, onChange }: ValueInputProps) {
  if (kind === 'boolean') {
    return (
      <Select
        className="input filter-value"
        aria-label={label}
        data-testid="condition-value"
        value={typeof value === 'boolean' ? String(value) : ''}
        choices={['true', 'false']}
        onChange={(next) => onChange(next === '' ? undefined : next === 'true')}
      >
        {typeof value !== 'boolean' && <option value="">{value === null ? 'null' : 'choose…'}</option>}
      </Select>
    );
  }
  if (kind === 'number') {
    return (
      <input
        className="input filter-value"
        type="number"
        step="any"
        aria-label={label}
        data-testid="condition-value"
        placeholder={value === null ? 'null' : 'number'}
        value={typeof value === 'number' ? String(value) : ''}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
    );
  }
  return (
    <input
      className={kind === 'dateTime' ? 'input mono filter-value' : 'input filter-value'}
      type="text"
      aria-label={label}
      data-testid="condition-value"
      placeholder={value === null ? 'null' : kind === 'dateTime' ? '2024-01-31T00:00:00Z' : 'text'}
      value={typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value)}
      aria-invalid={kind === 'dateTime' && typeof value === 'string' && Number.isNaN(Date.parse(value))}
      onChange={(e) => onChange(kind === 'dateTime' && e.target.value === '' ? undefined : e.target.value)}
    />
  );
}

/** One condition: attribute, operator valid for its type, typed value. */
export function ConditionEditor({
  node,
  ctx,
  entries,
  parent,
}: {
  node: ConditionNode;
  ctx: TreeContext;
  entries: readonly AttributeEntry[];
  parent?: AttrPath;
}) {
  const text = printAttrPath(node.path);
  const entry = findAttribute(ctx.catalogue, node.path, { parent, coreUri: ctx.coreUri });
  const ops = opsForType(entry?.type);
  const kind = valueKindForType(entry?.type);
  const incomplete = ctx.incomplete.has(node.id);
  const set = (patch: Partial<Omit<ConditionNode, 'kind' | 'id'>>) => ctx.edit((tree) => updateCondition(tree, node.id, patch));

  const changeAttribute = (value: string) => {
    const next = entries.find((e) => e.text === value);
    if (!next) return;
    // Keep the operator where it fits and the server did not refuse it; else the first one that is not refused.
    const usable = opsForType(next.type).filter((o) => learnedForOp(ctx.learned, next.path, o, parent)?.state !== 'refused');
    const nextOps = usable.length > 0 ? usable : opsForType(next.type);
    const op: BuilderOp = nextOps.includes(node.op) ? node.op : nextOps[0]!;
    set({ path: next.path, op, value: op === 'pr' ? undefined : coerce(node.value, valueKindForType(next.type)) });
  };
  const changeOp = (op: BuilderOp) => set({ op, value: op === 'pr' ? undefined : node.op === 'pr' ? coerce(undefined, kind) : node.value });
  // What this server did with each operator on this attribute: refused ones are greyed out, with why.
  const seen = new Map<BuilderOp, LearnedTermFact>();
  for (const op of new Set([...ops, node.op])) {
    const fact = learnedForOp(ctx.learned, node.path, op, parent);
    if (fact && fact.state !== 'accepted') seen.set(op, fact);
  }
  const refused = [...seen].filter(([, fact]) => fact.state === 'refused');
  const learnedState = seen.get(node.op)?.state;

  return (
    <div
      className="filter-condition"
      data-testid="filter-condition"
      data-id={node.id}
      data-state={incomplete ? 'incomplete' : 'complete'}
      data-learned={learnedState}
      role="group"
      aria-label={`Condition on ${text}`}
    >
      <select
        className="input filter-attr"
        aria-label="Attribute"
        data-testid="condition-attribute"
        value={text}
        onChange={(e) => changeAttribute(e.target.value)}
      >
        <AttributeOptions entries={entries} current={text} />
      </select>
      <select
        className="input filter-op"
        aria-label="Operator"
        data-testid="condition-op"
        value={node.op}
        onChange={(e) => changeOp(e.target.value as BuilderOp)}
      >
        {!ops.includes(node.op) && (
          <option value={node.op}>
            {node.op} (not for {entry?.type})
          </option>
        )}
        {ops.map((op) => {
          const state = seen.get(op)?.state;
          return (
            <option key={op} value={op} disabled={state === 'refused'} data-learned={state}>
              {op} · {OP_LABELS[op]}
              {state === 'refused' ? ' (refused here)' : state === 'ignored' ? ' (ignored here)' : ''}
            </option>
          );
        })}
      </select>
      {node.op !== 'pr' && <ValueInput kind={kind} value={node.value} label={`Value for ${text}`} onChange={(value) => set({ value })} />}
      {entry && <span className="filter-type muted">{entry.type}</span>}
      {incomplete && <span className="filter-incomplete">needs a value</span>}
      <button
        type="button"
        className="button button-icon filter-remove"
        aria-label={`Remove condition on ${text}`}
        title="Remove condition"
        onClick={() => ctx.edit((tree) => removeNode(tree, node.id))}
      >
        ×
      </button>
      {refused.length > 0 && ctx.learned && (
        <p className="filter-learned-note" data-testid="condition-refused">
          {refused.map(([op, fact], i) => (
            <span key={op}>
              {i > 0 && ' '}
              Greyed out: this server refused <code>{`${text} ${op}`}</code> {learnedWhen(ctx.learned!, fact.learnedAt)}.
              <ShowExchangeLink id={fact.exchangeId} onShow={ctx.showExchange} testId="condition-show-exchange" />
            </span>
          ))}
        </p>
      )}
    </div>
  );
}
