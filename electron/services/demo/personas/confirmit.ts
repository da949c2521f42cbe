/**
 * `confirmit` (seed 003): base /v2 with lowercase paths (`/v2/users`, `/v2/groups`,
 * `/v2/resourceTypes`, `/v2/schemas`, `/v2/serviceProviderConfig`), integer ids (users' `id` is a
 * JSON number; groups' a numeric string, as the seed shows), list key `resources` without
 * `startIndex` and with `itemsPerPage` echoing the page size, `GET /groups` and `/resourceTypes`
 * as bare arrays, PatchOp key `operations`, `/schemas` with `Description` and `"uniqueness "` keys,
 * errors with `errorType` and a numeric `status`, 200 on create, an "expanded" user extension,
 * relative meta.location, application/json.
 */
import { MESSAGE_ERROR, MESSAGE_LIST_RESPONSE, SCHEMA_GROUP, SCHEMA_USER, scimAttribute, type ScimAttribute, type ScimSchema } from '../../../../shared/scim';
import { ScimError, type HandlerResult, type Rec, type ResourceKind } from '../types';
import { rfcPersona } from './rfc';
import type { PersonaContext, PersonaSpec } from './types';

export const SCHEMA_CONFIRMIT_EXPANDED_USER = 'urn:ietf:params:scim:schemas:expanded:2.0:User';

const a = (name: string, type: ScimAttribute['type'], description: string, o: Partial<ScimAttribute> = {}) => scimAttribute(name, type, description, o);

/** The schemas exactly as Confirmit's /v2/schemas documents them. */
const CONFIRMIT_SCHEMAS: ScimSchema[] = [
  {
    id: SCHEMA_USER,
    name: 'User',
    description: 'User Schema',
    attributes: [
      a('id', 'integer', 'Unique identifier for the user.', { mutability: 'readOnly', returned: 'always', uniqueness: 'server' }),
      a('userName', 'string', 'Unique identifier which is created with name from email and ProviderId.', { mutability: 'readOnly', uniqueness: 'server' }),
      a('name', 'complex', "The user's full name.", {
        subAttributes: [a('givenName', 'string', "The user's given name."), a('familyName', 'string', "The user's family name.")],
      }),
      a('emails', 'complex', 'Email addresses of the user.', {
        multiValued: true,
        mutability: 'immutable',
        uniqueness: 'global',
        subAttributes: [
          a('value', 'string', 'The actual email value.', { mutability: 'immutable', uniqueness: 'global' }),
          a('type', 'string', 'Type of email.', { mutability: 'immutable' }),
          a('primary', 'boolean', 'Defines if the current email is the primary one.', { mutability: 'immutable' }),
        ],
      }),
      a('password', 'string', "The user's cleartext password", { mutability: 'immutable' }),
      a('externalId', 'string', "Contains the provided value for property 'UserName' during creation.", { mutability: 'readOnly' }),
      a('active', 'boolean', 'Represents if the user is either active or inactive'),
    ],
  },
  {
    id: SCHEMA_CONFIRMIT_EXPANDED_USER,
    name: 'User Expanded',
    description: 'Expanded User Schema',
    attributes: [
      a('companyId', 'integer', "Defines the user's company.", { mutability: 'immutable' }),
      a('languageId', 'integer', "Represents the user's language.", { canonicalValues: ['9'] }),
    ],
  },
  {
    id: SCHEMA_GROUP,
    name: 'Group',
    description: 'Group Schema',
    attributes: [
      a('id', 'integer', 'Unique identifier for a group.', { mutability: 'readOnly', returned: 'always', uniqueness: 'server' }),
      a('displayName', 'string', "Represents the group's name."),
      a('members', 'complex', 'A list of members of the group.', {
        multiValued: true,
        mutability: 'immutable',
        subAttributes: [
          a('value', 'string', 'Identifier of the member of this group.', { mutability: 'immutable' }),
          a('$ref', 'reference', 'The URI corresponding to a SCIM resource that is a member of this group.', {
            mutability: 'immutable',
            referenceTypes: ['User', 'Group'],
          }),
          a('type', 'string', "A label indicating the type of resource, e.g., 'User' or 'Group'.", {
            mutability: 'immutable',
            canonicalValues: ['User', 'Group'],
          }),
        ],
      }),
    ],
  },
];

/** The writable expanded extension, as the core validates it. */
const EXPANDED_USER_SCHEMA: ScimSchema = {
  ...CONFIRMIT_SCHEMAS[1],
  attributes: [scimAttribute('companyId', 'integer', "Defines the user's company."), scimAttribute('languageId', 'integer', "Represents the user's language.")],
};

/** An attribute the way Confirmit renders it: `Description`, `CanonicalValues`, `"uniqueness "`, `"Default"`. */
function quirkyAttribute(attr: ScimAttribute): Rec {
  const out: Rec = { name: attr.name, type: attr.type };
  if (attr.subAttributes?.length) out.subAttributes = attr.subAttributes.map(quirkyAttribute);
  if (attr.multiValued) out.multiValued = true;
  out.Description = attr.description;
  if (attr.canonicalValues) out.CanonicalValues = attr.canonicalValues;
  out.mutability = attr.mutability;
  out.returned = attr.returned === 'default' ? 'Default' : attr.returned;
  if (attr.uniqueness !== 'none') out['uniqueness '] = attr.uniqueness;
  if (attr.referenceTypes) out.referenceType = attr.referenceTypes;
  return out;
}

/** `2024-06-10T09:04:57.2324637+00:00`: .NET's round-trip format. */
const dotnetDate = (v: unknown) => (typeof v === 'string' ? v.replace(/\.(\d{3})Z$/, '.$10000+00:00').replace(/(\d{2}:\d{2}:\d{2})Z$/, '$1.0000000+00:00') : v);

function shapeMeta(meta: unknown): Rec | undefined {
  if (typeof meta !== 'object' || meta === null) return undefined;
  const m = meta as Rec;
  return { resourceType: m.resourceType, created: dotnetDate(m.created), lastModified: dotnetDate(m.lastModified), location: m.location };
}

function shapeUser(rec: Rec): Rec {
  const out: Rec = {};
  if (rec.id !== undefined) out.id = Number(rec.id);
  if (rec.userName !== undefined) out.userName = rec.userName;
  const name = rec.name as Rec | undefined;
  if (name) out.name = { givenName: name.givenName, familyName: name.familyName };
  if (Array.isArray(rec.emails))
    out.emails = rec.emails.map((e: Rec) => (e.primary === undefined ? { value: e.value } : { value: e.value, primary: e.primary }));
  if (rec.externalId !== undefined) out.externalId = rec.externalId;
  if (rec.active !== undefined) out.active = rec.active;
  const expanded = (rec[SCHEMA_CONFIRMIT_EXPANDED_USER] as Rec | undefined) ?? {};
  out[SCHEMA_CONFIRMIT_EXPANDED_USER] = { CompanyId: expanded.companyId ?? 1, LanguageId: expanded.languageId ?? 9, UserType: 'professional' };
  const meta = shapeMeta(rec.meta);
  if (meta) out.meta = meta;
  out.schemas = [SCHEMA_USER, SCHEMA_CONFIRMIT_EXPANDED_USER];
  return out;
}

function shapeGroup(rec: Rec, withSchemas = true): Rec {
  const out: Rec = {};
  if (rec.id !== undefined) out.id = String(rec.id);
  if (rec.displayName !== undefined) out.displayName = rec.displayName;
  if (Array.isArray(rec.members)) out.members = rec.members.map((m: Rec) => ({ value: m.value, display: m.display }));
  const meta = shapeMeta(rec.meta);
  if (meta) out.meta = meta;
  if (withSchemas) out.schemas = [SCHEMA_GROUP];
  return out;
}

const ERROR_TYPES: Record<string, number> = { notFound: 1, invalidFilter: 2, uniqueness: 3, invalidSyntax: 4, mutability: 5, invalidValue: 6 };

function confirmitError(err: ScimError): HandlerResult {
  const notFound = err.status === 404;
  const what = err.resource ?? 'resource';
  const detail = notFound && err.resource ? `Specified ${what} could not be found.` : err.message;
  const scimType = notFound ? 'invalidValue' : err.scimType;
  const body: Rec = { detail, status: err.status };
  if (scimType) body.scimType = scimType;
  body.errorType = notFound ? ERROR_TYPES.notFound : (ERROR_TYPES[err.scimType ?? ''] ?? 0);
  body.schemas = [MESSAGE_ERROR];
  return { status: err.status, headers: err.headers, body };
}

/** Confirmit derives userName from the e-mail address: its create example sends none. */
function confirmitRequest(kind: ResourceKind, body: unknown): unknown {
  if (kind !== 'User' || typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const b = body as Rec;
  if (typeof b.userName === 'string' && b.userName) return b;
  const emails = Array.isArray(b.emails) ? (b.emails as Rec[]) : [];
  const email = (emails.find((e) => e?.primary === true) ?? emails[0])?.value;
  return typeof email === 'string' ? { ...b, userName: email } : b;
}

/** Confirmit's PatchOp: `operations` (lowercase), `path: ""` meaning no path, `value: {}` on removes, single objects added to arrays. */
function confirmitOperations(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Rec;
  const ops = b.operations ?? b.Operations;
  if (!Array.isArray(ops)) return ops;
  return ops.map((raw) => {
    if (typeof raw !== 'object' || raw === null) return raw;
    const op = { ...(raw as Rec) };
    if (op.path === '') delete op.path;
    const verb = String(op.op ?? '').toLowerCase();
    if (verb === 'remove' && typeof op.value === 'object' && op.value !== null && !Array.isArray(op.value) && Object.keys(op.value).length === 0)
      delete op.value;
    if (
      verb === 'add' &&
      typeof op.path === 'string' &&
      /^members$/i.test(op.path) &&
      typeof op.value === 'object' &&
      op.value !== null &&
      !Array.isArray(op.value)
    )
      op.value = [op.value];
    return op;
  });
}

function discovery(endpoint: 'ServiceProviderConfig' | 'ResourceTypes' | 'Schemas', rest: string[], ctx: PersonaContext): HandlerResult {
  if (rest.length) throw new ScimError(404, 'Not found');
  const base = new URL(ctx.baseUrl).pathname;
  if (endpoint === 'ServiceProviderConfig') {
    return {
      status: 200,
      body: {
        documentationUri: '',
        patch: { supported: true },
        bulk: {},
        filter: { maxResults: 10000, supported: true },
        changePassword: {},
        sort: { supported: true },
        eTag: {},
        authenticationSchemes: [
          {
            name: 'OAuth Bearer Token',
            description: 'Authentication scheme using the OAuth Bearer Token Standard',
            specUri: 'http://www.rfc-editor.org/info/rfc6750',
            documentationUri: 'http://example.com/help/oauth.html',
            type: 'oauthbearertoken',
            primary: true,
          },
        ],
        meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      },
    };
  }
  if (endpoint === 'ResourceTypes') {
    return {
      status: 200,
      body: [
        {
          id: 'User',
          name: 'User',
          description: 'User Account',
          endpoint: '/Users',
          schema: SCHEMA_USER,
          schemaExtensions: [{ schema: SCHEMA_CONFIRMIT_EXPANDED_USER, required: true }],
          meta: { resourceType: 'ResourceType', location: `${base}/ResourceType/User` },
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
        },
        {
          id: 'Group',
          name: 'Group',
          description: 'Group',
          endpoint: '/Groups',
          schema: SCHEMA_GROUP,
          meta: { resourceType: 'ResourceType', location: `${base}/ResourceType/Group` },
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
        },
      ],
    };
  }
  const resources = CONFIRMIT_SCHEMAS.map((s) => ({
    id: s.id,
    name: s.name,
    description: s.description,
    attributes: s.attributes.map(quirkyAttribute),
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${s.id}` },
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
  }));
  return { status: 200, body: { totalResults: resources.length, resources, startIndex: 1, itemsPerPage: 10, schemas: [MESSAGE_LIST_RESPONSE] } };
}

export const confirmitPersona: PersonaSpec = {
  ...rfcPersona,
  bulk: undefined, // no Bulk: only the rfc persona offers it
  id: 'confirmit',
  label: 'Confirmit',
  basePath: '/confirmit/v2',
  description:
    'Confirmit: lowercase paths (/users, /groups, /resourceTypes), integer ids, list key "resources" without startIndex, bare JSON arrays from GET /groups and /resourceTypes, PatchOp key "operations", quirky /schemas keys ("Description", "uniqueness "), errors with errorType, 200 on create, application/json.',
  routes: { users: 'Users', groups: 'Groups', resourceTypes: 'ResourceTypes', schemas: 'Schemas', serviceProviderConfig: 'ServiceProviderConfig' },
  idStyle: 'integer',
  publicDiscovery: false,
  etags: false,
  cursor: false,
  strict: false,
  userGroups: false,
  contentType: 'application/json; charset=utf-8',
  createStatus: 200,
  userExtensions: [EXPANDED_USER_SCHEMA],
  urlFor: (baseUrl: string, kind: ResourceKind, id: string) => `${new URL(baseUrl).pathname}/${kind}s/${id}`,
  validId: (id) => /^\d{1,10}$/.test(id),
  hooks: {
    request: confirmitRequest,
    resource: (kind, rec) => (kind === 'User' ? shapeUser(rec) : shapeGroup(rec)),
    list: (_kind, outcome) => ({
      totalResults: outcome.totalResults,
      resources: outcome.resources,
      itemsPerPage: outcome.pageSize,
      schemas: [MESSAGE_LIST_RESPONSE],
    }),
    listOverride: (kind, _params, ctx) => {
      if (kind !== 'Group') return undefined;
      // GET /v2/groups: a bare array of every group, no paging, no filter.
      return { status: 200, body: ctx.core.store.groups.all().map((g) => shapeGroup(ctx.core.render('Group', g), false)) };
    },
    deleted: (kind) => (kind === 'User' ? { status: 200 } : { status: 204 }),
    patchOperations: confirmitOperations,
    error: confirmitError,
    unauthorized: () => ({ status: 401 }),
    discovery,
  },
};
