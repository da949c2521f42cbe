import { useQuery } from '@tanstack/react-query';
import type { Capabilities } from '../../../../shared/contract';
import { useBridge } from '../../bridge';
import { capabilitiesQuery } from '../../scim';
import { DiscoveryStates } from '../../ui/DiscoveryStates';
import { ServerText } from '../../ui/ServerText';
import { SchemaTree } from './SchemaTree';
import './discovery.css';

const flag = (value: boolean | null) => (value === null ? 'not stated' : value ? 'yes' : 'no');
/** " (default page 100, max page 1,000)": the limits a server states, if any. */
const limits = (...pairs: Array<[string, number | null]>) => {
  const stated = pairs.filter(([, value]) => value !== null).map(([label, value]) => `${label} ${value!.toLocaleString('en-US')}`);
  return stated.length ? ` (${stated.join(', ')})` : '';
};

/**
 * The server's discovery documents as read by the engine (RFC 7643 §5–7): what ServiceProviderConfig
 * says, the resource types with their schemas and extensions, and each schema's attributes as a tree.
 */
export function DiscoveryPanel({ connectionId }: { connectionId: string }) {
  const bridge = useBridge();
  const capabilities = useQuery(capabilitiesQuery(bridge, connectionId));
  const caps = capabilities.data;
  const state = capabilities.isPending ? 'loading' : capabilities.isError ? 'error' : 'ready';
  return (
    <div className="server-discovery" data-testid="server-discovery" data-state={state}>
      {state !== 'ready' && (
        <DiscoveryStates
          state={state}
          hasConnection
          error={capabilities.error}
          onRetry={() => void capabilities.refetch()}
          loadingText="Reading the server's discovery documents…"
          emptyText=""
        />
      )}
      {caps && (
        <>
          <ServiceProvider caps={caps} />
          <ResourceTypes caps={caps} />
          <SchemaTree connectionId={connectionId} schemas={caps.schemas} fromServer={caps.discovery.schemas} />
        </>
      )}
    </div>
  );
}

function ServiceProvider({ caps }: { caps: Capabilities }) {
  const documents: Array<[string, boolean]> = [
    ['ServiceProviderConfig', caps.discovery.serviceProviderConfig],
    ['ResourceTypes', caps.discovery.resourceTypes],
    ['Schemas', caps.discovery.schemas],
  ];
  return (
    <section className="server-section" aria-labelledby="server-spc-title">
      <h2 id="server-spc-title">Service provider</h2>
      <ul className="server-documents" data-testid="server-documents">
        {documents.map(([name, read]) => (
          <li key={name} className={read ? 'is-read' : 'is-missing'} data-document={name} data-read={read}>
            <span className="mono">/{name}</span> {read ? 'read from the server' : 'not readable: the RFC defaults stand in'}
          </li>
        ))}
      </ul>
      <dl className="server-facts-grid" data-testid="server-provider-config">
        <dt>PATCH</dt>
        <dd>{flag(caps.patch)}</dd>
        <dt>Bulk</dt>
        <dd>
          {flag(caps.bulk.supported)}
          {caps.bulk.supported && limits(['max operations', caps.bulk.maxOperations])}
        </dd>
        <dt>Filter</dt>
        <dd>
          {flag(caps.filter.supported)}
          {limits(['max results', caps.filter.maxResults])}
        </dd>
        <dt>Sort</dt>
        <dd>{flag(caps.sort)}</dd>
        <dt>ETag</dt>
        <dd>{flag(caps.etag)}</dd>
        <dt>Change password</dt>
        <dd>{flag(caps.changePassword)}</dd>
        <dt>Paging</dt>
        <dd>
          {[caps.paging.index && 'index', caps.paging.cursor && 'cursor'].filter(Boolean).join(', ') || 'none stated'}
          {limits(['default page', caps.paging.defaultPageSize], ['max page', caps.paging.maxPageSize])}
        </dd>
        <dt>Authentication</dt>
        <dd>
          {caps.authenticationSchemes.length === 0
            ? 'none stated'
            : caps.authenticationSchemes.map((s, i) => (
                <span key={i}>
                  {i > 0 && ', '}
                  <ServerText value={s.name || s.type} /> <span className="muted">({s.type})</span>
                </span>
              ))}
        </dd>
      </dl>
      {caps.notes.length > 0 && (
        <ul className="server-notes small" data-testid="server-notes">
          {caps.notes.map((note, i) => (
            <li key={i}>
              <ServerText value={note} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ResourceTypes({ caps }: { caps: Capabilities }) {
  return (
    <section className="server-section" aria-labelledby="server-types-title">
      <h2 id="server-types-title">Resource types ({caps.resourceTypes.length})</h2>
      {caps.resourceTypes.length === 0 ? (
        <p className="muted">The server names no resource types, and none was found at the usual endpoints.</p>
      ) : (
        <table className="data-table server-table" data-testid="server-resource-types">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Endpoint</th>
              <th scope="col">Schema</th>
              <th scope="col">Extensions</th>
              <th scope="col">From</th>
            </tr>
          </thead>
          <tbody>
            {caps.resourceTypes.map((type) => (
              <tr key={`${type.name} ${type.endpoint}`} data-testid="server-resource-type" data-name={type.name}>
                <th scope="row">
                  <ServerText value={type.name} />
                  {type.description && type.description !== type.name && (
                    <span className="server-description">
                      <ServerText value={type.description} />
                    </span>
                  )}
                </th>
                <td className="mono">
                  <ServerText value={type.endpoint} />
                </td>
                <td className="mono">
                  <ServerText value={type.schema} />
                </td>
                <td>
                  {type.schemaExtensions.length === 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    <ul className="server-extensions">
                      {type.schemaExtensions.map((ext) => (
                        <li key={ext.schema}>
                          <span className="mono">
                            <ServerText value={ext.schema} />
                          </span>{' '}
                          <span className={ext.required ? 'badge badge-warning' : 'badge'}>{ext.required ? 'required' : 'optional'}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>{type.source === 'discovery' ? 'ResourceTypes' : 'probed'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
