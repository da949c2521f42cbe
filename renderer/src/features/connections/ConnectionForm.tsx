import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import type { ConnectionView } from '../../../../shared/contract';
import { useShowToast } from '../../stores';
import { Badge } from '../../ui/Badge';
import { ConfirmDialog } from '../../ui/Dialog';
import { describedBy, Field } from '../../ui/Field';
import { choicesOf, Select } from '../../ui/Select';
import { worstCaseHint } from '../../lib/worst-case';
import { AuthSection } from './AuthSection';
import {
  authReentry,
  checkLocally,
  errorsFrom,
  formFromView,
  isSecretRow,
  toDraft,
  visibleFieldKeys,
  withoutEditedErrors,
  type ConnectionFormState,
  type FormErrors,
} from './formModel';
import { HeadersSection } from './HeadersSection';
import { authTypeLabels } from './labels';
import { NetworkSection } from './NetworkSection';
import { useCreateConnection, useUpdateConnection } from './queries';
import { TestResultPanel } from './TestResultPanel';
import { useConnectionTester } from './useConnectionTester';

interface ConnectionFormProps {
  /** The saved profile being edited, or null for a new one. The screen keys this form by it. */
  connection: ConnectionView | null;
  onSaved: (view: ConnectionView) => void;
  onDirtyChange: (dirty: boolean) => void;
  onDuplicate?: () => void;
  onDelete?: () => void;
}

const NO_ERRORS: FormErrors = { fields: {}, summary: '' };

/**
 * The connection editor. What the user typed lives only here and survives every error; it is
 * re-read from the profile only when another connection is selected or after a successful save.
 */
export function ConnectionForm({ connection, onSaved, onDirtyChange, onDuplicate, onDelete }: ConnectionFormProps) {
  const ids = useId();
  const showToast = useShowToast();
  const [initial, setInitial] = useState(() => formFromView(connection));
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [saving, setSaving] = useState(false);
  /** Turning read-only off on a connection saved read-only waits for this confirmation. */
  const [confirmingWritable, setConfirmingWritable] = useState(false);
  const create = useCreateConnection();
  const update = useUpdateConnection();
  const isDemo = Boolean(connection?.demo);
  const shownFields = useMemo(() => visibleFieldKeys(form, isDemo), [form, isDemo]);

  const dirty = useMemo(() => JSON.stringify(form) !== JSON.stringify(initial), [form, initial]);
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  const change = useCallback((patch: Partial<ConnectionFormState>) => {
    setForm((current) => ({ ...current, ...patch }));
    setErrors((current) => withoutEditedErrors(current, patch));
  }, []);

  const placeErrors = useCallback(
    (error: unknown, rows: { headerRowKeys: number[]; secretHeaderRowKeys: number[] }) =>
      setErrors(errorsFrom(error, rows.headerRowKeys, shownFields, rows.secretHeaderRowKeys)),
    [shownFields],
  );
  const tester = useConnectionTester(useCallback((error: unknown) => placeErrors(error, toDraft(form, connection)), [placeErrors, form, connection]));
  const reentry = authReentry(form, connection);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    const local = checkLocally(form, connection);
    if (local) return setErrors(local);
    const rows = toDraft(form, connection);
    setSaving(true);
    setErrors(NO_ERRORS);
    try {
      const view = connection ? await update.mutateAsync({ id: connection.id, draft: rows.draft }) : await create.mutateAsync(rows.draft);
      // Secrets were sent once; they leave component state now. Anything typed meanwhile is kept.
      setForm((current) => afterSave(current, form));
      setInitial(afterSave(form, form));
      showToast('success', connection ? `Saved “${view.name}”.` : `Created “${view.name}”.`);
      onSaved(view);
    } catch (error) {
      placeErrors(error, rows);
    } finally {
      // The mutation's variables held the draft, secret included: drop them from the cache.
      create.reset();
      update.reset();
      setSaving(false);
    }
  };

  const test = () => {
    const local = checkLocally(form, connection);
    if (local) return setErrors(local);
    setErrors(NO_ERRORS);
    void tester.run(connection?.id, toDraft(form, connection).draft);
  };

  const wasReadOnly = Boolean(connection?.readOnly);
  const onReadOnlyChange = (checked: boolean) => {
    // Switching a read-only connection writable is deliberate: it asks first, naming the connection.
    if (!checked && wasReadOnly && form.readOnly) setConfirmingWritable(true);
    else change({ readOnly: checked });
  };

  const title = connection ? connection.name : 'New connection';
  const f = errors.fields;
  return (
    <>
      <form className="connection-form" data-testid="connection-form" data-dirty={dirty} onSubmit={save} noValidate aria-labelledby={`${ids}-title`}>
        <header className="form-header">
          <h2 id={`${ids}-title`}>{title}</h2>
          {connection?.demo && <Badge tone="info">Demo · {connection.demo.persona}</Badge>}
          {dirty && <span className="muted small">Unsaved changes</span>}
        </header>

        <fieldset className="form-section">
          <legend>Server</legend>
          <Field id={`${ids}-name`} label="Connection name" error={f.name}>
            <input
              {...describedBy(`${ids}-name`, f.name)}
              className="input"
              value={form.name}
              autoComplete="off"
              onChange={(e) => change({ name: e.target.value })}
            />
          </Field>
          {isDemo ? (
            <DemoManagedFields connection={connection!} ids={ids} />
          ) : (
            <Field id={`${ids}-url`} label="Base URL" error={f.baseUrl} hint="The SCIM root, e.g. https://idp.example.com/scim/v2">
              <input
                {...describedBy(`${ids}-url`, f.baseUrl, true)}
                className="input mono"
                type="url"
                inputMode="url"
                spellCheck={false}
                autoComplete="off"
                placeholder="https://"
                value={form.baseUrl}
                onChange={(e) => change({ baseUrl: e.target.value })}
              />
            </Field>
          )}
        </fieldset>

        {!isDemo && (
          <>
            <AuthSection form={form} update={change} errors={f} ids={ids} hasSecret={connection?.hasSecret ?? false} reentry={reentry} />
            <HeadersSection form={form} update={change} errors={f} ids={ids} saved={connection} />
            <NetworkSection form={form} update={change} errors={f} ids={ids} />
          </>
        )}

        <fieldset className="form-section">
          <legend>Behaviour</legend>
          <Field id={`${ids}-timeout`} label="Timeout (ms)" error={f.timeoutMs} hint={worstCaseHint(form.timeoutMs)} className="field-timeout">
            <input
              {...describedBy(`${ids}-timeout`, f.timeoutMs, worstCaseHint(form.timeoutMs) !== null)}
              className="input mono"
              inputMode="numeric"
              value={form.timeoutMs}
              onChange={(e) => change({ timeoutMs: e.target.value })}
            />
          </Field>
          <div className="check-field" data-testid="read-only-field" data-state={form.readOnly ? 'on' : 'off'}>
            <input
              id={`${ids}-readonly`}
              type="checkbox"
              checked={form.readOnly}
              aria-describedby={`${ids}-readonly-hint`}
              onChange={(e) => onReadOnlyChange(e.target.checked)}
            />
            <label htmlFor={`${ids}-readonly`}>Read-only mode</label>
            <div className="field-hint" id={`${ids}-readonly-hint`}>
              The app refuses every write (POST, PUT, PATCH, DELETE) on this connection.
            </div>
          </div>
          <Field id={`${ids}-update`} label="Send edits as" className="field-fit">
            <Select
              {...describedBy(`${ids}-update`, undefined)}
              value={form.updateMethod}
              choices={choicesOf({ patch: 'PATCH (only what changed)', put: 'PUT (the whole resource)' })}
              onChange={(updateMethod) => change({ updateMethod })}
            />
          </Field>
        </fieldset>

        {errors.summary && (
          <div className="form-error" role="alert" data-testid="form-error">
            {errors.summary}
          </div>
        )}

        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={saving}>
            {saving ? 'Saving…' : connection ? 'Save' : 'Create'}
          </button>
          <button type="button" className="button" onClick={test} disabled={tester.state.status === 'running'}>
            Test connection
          </button>
          <div className="spacer" />
          {onDuplicate && (
            <button type="button" className="button" onClick={onDuplicate} title="Copy the saved profile, secret included (unsaved changes are not copied)">
              Duplicate
            </button>
          )}
          {onDelete && (
            <button type="button" className="button button-danger-subtle" onClick={onDelete}>
              Delete
            </button>
          )}
        </div>

        <TestResultPanel state={tester.state} onCancel={tester.cancel} />
      </form>
      {confirmingWritable && connection && (
        // Outside the connection form: the dialog's own form must not submit it.
        <ConfirmDialog
          title={`Turn off read-only mode for “${connection.name}”?`}
          confirmLabel="Turn off read-only"
          danger
          onCancel={() => setConfirmingWritable(false)}
          onConfirm={() => {
            setConfirmingWritable(false);
            change({ readOnly: false });
          }}
        >
          <p>
            Once saved, the app will send writes (POST, PUT, PATCH, DELETE) to <strong>{connection.name}</strong> at{' '}
            <span className="mono">{connection.baseUrl}</span>: creating, changing and deleting users and groups on that server.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

/** The form once saved: typed secrets leave it, and secret headers now have a saved value under their name. */
function afterSave(current: ConnectionFormState, sent: ConnectionFormState): ConnectionFormState {
  const sentRows = new Map(sent.extraHeaders.map((row) => [row.key, row]));
  return {
    ...current,
    secret: current.secret === sent.secret ? '' : current.secret,
    clearSecret: false,
    extraHeaders: current.extraHeaders.map((row) => {
      const before = sentRows.get(row.key);
      if (!before || !isSecretRow(before) || row.name !== before.name || row.value !== before.value) return row;
      return { ...row, value: '', savedName: row.name };
    }),
  };
}

/** A demo connection's URL and auth follow the embedded demo server: shown, not editable. */
function DemoManagedFields({ connection, ids }: { connection: ConnectionView; ids: string }) {
  return (
    <>
      <Field id={`${ids}-url`} label="Base URL" hint="Managed by the app: it follows the embedded demo server.">
        <input id={`${ids}-url`} className="input mono" value={connection.baseUrl} readOnly aria-describedby={`${ids}-url-hint`} />
      </Field>
      <div className="field">
        <span className="field-label">Authentication</span>
        <div className="managed-value">{authTypeLabels[connection.auth.type]} — a per-launch token of the demo server, managed by the app.</div>
      </div>
      {connection.demo && <p className="persona-description">{connection.demo.description}</p>}
    </>
  );
}
