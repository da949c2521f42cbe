/** SCIM 2.0 schema and message URNs (RFC 7643 §8, RFC 7644 §3 and §8.2, RFC 9865). */

export const SCHEMA_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCHEMA_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const SCHEMA_ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const SCHEMA_SERVICE_PROVIDER_CONFIG = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const SCHEMA_RESOURCE_TYPE = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

export const MESSAGE_LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const MESSAGE_SEARCH_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
export const MESSAGE_PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const MESSAGE_BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const MESSAGE_BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';
export const MESSAGE_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** Every URN above, grouped for convenient imports (`SCIM_URNS.USER`). */
export const SCIM_URNS = {
  USER: SCHEMA_USER,
  GROUP: SCHEMA_GROUP,
  ENTERPRISE_USER: SCHEMA_ENTERPRISE_USER,
  SERVICE_PROVIDER_CONFIG: SCHEMA_SERVICE_PROVIDER_CONFIG,
  RESOURCE_TYPE: SCHEMA_RESOURCE_TYPE,
  SCHEMA: SCHEMA_SCHEMA,
  LIST_RESPONSE: MESSAGE_LIST_RESPONSE,
  SEARCH_REQUEST: MESSAGE_SEARCH_REQUEST,
  PATCH_OP: MESSAGE_PATCH_OP,
  BULK_REQUEST: MESSAGE_BULK_REQUEST,
  BULK_RESPONSE: MESSAGE_BULK_RESPONSE,
  ERROR: MESSAGE_ERROR,
} as const;

/** The `scimType` error keywords of RFC 7644 §3.12, plus RFC 9865's cursor errors. */
export const SCIM_ERROR_TYPES = [
  'invalidFilter',
  'tooMany',
  'uniqueness',
  'mutability',
  'invalidSyntax',
  'invalidPath',
  'noTarget',
  'invalidValue',
  'invalidVers',
  'sensitive',
  'invalidCursor',
  'expiredCursor',
  'invalidCount',
] as const;
export type ScimErrorType = (typeof SCIM_ERROR_TYPES)[number];
