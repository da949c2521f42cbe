import { useId, useState } from 'react';
import type { PatchDialect } from '../../../../shared/patch';
import { DialectSelect } from '../../ui/DialectSelect';
import { MemberPicker } from '../../ui/MemberPicker';
import { Select } from '../../ui/Select';
import { ServerText } from '../../ui/ServerText';
import { actionChoices, actionHelp, actionLabels, needsGroup, needsValues, type ActionDraft, type ChosenActionKind, type SourceKind } from './model';
import type { TargetInfo } from './useTarget';

interface ActionSectionProps {
  connectionId: string;
  source: SourceKind;
  target: TargetInfo;
  action: ActionDraft;
  dialect: PatchDialect;
  groupsEndpoint: string | undefined;
  onChange: (action: ActionDraft) => void;
  onDialectChange: (dialect: PatchDialect) => void;
  /** What still stops a dry run (no source, a mapping problem, an incomplete action), or null. */
  problem: string | null;
  /** A plan is being made: another waits for it. */
  planning: boolean;
  starting: boolean;
  onDryRun: () => void;
  /** Its number among the steps shown. */
  step: number;
}

/** Step 3: what to do to every target, and the dry run that plans it (reads only). */
export function ActionSection(props: ActionSectionProps) {
  const { source, target, action, onChange, problem, planning, starting } = props;
  const actionId = useId();
  const choices = actionChoices(source, target.kind);
  const kind = choices.includes(action.kind) ? action.kind : choices[0]!;
  const set = (change: Partial<ActionDraft>) => onChange({ ...action, kind, ...change });
  const paths = target.attributes.map((a) => a.path);
  const disabled = problem !== null || planning || starting;

  return (
    <section
      className="bulk-step"
      aria-labelledby="bulk-action-title"
      data-testid="bulk-action"
      data-state={problem ? 'incomplete' : 'ready'}
      data-action={kind}
    >
      <h2 id="bulk-action-title" className="bulk-step-title">
        <span className="bulk-step-number" aria-hidden="true">
          {props.step}
        </span>
        Change
      </h2>
      <div className="bulk-action-row">
        <label htmlFor={actionId} className="inline-field">
          Action
        </label>
        <Select<ChosenActionKind>
          id={actionId}
          value={kind}
          choices={choices.map((k) => ({ value: k, label: actionLabels[k] }))}
          onChange={(next) => set({ kind: next })}
          data-testid="bulk-action-kind"
        />
        <span className="muted small">
          on {target.noun.many} (<span className="mono">{target.endpoint}</span>)
        </span>
        <span className="spacer" />
        <DialectSelect value={props.dialect} onChange={props.onDialectChange} />
      </div>
      <p className="muted small" data-testid="bulk-action-help">
        {actionHelp[kind]}
      </p>
      {needsValues(kind) && <ValuesEditor action={action} source={source} paths={paths} onChange={(values) => set({ values })} />}
      {kind === 'clear' && <PathsEditor selected={action.paths} paths={paths} onChange={(next) => set({ paths: next })} />}
      {needsGroup(kind) && (
        <GroupChooser connectionId={props.connectionId} endpoint={props.groupsEndpoint} group={action.group} onChange={(group) => set({ group })} />
      )}
      {kind === 'groupAdd' && source === 'file' && (
        <label className="check-field">
          <input type="checkbox" checked={action.createMissing} data-testid="bulk-create-missing" onChange={(e) => set({ createMissing: e.target.checked })} />
          First create the rows that match no user
        </label>
      )}
      <div className="bulk-dry-run">
        <button type="button" className="button button-primary" data-testid="bulk-dry-run" disabled={disabled} onClick={props.onDryRun}>
          {starting ? 'Starting…' : 'Dry run (reads only)'}
        </button>
        <span className="muted small" data-testid="bulk-dry-run-note">
          {problem ??
            (planning
              ? 'A dry run is under way: cancel it to start another.'
              : 'Reads every target fresh and shows the exact requests; nothing is written until you send the plan.')}
        </span>
      </div>
    </section>
  );
}

function ValuesEditor({
  action,
  source,
  paths,
  onChange,
}: {
  action: ActionDraft;
  source: SourceKind;
  paths: string[];
  onChange: (values: ActionDraft['values']) => void;
}) {
  const rows = action.values;
  const change = (i: number, patch: Partial<ActionDraft['values'][number]>) => onChange(rows.map((row, k) => (k === i ? { ...row, ...patch } : row)));
  return (
    <fieldset className="bulk-editor" data-testid="bulk-values">
      <legend>{source === 'file' ? 'Fixed values (optional: set on every row, next to its columns)' : 'Values'}</legend>
      {rows.map((row, i) => (
        <div key={i} className="bulk-editor-row" data-testid="bulk-value-row">
          <Select value={row.path} choices={paths} onChange={(path) => change(i, { path })} aria-label={`Attribute ${i + 1}`} data-testid="bulk-value-path">
            <option value="">Choose an attribute…</option>
          </Select>
          <input
            className="input"
            value={row.value}
            aria-label={`Value ${i + 1}`}
            placeholder="value (empty: an empty string)"
            data-testid="bulk-value-input"
            onChange={(e) => change(i, { value: e.target.value })}
          />
          <button type="button" className="button button-subtle" aria-label={`Remove value ${i + 1}`} onClick={() => onChange(rows.filter((_, k) => k !== i))}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="button" data-testid="bulk-value-add" onClick={() => onChange([...rows, { path: '', value: '' }])}>
        Add a value
      </button>
    </fieldset>
  );
}

function PathsEditor({ selected, paths, onChange }: { selected: string[]; paths: string[]; onChange: (paths: string[]) => void }) {
  const [next, setNext] = useState('');
  const left = paths.filter((p) => !selected.includes(p));
  return (
    <fieldset className="bulk-editor" data-testid="bulk-clear-paths">
      <legend>Attributes to clear</legend>
      {selected.length > 0 && (
        <ul className="bulk-chips">
          {selected.map((path) => (
            <li key={path} className="bulk-chip" data-testid="bulk-clear-path" data-path={path}>
              <span className="mono">{path}</span>
              <button type="button" className="link-button" aria-label={`Do not clear ${path}`} onClick={() => onChange(selected.filter((p) => p !== path))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="bulk-editor-row">
        <Select value={next} choices={left} onChange={setNext} aria-label="Attribute to clear" data-testid="bulk-clear-choice">
          <option value="">Choose an attribute…</option>
        </Select>
        <button
          type="button"
          className="button"
          data-testid="bulk-clear-add"
          disabled={!next}
          onClick={() => {
            onChange([...selected, next]);
            setNext('');
          }}
        >
          Add
        </button>
      </div>
    </fieldset>
  );
}

interface GroupChooserProps {
  connectionId: string;
  endpoint: string | undefined;
  group: ActionDraft['group'];
  onChange: (group: ActionDraft['group']) => void;
}

function GroupChooser({ connectionId, endpoint, group, onChange }: GroupChooserProps) {
  const [picking, setPicking] = useState(false);
  if (!endpoint) return <p className="warning-box">This server offers no Group resource type.</p>;
  return (
    <div className="bulk-group" data-testid="bulk-group" data-group-id={group?.groupId ?? ''}>
      <p>
        Group:{' '}
        {group ? (
          <strong data-testid="bulk-group-name">
            <ServerText value={group.groupName || group.groupId} /> <ServerText className="mono muted" value={group.groupId} />
          </strong>
        ) : (
          <span className="muted">none chosen</span>
        )}{' '}
        {!picking && (
          <button type="button" className="button" data-testid="bulk-group-choose" onClick={() => setPicking(true)}>
            {group ? 'Change…' : 'Choose a group…'}
          </button>
        )}
      </p>
      {picking && (
        <MemberPicker
          connectionId={connectionId}
          endpoint={endpoint}
          kind="groups"
          single
          already={new Set()}
          confirmLabel="Use this group"
          onCancel={() => setPicking(false)}
          onPick={([ref]) => {
            if (ref) onChange({ groupId: ref.value, groupName: ref.display ?? ref.value });
            setPicking(false);
          }}
        />
      )}
    </div>
  );
}
