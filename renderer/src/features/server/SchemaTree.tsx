import { Fragment } from 'react';
import type { ScimAttribute, ScimSchema } from '../../../../shared/scim';
import { ServerText } from '../../ui/ServerText';
import { attributeCount } from './model';
import { toggleOpen, useServerDraft } from './state';

interface SchemaTreeProps {
  connectionId: string;
  schemas: readonly ScimSchema[];
  /** Whether the schemas came from the server's /Schemas, or the RFC core schemas stand in. */
  fromServer: boolean;
}

/**
 * Each schema a disclosure (a button with aria-expanded), its attributes a table of their
 * characteristics; an attribute with sub-attributes is a disclosure of its own, its sub-attributes
 * rows indented under it. Opened nodes are kept in the screen's draft.
 */
export function SchemaTree({ connectionId, schemas, fromServer }: SchemaTreeProps) {
  const [draft, update] = useServerDraft(connectionId);
  const toggle = (node: string) => update((d) => ({ open: toggleOpen(d.open, node) }));
  const allOpen = schemas.length > 0 && schemas.every((s) => draft.open.includes(s.id));
  return (
    <section className="server-section" aria-labelledby="server-schemas-title">
      <div className="server-section-header">
        <h2 id="server-schemas-title">Schemas ({schemas.length})</h2>
        {!fromServer && <span className="muted small">The server's /Schemas could not be read: these are the RFC 7643 core schemas.</span>}
        <span className="spacer" />
        {schemas.length > 1 && (
          <button
            type="button"
            className="button button-subtle"
            data-testid="server-schemas-toggle-all"
            onClick={() =>
              update((d) => ({
                open: allOpen ? d.open.filter((n) => !schemas.some((s) => s.id === n)) : [...new Set([...d.open, ...schemas.map((s) => s.id)])],
              }))
            }
          >
            {allOpen ? 'Collapse all' : 'Expand all'}
          </button>
        )}
      </div>
      <ul className="schema-tree" data-testid="server-schemas">
        {schemas.map((schema) => {
          const open = draft.open.includes(schema.id);
          const panelId = `schema-${connectionId}-${schema.id}`.replace(/[^\w-]/g, '_');
          return (
            <li key={schema.id} className="schema-node" data-testid="server-schema" data-schema={schema.id}>
              <button type="button" className="disclosure" aria-expanded={open} aria-controls={panelId} onClick={() => toggle(schema.id)}>
                <Chevron />
                <span className="schema-name">
                  <ServerText value={schema.name || schema.id} />
                </span>
                <span className="mono muted schema-id">
                  <ServerText value={schema.id} />
                </span>
                <span className="muted small">{countText(schema.attributes)}</span>
              </button>
              <div id={panelId} className="schema-body" hidden={!open}>
                {open && (
                  <>
                    {schema.description && (
                      <p className="server-description">
                        <ServerText value={schema.description} />
                      </p>
                    )}
                    <AttributeTable schema={schema} open={draft.open} onToggle={toggle} />
                  </>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

const countText = (attributes: readonly ScimAttribute[]) => {
  const n = attributeCount(attributes);
  return n === 1 ? '1 attribute' : `${n} attributes`;
};

export const Chevron = () => (
  <svg className="disclosure-chevron" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
    <path d="M4 2.5 7.5 6 4 9.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
  </svg>
);

function AttributeTable({ schema, open, onToggle }: { schema: ScimSchema; open: readonly string[]; onToggle: (node: string) => void }) {
  if (schema.attributes.length === 0) return <p className="muted">No attributes.</p>;
  return (
    <div className="attr-table-scroll">
      <table className="data-table attr-table" data-testid="server-attributes" aria-label={`Attributes of ${schema.name || schema.id}`}>
        <thead>
          <tr>
            <th scope="col">Attribute</th>
            <th scope="col">Type</th>
            <th scope="col">Multi-valued</th>
            <th scope="col">Required</th>
            <th scope="col">Case exact</th>
            <th scope="col">Mutability</th>
            <th scope="col">Returned</th>
            <th scope="col">Uniqueness</th>
            <th scope="col">Canonical values</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          <AttributeRows attributes={schema.attributes} depth={0} prefix={`${schema.id} `} open={open} onToggle={onToggle} />
        </tbody>
      </table>
    </div>
  );
}

interface AttributeRowsProps {
  attributes: readonly ScimAttribute[];
  depth: number;
  /** The node key of the parent: `<schema id> ` then dotted names. */
  prefix: string;
  open: readonly string[];
  onToggle: (node: string) => void;
}

function AttributeRows({ attributes, depth, prefix, open, onToggle }: AttributeRowsProps) {
  return attributes.map((attr) => {
    const node = `${prefix}${attr.name}`;
    const subs = attr.subAttributes ?? [];
    const expanded = subs.length > 0 && open.includes(node);
    return (
      <Fragment key={node}>
        <tr data-testid="server-attribute" data-path={node.slice(node.indexOf(' ') + 1)} className={`attr-row attr-depth-${Math.min(depth, 3)}`}>
          <th scope="row">
            {subs.length > 0 ? (
              <button type="button" className="disclosure attr-name" aria-expanded={expanded} onClick={() => onToggle(node)}>
                <Chevron />
                <ServerText value={attr.name} />
                <span className="muted small">({subs.length})</span>
              </button>
            ) : (
              <span className="attr-name attr-leaf">
                <ServerText value={attr.name} />
              </span>
            )}
          </th>
          <td className="mono">
            {attr.type}
            {attr.referenceTypes?.length ? <span className="muted"> ({attr.referenceTypes.join(', ')})</span> : null}
          </td>
          <YesNo value={attr.multiValued} />
          <YesNo value={attr.required} />
          <YesNo value={attr.caseExact} />
          <td>{attr.mutability}</td>
          <td>{attr.returned}</td>
          <td>{attr.uniqueness}</td>
          <td className="attr-canonical">
            {attr.canonicalValues?.length ? <ServerText value={attr.canonicalValues.join(', ')} /> : <span className="muted">—</span>}
          </td>
          <td className="attr-description">{attr.description ? <ServerText value={attr.description} /> : null}</td>
        </tr>
        {expanded && <AttributeRows attributes={subs} depth={depth + 1} prefix={`${node}.`} open={open} onToggle={onToggle} />}
      </Fragment>
    );
  });
}

const YesNo = ({ value }: { value: boolean }) => <td className={value ? 'attr-yes' : 'attr-no muted'}>{value ? 'yes' : 'no'}</td>;
