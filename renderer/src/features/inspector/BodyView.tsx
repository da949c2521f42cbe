import { useMemo, useState } from 'react';
import type { JournalBody } from '../../../../shared/contract';
import { JsonView } from '../../ui/code/JsonView';
import { TabList, TabPanels, useTabsId } from '../../ui/Tabs';
import { formatBytes } from './filter';
import { looksJson, prettyJson } from './jsonBody';

type Tab = 'pretty' | 'raw';

/** One body, pretty (indented) or raw, in a read-only code view, with what the journal did to it said plainly. */
export function BodyView({ label, body, testId }: { label: string; body: JournalBody | null; testId: string }) {
  const [tab, setTab] = useState<Tab>('pretty');
  const json = body !== null && looksJson(body.text, body.contentType);
  // Parsing and indenting a multi-megabyte body is done once per body, not per render.
  const pretty = useMemo(() => (json && body ? prettyJson(body.text) : null), [json, body]);
  const shown = tab === 'pretty' && pretty !== null ? pretty : (body?.text ?? '');
  const tabsId = useTabsId();
  const tabs = (['pretty', 'raw'] as const).map((key) => ({ key, label: key === 'pretty' ? 'Pretty' : 'Raw', testId: `${testId}-tab-${key}` }));

  if (body === null || body.text === '') {
    return (
      <section className="inspector-body" data-testid={testId} data-state="empty" aria-label={label}>
        <h3 className="inspector-section-title">{label}</h3>
        <p className="muted">No body.</p>
      </section>
    );
  }
  return (
    <section className="inspector-body" data-testid={testId} data-state="ready" data-tab={tab} aria-label={label}>
      <div className="inspector-body-head">
        <h3 className="inspector-section-title">{label}</h3>
        <span className="muted">
          {formatBytes(body.size)}
          {body.contentType ? ` · ${body.contentType}` : ''}
        </span>
        <div className="spacer" />
        <TabList id={tabsId} label={`${label} view`} items={tabs} selected={tab} onSelect={setTab} className="inspector-tabs" tabClassName="inspector-tab" />
      </div>
      <TabPanels id={tabsId} items={tabs} selected={tab} className="inspector-body-panel">
        {body.truncated && (
          <p className="inspector-note" data-testid={`${testId}-truncated`}>
            The journal kept the first {formatBytes(body.text.length)} of {formatBytes(body.size)}; the rest was not recorded.
          </p>
        )}
        {tab === 'pretty' && json && pretty === null && (
          <p className="inspector-note">This body does not parse as JSON{body.truncated ? ' (it was cut)' : ''}; shown as received.</p>
        )}
        {/* A body that looks like JSON but does not parse is linted: the view marks where it stops. */}
        <JsonView value={shown} label={`${label}, ${tab}`} testId={`${testId}-text`} className="code-body" json={json} lint={json && pretty === null} />
      </TabPanels>
    </section>
  );
}

/** Header name/value pairs; the journal has already put "[REDACTED]" where a credential was. */
export function HeadersTable({ label, headers, testId }: { label: string; headers: Record<string, string>; testId: string }) {
  const entries = Object.entries(headers);
  return (
    <section className="inspector-headers" data-testid={testId} aria-label={label}>
      <h3 className="inspector-section-title">{label}</h3>
      {entries.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <table className="inspector-kv">
          <tbody>
            {entries.map(([name, value]) => (
              <tr key={name} data-header={name}>
                <th scope="row">{name}</th>
                <td
                  className={value.includes('[REDACTED]') ? 'is-redacted' : undefined}
                  title={value.includes('[REDACTED]') ? 'Redacted by the journal: secrets are never kept.' : undefined}
                >
                  {value}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
