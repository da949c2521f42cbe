/** What a persona is: the RFC core plus a few declared deviations and output hooks. */
import type { IncomingHttpHeaders } from 'node:http';
import type { FilterNode } from '../../../../shared/filter';
import type { ScimSchema } from '../../../../shared/scim';
import type { ListOutcome, ListParams, ScimCore } from '../resources';
import type { BulkLimits } from '../bulk';
import type { HandlerResult, Rec, ResourceKind, ScimError } from '../types';

export type DemoPersona = 'rfc' | 'cortex' | 'confirmit' | 'coginiti';

export type Endpoint = 'Users' | 'Groups' | 'ServiceProviderConfig' | 'ResourceTypes' | 'Schemas' | 'search' | 'Bulk';

export interface PersonaRequest {
  method: string;
  endpoint: Endpoint;
  /** Path segments after the endpoint (an id, `.search`, a schema URN). */
  rest: string[];
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface PersonaContext {
  /** `http://127.0.0.1:PORT` + the persona's base path. */
  baseUrl: string;
  core: ScimCore;
}

export interface PersonaSpec {
  id: DemoPersona;
  label: string;
  basePath: string;
  description: string;
  /** First path segment (exact spelling) → endpoint. Anything else answers 404. */
  routes: Record<string, Endpoint>;
  idStyle: 'uuid' | 'integer';
  /** Discovery endpoints answer without a token. */
  publicDiscovery: boolean;
  /** Token-bucket rate limiting (429 problem+json). */
  rateLimited: boolean;
  etags: boolean;
  cursor: boolean;
  /** Whether sortBy/sortOrder are honoured (otherwise silently ignored). */
  sort: boolean;
  /** RFC strictness on request bodies' `schemas`. */
  strict: boolean;
  /** Users carry the computed `groups` attribute. */
  userGroups: boolean;
  contentType: string;
  createStatus: 200 | 201;
  maxResults: number;
  defaultCount: number;
  /** RFC 7644 §3.7 Bulk with these limits; absent: POST /Bulk answers 501 and discovery says unsupported. */
  bulk?: BulkLimits;
  /** Extension schemas beyond EnterpriseUser that users may carry. */
  userExtensions?: ScimSchema[];
  filterPolicy: (text: string, kind: ResourceKind) => FilterNode | null;
  /** meta.location and `$ref` for a resource; default: absolute URL under the base URL. */
  urlFor?: (baseUrl: string, kind: ResourceKind, id: string) => string;
  /** Validates a path id before lookup (e.g. integers only); false → 404. */
  validId?: (id: string) => boolean;
  hooks?: PersonaHooks;
}

export interface PersonaHooks {
  /** Adapts a POST/PUT body before the core sees it. */
  request?: (kind: ResourceKind, body: unknown) => unknown;
  /** Shapes one resource representation (after projection). */
  resource?: (kind: ResourceKind, rec: Rec, ctx: PersonaContext) => Rec;
  /** The list envelope; default: an RFC 7644 ListResponse. */
  list?: (kind: ResourceKind, outcome: ListOutcome, ctx: PersonaContext) => unknown;
  /** Replaces list handling altogether (e.g. a bare array of everything). */
  listOverride?: (kind: ResourceKind, params: ListParams, ctx: PersonaContext) => HandlerResult | undefined;
  /** The answer to a successful DELETE; default 204. */
  deleted?: (kind: ResourceKind, rendered: Rec, ctx: PersonaContext) => HandlerResult;
  /** Extracts the PatchOp operations from the body; default: RFC `Operations` with the PatchOp schema. */
  patchOperations?: (body: unknown) => unknown;
  /** An error's answer; default: an RFC 7644 §3.12 error body. */
  error?: (err: ScimError) => HandlerResult;
  /** The answer to a missing or wrong token; default: a SCIM 401 error. */
  unauthorized?: () => HandlerResult;
  /** Discovery answers; return undefined for the default document. */
  discovery?: (endpoint: 'ServiceProviderConfig' | 'ResourceTypes' | 'Schemas', rest: string[], ctx: PersonaContext) => HandlerResult | undefined;
}
