/**
 * The composer's templates: common changes as PatchOp operations, their generated values obeying the
 * server's schema (readOnly sub-attributes left out).
 */
import type { Capabilities, ScimResource } from '../../../../shared/contract';
import type { PatchOperation } from '../../../../shared/patch';
import { CORE_SCHEMAS, readOnlySubAttributes, SCHEMA_ENTERPRISE_USER, SCHEMA_GROUP, withoutKeys } from '../../../../shared/scim';
import { isObject, keyOf } from '../../scim';
import { memberReadOnlySubAttributes } from '../../scim/capabilities';

export type TemplateId = 'deactivate' | 'add-members' | 'remove-member' | 'replace-members' | 'rename-group' | 'set-manager' | 'replace-primary-email';

export interface TemplateDef {
  id: TemplateId;
  label: string;
  /** Which resources it is for. */
  for: 'user' | 'group';
  /** Users to pick first (members, a manager), or none. */
  pick?: 'users' | 'user';
}

export const TEMPLATES: readonly TemplateDef[] = [
  { id: 'deactivate', label: 'Deactivate user', for: 'user' },
  { id: 'replace-primary-email', label: 'Replace primary email', for: 'user' },
  { id: 'set-manager', label: 'Set enterprise manager', for: 'user', pick: 'user' },
  { id: 'add-members', label: 'Add members', for: 'group', pick: 'users' },
  { id: 'remove-member', label: 'Remove a member', for: 'group' },
  { id: 'replace-members', label: 'Replace members', for: 'group', pick: 'users' },
  { id: 'rename-group', label: 'Rename group', for: 'group' },
];

export interface PickedRef {
  value: string;
  display?: string;
}

const PLACEHOLDER_ID = 'member-id';

function primaryEmail(resource: ScimResource): string | undefined {
  const emails = resource[keyOf(resource, 'emails')];
  if (!Array.isArray(emails)) return undefined;
  const entries = emails.filter(isObject);
  const primary = entries.find((e) => e[keyOf(e, 'primary')] === true) ?? entries[0];
  const value = primary?.[keyOf(primary, 'value')];
  return typeof value === 'string' ? value : undefined;
}

function firstMember(resource: ScimResource): string | undefined {
  const members = resource[keyOf(resource, 'members')];
  if (!Array.isArray(members)) return undefined;
  const first = members.find(isObject);
  const value = first?.[keyOf(first, 'value')];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

const quoted = (text: string) => JSON.stringify(text);

/** Sub-attributes the server's schema marks readOnly (lowercase), left out of the values templates generate. */
export interface TemplateSchema {
  member: readonly string[];
  manager: readonly string[];
}

/** What the server's schemas forbid in generated member and manager values (the RFC's where it publishes none). */
export function templateSchemaOf(capabilities: Pick<Capabilities, 'resourceTypes' | 'schemas'>): TemplateSchema {
  return { member: memberReadOnlySubAttributes(capabilities), manager: readOnlySubAttributes(capabilities.schemas, SCHEMA_ENTERPRISE_USER, 'manager') };
}

const RFC_TEMPLATE_SCHEMA: TemplateSchema = {
  member: readOnlySubAttributes(CORE_SCHEMAS, SCHEMA_GROUP, 'members'),
  manager: readOnlySubAttributes(CORE_SCHEMAS, SCHEMA_ENTERPRISE_USER, 'manager'),
};

/**
 * A template's operations for a resource, with picked users where the template asks for them. Generated
 * values obey the server's schema: sub-attributes it marks readOnly (`members.display` on some servers,
 * `manager.displayName`) are left out; values typed later are checked on their row as any other.
 */
export function templateOperations(
  id: TemplateId,
  resource: ScimResource,
  picked: readonly PickedRef[] = [],
  schema: TemplateSchema = RFC_TEMPLATE_SCHEMA,
): PatchOperation[] {
  const refs = picked.map((p) => withoutKeys({ value: p.value, ...(p.display ? { display: p.display } : {}) }, schema.member));
  switch (id) {
    case 'deactivate':
      return [{ op: 'replace', path: 'active', value: false }];
    case 'replace-primary-email': {
      const now = primaryEmail(resource);
      const next = now ? now.replace(/^([^@]*)@/, '$1.new@') : 'new.address@example.com';
      return [{ op: 'replace', path: 'emails[primary eq true].value', value: next }];
    }
    case 'set-manager': {
      const manager = picked[0];
      const value = { value: manager?.value ?? 'manager-id', ...(manager?.display ? { displayName: manager.display } : {}) };
      return [{ op: 'replace', path: `${SCHEMA_ENTERPRISE_USER}:manager`, value: withoutKeys(value, schema.manager) }];
    }
    case 'add-members':
      return [{ op: 'add', path: 'members', value: refs.length ? refs : [{ value: PLACEHOLDER_ID }] }];
    case 'replace-members':
      return [{ op: 'replace', path: 'members', value: refs.length ? refs : [{ value: PLACEHOLDER_ID }] }];
    case 'remove-member':
      return [{ op: 'remove', path: `members[value eq ${quoted(firstMember(resource) ?? PLACEHOLDER_ID)}]` }];
    case 'rename-group': {
      const name = resource[keyOf(resource, 'displayName')];
      return [{ op: 'replace', path: 'displayName', value: `${typeof name === 'string' ? name : 'Group'} (renamed)` }];
    }
  }
}
