import { useMemo, useState } from 'react';
import type { Capabilities, ResourceTypeDef, ScimResource } from '../../../../shared/contract';
import type { PatchOperation } from '../../../../shared/patch';
import { resourceKindOf } from '../../scim';
import { MemberPicker } from '../../ui/MemberPicker';
import { refsIn } from '../../../../shared/scim';
import { templateOperations, templateSchemaOf, TEMPLATES, type TemplateDef } from './templates';

export interface TemplatesProps {
  connectionId: string;
  type: ResourceTypeDef | undefined;
  /** Where users are searched for the templates that pick members or a manager. */
  usersEndpoint: string | undefined;
  resource: ScimResource | null;
  /** The server's resource types and schemas: generated values leave out what they mark readOnly. */
  capabilities: Pick<Capabilities, 'resourceTypes' | 'schemas'>;
  onInsert: (operations: PatchOperation[]) => void;
}

/** Ready-made operations (deactivate, members, manager, …), inserted as editable rows. */
export function Templates({ connectionId, type, usersEndpoint, resource, capabilities, onInsert }: TemplatesProps) {
  const [picking, setPicking] = useState<TemplateDef | null>(null);
  const resourceKind = resourceKindOf(type, resource ?? {});
  const kind = resourceKind === 'groups' ? 'group' : resourceKind === 'users' ? 'user' : null;
  const schema = useMemo(() => templateSchemaOf(capabilities), [capabilities]);
  const why = (t: TemplateDef): string | null => {
    if (!resource) return 'Pick a resource first';
    if (t.for !== kind) return `For ${t.for}s: the target is ${kind ? `a ${kind}` : 'neither a user nor a group'}`;
    if (t.pick && !usersEndpoint) return 'This server has no Users to pick from';
    return null;
  };
  const insert = (t: TemplateDef) => {
    if (!resource) return;
    if (t.pick) setPicking(t);
    else onInsert(templateOperations(t.id, resource, [], schema));
  };

  return (
    <div className="patch-templates" data-testid="patch-templates">
      <span className="patch-inline-label">Templates</span>
      {TEMPLATES.map((t) => {
        const reason = why(t);
        return (
          <button
            key={t.id}
            type="button"
            className="button button-subtle patch-template"
            data-testid={`patch-template-${t.id}`}
            disabled={!!reason}
            title={reason ?? `Insert: ${t.label}`}
            onClick={() => insert(t)}
          >
            {t.label}
          </button>
        );
      })}
      {picking && resource && usersEndpoint && (
        <div className="patch-template-picker" data-testid="patch-template-picker">
          <p className="muted">
            {picking.pick === 'user' ? `${picking.label}: pick the manager (the first one selected is used).` : `${picking.label}: pick the users.`}
          </p>
          <MemberPicker
            connectionId={connectionId}
            endpoint={usersEndpoint}
            kind="users"
            already={new Set(picking.id === 'add-members' ? (refsIn(resource, 'members') ?? []).map((r) => r.value) : [])}
            onCancel={() => setPicking(null)}
            single={picking.pick === 'user'}
            confirmLabel={picking.pick === 'user' ? 'Use as manager' : 'Insert operations'}
            onPick={(refs) => {
              onInsert(templateOperations(picking.id, resource, picking.pick === 'user' ? refs.slice(0, 1) : refs, schema));
              setPicking(null);
            }}
          />
        </div>
      )}
    </div>
  );
}
