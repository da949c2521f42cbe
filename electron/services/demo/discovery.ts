/** Discovery documents (RFC 7643 §5–§7, RFC 7644 §4), RFC 9865's `pagination` included. */
import { SCHEMA_RESOURCE_TYPE, SCHEMA_SCHEMA, SCHEMA_SERVICE_PROVIDER_CONFIG, type ScimResourceTypeDefinition, type ScimSchema } from '../../../shared/scim';
import type { Rec } from './types';

export interface Capabilities {
  patch: boolean;
  filter: boolean;
  sort: boolean;
  etag: boolean;
  cursor: boolean;
  maxResults: number;
  defaultPageSize: number;
  /** Bulk limits; absent: bulk is not supported. */
  bulk?: { maxOperations: number; maxPayloadSize: number };
}

/** Fixed so the documents are deterministic across runs. */
const DISCOVERY_TIMESTAMP = '2025-01-01T00:00:00.000Z';

export function serviceProviderConfig(baseUrl: string, caps: Capabilities): Rec {
  return {
    schemas: [SCHEMA_SERVICE_PROVIDER_CONFIG],
    documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
    patch: { supported: caps.patch },
    bulk: caps.bulk ? { supported: true, ...caps.bulk } : { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: caps.filter, maxResults: caps.maxResults },
    changePassword: { supported: false },
    sort: { supported: caps.sort },
    etag: { supported: caps.etag },
    pagination: {
      cursor: caps.cursor,
      index: true,
      defaultPaginationMethod: 'index',
      defaultPageSize: caps.defaultPageSize,
      maxPageSize: caps.maxResults,
      ...(caps.cursor ? { cursorTimeout: 3600 } : {}),
    },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication with a bearer token in the Authorization header.',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
    ],
    meta: {
      resourceType: 'ServiceProviderConfig',
      location: `${baseUrl}/ServiceProviderConfig`,
      created: DISCOVERY_TIMESTAMP,
      lastModified: DISCOVERY_TIMESTAMP,
    },
  };
}

export function resourceTypeDocument(baseUrl: string, rt: ScimResourceTypeDefinition): Rec {
  const doc: Rec = { schemas: [SCHEMA_RESOURCE_TYPE], id: rt.id, name: rt.name };
  if (rt.description) doc.description = rt.description;
  doc.endpoint = rt.endpoint;
  doc.schema = rt.schema;
  if (rt.schemaExtensions?.length) doc.schemaExtensions = rt.schemaExtensions;
  doc.meta = { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${rt.id}` };
  return doc;
}

export function schemaDocument(baseUrl: string, schema: ScimSchema): Rec {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    ...(schema.description ? { description: schema.description } : {}),
    attributes: schema.attributes,
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
  };
}
