import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { ConsoleSendInput } from '../../../../shared/contract';
import { errorMessage, useBridge } from '../../bridge';
import type { ConsoleSeed } from '../../stores/inspectorSlice';
import { JsonEditor } from '../../ui/code/JsonEditor';
import { connectionsListQuery } from '../../scim';
import { journalKeys } from './queries';
import { useSelectExchange } from './state';
import { Select } from '../../ui/Select';

type Pair = { name: string; value: string };

/** Mirrors the contract's consoleMethods / readOnlyConsoleMethods (the renderer imports the contract for types only). */
const CONSOLE_METHODS: readonly ConsoleSendInput['method'][] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const READ_ONLY_METHODS: readonly ConsoleSendInput['method'][] = ['GET', 'HEAD'];
const BODYLESS: readonly ConsoleSendInput['method'][] = ['GET', 'HEAD'];
const OVERRIDE_HEADERS = ['x-http-method-override', 'x-http-method', 'x-method-override'];

/** The method-override a request would carry (a header or `_method`), which makes a server run another method. */
function methodOverrideIn(headers: Pair[], query: Pair[]): string | null {
  const header = headers.find((h) => OVERRIDE_HEADERS.includes(h.name.trim().toLowerCase()));
  if (header) return `${header.name.trim()}: ${header.value}`;
  const param = query.find((q) => q.name.trim().toLowerCase() === '_method');
  return param ? `${param.name.trim()}=${param.value}` : null;
}

/** Rows of name/value inputs (query parameters or headers), each removable, one added at a time. */
function PairRows({ label, rows, onChange, testId }: { label: string; rows: Pair[]; onChange: (rows: Pair[]) => void; testId: string }) {
  const set = (i: number, patch: Partial<Pair>) => onChange(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="inspector-pairs" data-testid={testId}>
      <legend className="field-label">{label}</legend>
      {rows.map((row, i) => (
        <div key={i} className="inspector-pair">
          {(['name', 'value'] as const).map((part) => (
            <input
              key={part}
              className="input mono"
              aria-label={`${label} ${i + 1} ${part}`}
              value={row[part]}
              placeholder={part}
              onChange={(e) => set(i, { [part]: e.target.value })}
            />
          ))}
          <button
            type="button"
            className="button button-subtle"
            aria-label={`Remove ${label.toLowerCase()} ${i + 1}`}
            onClick={() => onChange(rows.filter((_, k) => k !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" className="button button-subtle inspector-add" onClick={() => onChange([...rows, { name: '', value: '' }])}>
        Add {label.toLowerCase().replace(/s$/, '')}
      </button>
    </fieldset>
  );
}

/**
 * The request console: edit any part of a request and send it through main with the connection's
 * credentials (never typed here). The answer is journaled like any other and opens in the detail.
 */
export function ConsolePanel({ seed, onClose }: { seed: ConsoleSeed; onClose: () => void }) {
  const bridge = useBridge();
  const queryClient = useQueryClient();
  const select = useSelectExchange();
  const connections = useQuery(connectionsListQuery(bridge)).data ?? [];
  const [connectionId, setConnectionId] = useState(seed.connectionId);
  const [method, setMethod] = useState<ConsoleSeed['method']>(seed.method);
  const [path, setPath] = useState(seed.path);
  const [query, setQuery] = useState<Pair[]>(seed.query);
  const [headers, setHeaders] = useState<Pair[]>(seed.headers);
  const [body, setBody] = useState(seed.body);
  const [allowOverride, setAllowOverride] = useState(false);
  const ids = { path: useId(), connection: useId(), method: useId(), override: useId() };

  const connection = connections.find((c) => c.id === connectionId);
  const override = methodOverrideIn(headers, query);
  const bodyless = BODYLESS.includes(method);
  const refused = !connection
    ? null
    : connection.readOnly && !READ_ONLY_METHODS.includes(method)
      ? `“${connection.name}” is read-only: the console sends only GET and HEAD on it.`
      : connection.readOnly && override
        ? `“${connection.name}” is read-only: a method override (${override}) is refused on it.`
        : override && !allowOverride
          ? `${override} makes the server run another method than ${method}; tick “Allow method override” to send it.`
          : null;
  const send = useMutation({
    mutationFn: (input: ConsoleSendInput) => bridge.call('console.send', input),
    onSuccess: (entry) => {
      queryClient.setQueryData(journalKeys.entry(entry.id), entry);
      select(entry.id);
    },
  });
  const submit = () => {
    if (refused || !connection) return;
    send.mutate({
      connectionId,
      method,
      path: path.trim(),
      query: query.filter((q) => q.name.trim() !== ''),
      headers: headers.filter((h) => h.name.trim() !== '').map((h) => ({ name: h.name.trim(), value: h.value })),
      ...(!bodyless && body !== '' ? { body } : {}),
      allowMethodOverride: allowOverride && override !== null,
    });
  };
  const state = send.isPending ? 'sending' : send.isError ? 'error' : 'idle';

  return (
    <form
      className="inspector-detail inspector-console"
      data-testid="inspector-console"
      data-state={state}
      aria-label="Request console"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <header className="inspector-detail-head">
        <h2 className="inspector-section-title">Request console</h2>
        <div className="spacer" />
        <button type="button" className="button button-subtle" onClick={onClose}>
          Close
        </button>
      </header>
      {seed.note && <p className="inspector-note">{seed.note}</p>}
      <p className="muted">
        Sent with the connection’s credentials, which never appear here; redacted values copied from an exchange read “[REDACTED]” until you replace them.
      </p>
      <div className="inspector-console-line">
        <label className="inspector-filter" htmlFor={ids.connection}>
          <span className="field-label">Connection</span>
          <Select
            id={ids.connection}
            value={connectionId}
            choices={connections.map((c) => ({ value: c.id, label: `${c.name}${c.readOnly ? ' (read-only)' : ''}` }))}
            onChange={setConnectionId}
            data-testid="console-connection"
          />
        </label>
        <label className="inspector-filter" htmlFor={ids.method}>
          <span className="field-label">Method</span>
          <Select
            id={ids.method}
            value={method}
            choices={connection?.readOnly ? READ_ONLY_METHODS : CONSOLE_METHODS}
            onChange={setMethod}
            data-testid="console-method"
          />
        </label>
        <label className="inspector-filter inspector-filter-text" htmlFor={ids.path}>
          <span className="field-label">Path under {connection?.baseUrl ?? 'the base URL'}</span>
          <input id={ids.path} className="input mono" value={path} onChange={(e) => setPath(e.target.value)} data-testid="console-path" spellCheck={false} />
        </label>
      </div>
      <PairRows label="Query parameters" rows={query} onChange={setQuery} testId="console-query" />
      <PairRows label="Headers" rows={headers} onChange={setHeaders} testId="console-headers" />
      <div className="inspector-filter">
        <span className="field-label" aria-hidden="true">
          Body{bodyless ? ` (not sent with ${method})` : ''}
        </span>
        <JsonEditor
          value={body}
          onChange={setBody}
          disabled={bodyless}
          label={bodyless ? `Body (not sent with ${method})` : 'Body'}
          testId="console-body"
          className="code-console"
        />
      </div>
      {override && !connection?.readOnly && (
        <label className="inspector-override" htmlFor={ids.override} data-testid="console-override">
          <input id={ids.override} type="checkbox" checked={allowOverride} onChange={(e) => setAllowOverride(e.target.checked)} />
          <span>
            Allow method override. <strong>Warning:</strong> servers that honour <code>{override}</code> run that method, not {method}; a GET can delete.
          </span>
        </label>
      )}
      {refused && (
        <p className="inspector-error" data-testid="console-refused">
          {refused}
        </p>
      )}
      {send.isError && (
        <p className="inspector-error" role="alert" data-testid="console-error">
          {errorMessage(send.error)}
        </p>
      )}
      <div className="inspector-actions">
        <button type="submit" className="button button-primary" disabled={!!refused || !connection || send.isPending} data-testid="console-send">
          {send.isPending ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}
