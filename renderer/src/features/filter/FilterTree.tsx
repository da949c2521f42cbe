import { Fragment } from 'react';
import {
  addChild,
  emptyGroup,
  findAttribute,
  newCondition,
  newValuePath,
  printAttrPath,
  removeNode,
  updateGroup,
  updateValuePath,
  type AttrPath,
  type AttributeEntry,
  type BuilderNode,
  type GroupNode,
  type LearnedFilterLookup,
  type ValuePathNode,
} from '../../../../shared/filter';
import { AttributeOptions, ConditionEditor, defaultValue } from './ConditionEditor';

export interface TreeContext {
  catalogue: readonly AttributeEntry[];
  coreUri: string;
  /** Ids of conditions (and value paths) not yet complete. */
  incomplete: ReadonlySet<string>;
  edit: (change: (tree: GroupNode) => GroupNode) => void;
  /** Where a new top-level condition starts, e.g. userName for Users. */
  defaultEntry: AttributeEntry | undefined;
  /** What this server was seen to do with filter terms here: refused operators are greyed out. */
  learned?: LearnedFilterLookup;
  /** Opens the exchange that showed a learned fact in the inspector. */
  showExchange?: (exchangeId: string) => void;
}

interface GroupProps {
  group: GroupNode;
  ctx: TreeContext;
  /** The attributes conditions here may name (a value path's sub-attributes inside one). */
  entries: readonly AttributeEntry[];
  /** Set inside a value path: paths are relative to it, and value paths cannot nest. */
  parent?: AttrPath;
  isRoot?: boolean;
  depth: number;
}

function newConditionFor(entry: AttributeEntry | undefined) {
  if (!entry) return newCondition({ name: 'userName' }, 'eq', '');
  const op = entry.type.toLowerCase() === 'complex' ? 'pr' : 'eq';
  return newCondition(entry.path, op, op === 'pr' ? undefined : defaultValue(entry.type));
}

/** An and/or group, optionally negated, with its children and buttons to add more. */
export function GroupEditor({ group, ctx, entries, parent, isRoot = false, depth }: GroupProps) {
  const label = isRoot ? (parent ? `Conditions inside ${printAttrPath(parent)}[…]` : 'Filter') : 'Group';
  const firstEntry = parent ? (entries.find((e) => e.text === 'value') ?? entries[0]) : ctx.defaultEntry;
  const multiValued = ctx.catalogue.filter((e) => e.subAttributes?.length);
  const add = (node: BuilderNode) => ctx.edit((tree) => addChild(tree, group.id, node));
  return (
    <div
      className={`filter-group${group.not ? ' is-not' : ''}${isRoot ? ' is-root' : ''}`}
      data-testid="filter-group"
      data-id={group.id}
      data-op={group.op}
      data-depth={depth}
      role="group"
      aria-label={label}
    >
      <div className="filter-group-head">
        <label className="filter-not">
          <input
            type="checkbox"
            data-testid="group-not"
            checked={group.not}
            onChange={(e) => ctx.edit((tree) => updateGroup(tree, group.id, { not: e.target.checked }))}
          />
          not
        </label>
        <select
          className="input filter-group-op"
          aria-label={`Combine the ${label.toLowerCase()}'s conditions with`}
          data-testid="group-op"
          value={group.op}
          onChange={(e) => ctx.edit((tree) => updateGroup(tree, group.id, { op: e.target.value as 'and' | 'or' }))}
        >
          {(['and', 'or'] as const).map((op) => {
            const refused = ctx.learned?.fact(op)?.state === 'refused';
            return (
              <option key={op} value={op} disabled={refused} title={refused ? `This server refused "${op}" in filters` : undefined}>
                {op === 'and' ? 'all of (and)' : 'any of (or)'}
                {refused ? ': refused by this server' : ''}
              </option>
            );
          })}
        </select>
        <div className="spacer" />
        <button type="button" className="button button-subtle" data-testid="add-condition" onClick={() => add(newConditionFor(firstEntry))}>
          + Condition
        </button>
        <button
          type="button"
          className="button button-subtle"
          data-testid="add-group"
          onClick={() => add({ ...emptyGroup(group.op === 'and' ? 'or' : 'and'), children: [newConditionFor(firstEntry)] })}
        >
          + Group
        </button>
        {!parent && multiValued.length > 0 && (
          <button
            type="button"
            className="button button-subtle"
            data-testid="add-value-path"
            title='A value filter such as emails[type eq "work"]'
            onClick={() => add(newValuePath(multiValued[0]!.path))}
          >
            + Value filter
          </button>
        )}
        {!isRoot && (
          <button
            type="button"
            className="button button-icon filter-remove"
            aria-label="Remove group"
            title="Remove group"
            onClick={() => ctx.edit((tree) => removeNode(tree, group.id))}
          >
            ×
          </button>
        )}
      </div>
      {group.children.length === 0 ? (
        <p className="filter-group-empty muted" data-testid="filter-group-empty">
          {isRoot && !parent ? 'No conditions: every resource matches. Add a condition, or type a filter above.' : 'No conditions yet.'}
        </p>
      ) : (
        <div className="filter-children">
          {group.children.map((child, index) => (
            <Fragment key={child.id}>
              {index > 0 && (
                <span className="filter-joiner" aria-hidden="true">
                  {group.op}
                </span>
              )}
              {child.kind === 'condition' && <ConditionEditor node={child} ctx={ctx} entries={entries} parent={parent} />}
              {child.kind === 'group' && <GroupEditor group={child} ctx={ctx} entries={entries} parent={parent} depth={depth + 1} />}
              {child.kind === 'valuePath' && <ValuePathEditor node={child} ctx={ctx} depth={depth + 1} />}
            </Fragment>
          ))}
        </div>
      )}
    </div>
  );
}

/** emails[…]: a multi-valued attribute and the conditions one of its values must meet. */
function ValuePathEditor({ node, ctx, depth }: { node: ValuePathNode; ctx: TreeContext; depth: number }) {
  const text = printAttrPath(node.path);
  const entry = findAttribute(ctx.catalogue, node.path, { coreUri: ctx.coreUri });
  const targets = ctx.catalogue.filter((e) => e.subAttributes?.length);
  return (
    <div
      className="filter-valuepath"
      data-testid="filter-valuepath"
      data-id={node.id}
      data-state={ctx.incomplete.has(node.id) ? 'incomplete' : 'complete'}
      role="group"
      aria-label={`Value filter on ${text}`}
    >
      <div className="filter-group-head">
        <select
          className="input filter-attr"
          aria-label="Multi-valued attribute"
          data-testid="valuepath-attribute"
          value={text}
          onChange={(e) => {
            const next = targets.find((t) => t.text === e.target.value);
            if (next) ctx.edit((tree) => updateValuePath(tree, node.id, next.path));
          }}
        >
          <AttributeOptions entries={targets} current={text} />
        </select>
        <span className="mono muted">[ … ]</span>
        <span className="muted">a value matching:</span>
        <div className="spacer" />
        <button
          type="button"
          className="button button-icon filter-remove"
          aria-label={`Remove value filter on ${text}`}
          title="Remove value filter"
          onClick={() => ctx.edit((tree) => removeNode(tree, node.id))}
        >
          ×
        </button>
      </div>
      <GroupEditor group={node.filter} ctx={ctx} entries={entry?.subAttributes ?? []} parent={node.path} isRoot depth={depth} />
    </div>
  );
}
