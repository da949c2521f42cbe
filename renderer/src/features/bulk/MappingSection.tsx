import { useId } from 'react';
import type { MappingOutcome } from '../../../../shared/bulk';
import type { BulkKeyAttribute, BulkMapping } from '../../../../shared/contract';
import { formatCount } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { Select } from '../../ui/Select';
import { ServerText } from '../../ui/ServerText';
import { BadRowList } from './BadRowList';
import { keyAttributeChoices, type TargetKind } from './model';
import type { FileDraft } from './state';
import type { TargetInfo } from './useTarget';

const IGNORE = '';

interface MappingSectionProps {
  file: FileDraft;
  mapping: BulkMapping;
  /** Where the mapping came from, said above it. */
  origin: 'saved' | 'suggested' | 'edited';
  fileTarget: TargetKind;
  target: TargetInfo;
  /** The mapping applied to the rows (it may lag a keystroke behind `mapping`: `stale`). */
  applied: MappingOutcome;
  stale: boolean;
  onChange: (mapping: BulkMapping) => void;
  onTargetChange: (target: TargetKind) => void;
  /** Whether the server has a Group type (rows can be groups). */
  hasGroups: boolean;
}

/** Step 2 (file sources): the key that matches rows to resources, and each column's attribute; the rows a mapping leaves out, live. */
export function MappingSection({ file, mapping, origin, fileTarget, target, applied, stale, onChange, onTargetChange, hasGroups }: MappingSectionProps) {
  const keyColumnId = useId();
  const keyAttributeId = useId();
  const fileBad = new Set(file.read.bad.map((b) => `${b.line} ${b.reason}`));
  // The file's own bad rows are listed with the file; here only what the mapping adds.
  const mappingBad = applied.bad.filter((b) => !fileBad.has(`${b.line} ${b.reason}`));
  const { problems, warnings } = applied;
  const firstRow = file.read.rows[0]?.values ?? {};
  const choices = target.attributes.map((a) => ({ value: a.path, label: a.path }));
  const setColumn = (column: string, path: string) =>
    onChange({ ...mapping, columns: mapping.columns.map((c) => (c.column === column ? { column, path: path === IGNORE ? null : path } : c)) });
  const state = problems.length > 0 ? 'problems' : stale ? 'updating' : 'ready';

  return (
    <section
      className="bulk-step"
      aria-labelledby="bulk-mapping-title"
      data-testid="bulk-mapping"
      data-state={state}
      data-origin={origin}
      data-ready-rows={applied.rows.length}
      data-bad={mappingBad.length}
    >
      <h2 id="bulk-mapping-title" className="bulk-step-title">
        <span className="bulk-step-number" aria-hidden="true">
          2
        </span>
        Columns
      </h2>
      <p className="muted small" data-testid="bulk-mapping-origin">
        {origin === 'saved'
          ? 'The mapping last used on this connection, for files with these columns.'
          : origin === 'suggested'
            ? 'Suggested from the column names and the server’s schemas: check it.'
            : 'Remembered for this connection when the dry run starts.'}
      </p>
      <div className="bulk-key-row">
        {hasGroups && (
          <fieldset className="bulk-radios">
            <legend>Rows are</legend>
            {(['users', 'groups'] as const).map((kind) => (
              <label key={kind} className="check-field">
                <input
                  type="radio"
                  name="bulk-file-target"
                  value={kind}
                  checked={fileTarget === kind}
                  data-testid={`bulk-file-target-${kind}`}
                  onChange={() => onTargetChange(kind)}
                />
                {kind === 'users' ? 'Users' : 'Groups'}
              </label>
            ))}
          </fieldset>
        )}
        <label htmlFor={keyColumnId} className="inline-field">
          Match rows on the column
        </label>
        <Select
          id={keyColumnId}
          value={mapping.keyColumn}
          choices={file.read.columns}
          onChange={(keyColumn) => onChange({ ...mapping, keyColumn })}
          data-testid="bulk-key-column"
        />
        <label htmlFor={keyAttributeId} className="inline-field">
          as
        </label>
        <Select<BulkKeyAttribute>
          id={keyAttributeId}
          value={mapping.keyAttribute}
          choices={keyAttributeChoices(fileTarget)}
          onChange={(keyAttribute) => onChange({ ...mapping, keyAttribute })}
          data-testid="bulk-key-attribute"
        />
      </div>
      <table className="data-table bulk-mapping-table" data-testid="bulk-mapping-table">
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">First row</th>
            <th scope="col">Attribute</th>
          </tr>
        </thead>
        <tbody>
          {mapping.columns.map(({ column, path }) => (
            <tr key={column} data-testid="bulk-mapping-row" data-column={column} data-path={path ?? ''}>
              <th scope="row">
                <ServerText value={column} />
                {column === mapping.keyColumn && (
                  <>
                    {' '}
                    <Badge tone="info">key</Badge>
                  </>
                )}
              </th>
              <td className="bulk-sample">
                <ServerText value={firstRow[column] ?? ''} />
              </td>
              <td>
                <Select
                  value={path ?? IGNORE}
                  choices={choices}
                  onChange={(value) => setColumn(column, value)}
                  aria-label={`Attribute for the column ${column}`}
                  data-testid="bulk-mapping-path"
                >
                  <option value={IGNORE}>(ignore)</option>
                  {path && !choices.some((c) => c.value === path) && <option value={path}>{path}</option>}
                </Select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {problems.length > 0 && (
        <ul className="bulk-problems" role="alert" data-testid="bulk-mapping-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      {warnings.length > 0 && (
        <ul className="bulk-warnings" data-testid="bulk-mapping-warnings">
          {warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
      <p className="small" data-testid="bulk-mapping-summary" aria-live="polite">
        {formatCount(applied.rows.length)} {applied.rows.length === 1 ? 'row' : 'rows'} ready
        {mappingBad.length > 0 && `, ${formatCount(mappingBad.length)} left out by the mapping`}
        {file.read.bad.length > 0 && `, ${formatCount(file.read.bad.length)} left out of the file`}.
      </p>
      <BadRowList bad={mappingBad} title="Rows the mapping leaves out" testId="bulk-mapping-bad" />
    </section>
  );
}
