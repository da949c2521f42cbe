/**
 * `coginiti` (seed 004): base /api/v1/scim/v2, filters limited to `userName eq` — and any other
 * filter is silently ignored (every resource comes back), DELETE answers 200 `{"status":"200"}`,
 * the enterprise extension carries Coginiti's own fields, group member `type` is "USER", no
 * `meta`, no ETags, sortBy ignored.
 */
import { SCHEMA_ENTERPRISE_USER } from '../../../../shared/scim';
import type { Rec, ResourceKind } from '../types';
import { isUserNameEq, tryParse } from './filters';
import { rfcPersona } from './rfc';
import type { PersonaSpec } from './types';

function shapeUser(rec: Rec): Rec {
  const { meta: _meta, groups, ...out } = rec;
  const name = out.name as Rec | undefined;
  if (name) out.name = { givenName: name.givenName, familyName: name.familyName, fullName: name.formatted, formatted: name.formatted, ...name };
  if ('displayName' in out || 'userName' in out) {
    const title = typeof rec.title === 'string' ? rec.title : '';
    out.roles = (rec.roles as Rec[] | undefined) ?? [{ value: /Manager|Director|VP|Chief/.test(title) ? 'admin' : 'user' }];
  }
  const ext = out[SCHEMA_ENTERPRISE_USER] as Rec | undefined;
  if (ext) out[SCHEMA_ENTERPRISE_USER] = { ...ext, superUser: false, userStatus: 'CONFIRMED', external: false };
  if (groups !== undefined || 'userName' in out) {
    out.groups = ((groups as Rec[] | undefined) ?? []).map((g) => ({ value: g.value, $ref: g.$ref, display: g.display }));
  }
  return out;
}

function shapeGroup(rec: Rec): Rec {
  const { meta: _meta, members, ...out } = rec;
  if (typeof out.displayName === 'string') {
    out.description = `${out.displayName} group`;
    out.external = false;
  }
  if (Array.isArray(members)) out.members = members.map((m: Rec) => ({ ...m, type: String(m.type ?? 'User').toUpperCase() }));
  return out;
}

export const coginitiPersona: PersonaSpec = {
  ...rfcPersona,
  bulk: undefined, // no Bulk: only the rfc persona offers it
  id: 'coginiti',
  label: 'Coginiti',
  basePath: '/coginiti/api/v1/scim/v2',
  description:
    'Coginiti: filters limited to userName eq, and any other filter is silently ignored so every resource comes back; DELETE answers 200 {"status":"200"}; group member type "USER"; no meta, no ETags, sortBy ignored.',
  routes: { Users: 'Users', Groups: 'Groups', ServiceProviderConfig: 'ServiceProviderConfig', ResourceTypes: 'ResourceTypes', Schemas: 'Schemas' },
  publicDiscovery: false,
  etags: false,
  cursor: false,
  sort: false,
  strict: false,
  filterPolicy: (text, kind: ResourceKind) => {
    // "Unsupported filters return all results: if a filter cannot be processed, all users/groups are returned."
    const node = tryParse(text);
    return kind === 'User' && node && isUserNameEq(node) ? node : null;
  },
  hooks: {
    resource: (kind, rec) => (kind === 'User' ? shapeUser(rec) : shapeGroup(rec)),
    deleted: () => ({ status: 200, body: { status: '200' } }),
  },
};
