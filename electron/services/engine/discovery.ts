import { AppError, type Capabilities, type Quirk, type ResourceTypeDef, type SchemaDef, type ScimAttributeDef } from '../../../shared/contract';
import {
  CORE_SCHEMAS,
  SCHEMA_ENTERPRISE_USER,
  SCHEMA_GROUP,
  SCHEMA_USER,
  SCIM_ATTRIBUTE_TYPES,
  SCIM_MUTABILITIES,
  SCIM_RETURNED,
  SCIM_UNIQUENESSES,
} from '../../../shared/scim';
import type { ResolvedConnection } from '../http/client';
import { readListResponse, resourceUrl } from './list-response';
import type { EngineResponse, Requester } from './requester';
import { getCaseInsensitive } from './response';

type Json = Record<string, unknown>;

/**
 * Reads ServiceProviderConfig, ResourceTypes and Schemas, tolerating bare arrays, `resources`, odd key
 * case and absent or protected endpoints; where discovery is missing, probes the well-known endpoints
 * and stands in the RFC core schemas. The result is the capability model every screen uses.
 */
export async function discover(requester: Requester, connection: ResolvedConnection, connectionId: string, signal?: AbortSignal): Promise<Capabilities> {
  const notes: string[] = [];
  const quirks: Quirk[] = [];
  const base = connection.settings.baseUrl;
  // Some servers spell the discovery paths in camelCase or lowercase (/v2/resourceTypes): try those on a 404.
  const fetchJson = async (endpoint: string): Promise<EngineResponse | AppError> => {
    const spellings = [...new Set([endpoint, endpoint.charAt(0).toLowerCase() + endpoint.slice(1), endpoint.toLowerCase()])];
    let first: AppError | undefined;
    for (const spelling of spellings) {
      try {
        const result = await requester.request(connection, { method: 'GET', url: resourceUrl(base, spelling), what: `Reading ${spelling}`, signal });
        if (spelling !== endpoint) {
          result.quirks.push({ code: 'discovery.path-case', message: `Discovery endpoints are spelled "/${spelling}" instead of "/${endpoint}".` });
        }
        return result;
      } catch (error) {
        if (!(error instanceof AppError) || error.code === 'cancelled') throw error;
        first ??= error;
        if (error.status !== 404) return error;
      }
    }
    return first!;
  };
  const [spcResult, typesResult, schemasResult] = await Promise.all([fetchJson('ServiceProviderConfig'), fetchJson('ResourceTypes'), fetchJson('Schemas')]);
  // A server that did not answer in time is not a server without discovery: probing it, and then
  // the caller's own request, would each cost the user another round of timeouts.
  const timedOut = [spcResult, typesResult, schemasResult].find((r): r is AppError => r instanceof AppError && r.code === 'timeout');
  if (timedOut) throw timedOut;
  const collect = (result: EngineResponse | AppError, name: string): unknown => {
    if (result instanceof AppError) {
      notes.push(`${name}: ${result.status === 404 ? 'not available (404)' : result.message}`);
      return undefined;
    }
    quirks.push(...requester.record(connection, result.response.exchangeId, result.quirks));
    return result.json;
  };

  const spc = asObject(collect(spcResult, 'ServiceProviderConfig'));
  const typesJson = collect(typesResult, 'ResourceTypes');
  const schemasJson = collect(schemasResult, 'Schemas');

  const listOf = (json: unknown, name: string, exchangeId?: string): Json[] | undefined => {
    if (json === undefined || json === null) return undefined;
    const page = readListResponse(json, [], name);
    const seen = page.quirks.filter((q) => q.code === 'list.bare-array' || q.code === 'list.resources-key-case');
    quirks.push(
      ...requester.record(
        connection,
        exchangeId ?? '',
        seen.map((q) => ({ ...q, code: `discovery.${q.code}`, message: `${name}: ${q.message}` })),
      ),
    );
    return page.resources;
  };
  const typeList = safe(() => listOf(typesJson, 'ResourceTypes', exchangeOf(typesResult)));
  const schemaList = safe(() => listOf(schemasJson, 'Schemas', exchangeOf(schemasResult)));

  let schemas: SchemaDef[] = (schemaList ?? []).map((raw) =>
    normalizeSchema(raw, (q) => quirks.push(...requester.record(connection, exchangeOf(schemasResult) ?? '', [q]))),
  );
  if (schemas.length === 0) {
    schemas = CORE_SCHEMAS.map((s) => structuredClone(s));
    notes.push('Using the RFC 7643 core schemas (User, Group, EnterpriseUser): the server publishes none.');
  }

  let resourceTypes: ResourceTypeDef[] = (typeList ?? []).map(normalizeResourceType).filter((t): t is ResourceTypeDef => t !== null);
  // A server that spells its discovery paths off the RFC may also publish "/Users" yet answer only at
  // "/users" (Confirmit): check each published endpoint and keep the spelling that answers.
  if (resourceTypes.length > 0 && quirks.some((q) => q.code === 'discovery.path-case')) {
    resourceTypes = await respellEndpoints(requester, connection, resourceTypes, signal, (q) => quirks.push(...requester.record(connection, '', [q])));
  }
  if (resourceTypes.length === 0) {
    resourceTypes = await probeResourceTypes(requester, connection, signal, notes);
    if (resourceTypes.length > 0) {
      quirks.push(
        ...requester.record(connection, '', [
          {
            code: 'discovery.no-resource-types',
            message: `The server publishes no ResourceTypes; found by probing: ${resourceTypes.map((t) => t.endpoint).join(', ')}.`,
          },
        ]),
      );
    }
  }

  const flag = (name: string): boolean | null => readBoolean(asObject(spc ? getCaseInsensitive(spc, name)?.value : undefined), 'supported');
  const filterConfig = asObject(spc ? getCaseInsensitive(spc, 'filter')?.value : undefined);
  const bulkConfig = asObject(spc ? getCaseInsensitive(spc, 'bulk')?.value : undefined);
  const pagination = asObject(spc ? getCaseInsensitive(spc, 'pagination')?.value : undefined);
  const schemesRaw = spc ? getCaseInsensitive(spc, 'authenticationSchemes')?.value : undefined;

  return {
    connectionId,
    discoveredAt: new Date().toISOString(),
    discovery: { serviceProviderConfig: spc !== undefined, resourceTypes: (typeList?.length ?? 0) > 0, schemas: (schemaList?.length ?? 0) > 0 },
    patch: flag('patch'),
    bulk: { supported: flag('bulk'), maxOperations: readInt(bulkConfig, 'maxOperations'), maxPayloadSize: readInt(bulkConfig, 'maxPayloadSize') },
    filter: { supported: flag('filter'), maxResults: readInt(filterConfig, 'maxResults') },
    sort: flag('sort'),
    etag: flag('etag'),
    changePassword: flag('changePassword'),
    // RFC 9865 adds `pagination` to ServiceProviderConfig; without it, index paging is the RFC 7644 default.
    paging: {
      index: pagination ? readBoolean(pagination, 'index') !== false : true,
      cursor: pagination ? readBoolean(pagination, 'cursor') === true : false,
      defaultPageSize: readInt(pagination, 'defaultPageSize'),
      maxPageSize: readInt(pagination, 'maxPageSize') ?? readInt(filterConfig, 'maxResults'),
    },
    resourceTypes,
    schemas,
    authenticationSchemes: Array.isArray(schemesRaw)
      ? schemesRaw
          .map(asObject)
          .filter((s): s is Json => s !== undefined)
          .map((s) => ({ type: String(getCaseInsensitive(s, 'type')?.value ?? ''), name: String(getCaseInsensitive(s, 'name')?.value ?? '') }))
      : [],
    notes,
    quirks: dedupe(quirks),
  };
}

/** Users-only and discovery-less servers: try the RFC's well-known endpoints, then lowercase ones. */
async function probeResourceTypes(
  requester: Requester,
  connection: ResolvedConnection,
  signal: AbortSignal | undefined,
  notes: string[],
): Promise<ResourceTypeDef[]> {
  const found: ResourceTypeDef[] = [];
  const candidates = [
    { name: 'User', schema: SCHEMA_USER, endpoints: ['Users', 'users'], extensions: [{ schema: SCHEMA_ENTERPRISE_USER, required: false }] },
    { name: 'Group', schema: SCHEMA_GROUP, endpoints: ['Groups', 'groups'], extensions: [] },
  ];
  for (const candidate of candidates) {
    for (const endpoint of candidate.endpoints) {
      try {
        await requester.request(connection, {
          method: 'GET',
          url: resourceUrl(connection.settings.baseUrl, endpoint, { startIndex: 1, count: 1 }),
          what: `Probing /${endpoint}`,
          signal,
        });
        found.push({ name: candidate.name, endpoint: `/${endpoint}`, schema: candidate.schema, schemaExtensions: candidate.extensions, source: 'probe' });
        break;
      } catch (error) {
        if (!(error instanceof AppError) || error.code === 'cancelled') throw error;
        if (error.code === 'auth' || error.code === 'timeout') throw error;
      }
    }
    if (!found.some((t) => t.name === candidate.name))
      notes.push(`No ${candidate.name} endpoint answered (${candidate.endpoints.map((e) => `/${e}`).join(', ')}).`);
  }
  return found;
}

/** Published endpoints that 404, replaced by the lowercase spelling that answers, if one does. */
async function respellEndpoints(
  requester: Requester,
  connection: ResolvedConnection,
  types: ResourceTypeDef[],
  signal: AbortSignal | undefined,
  quirk: (q: Quirk) => void,
): Promise<ResourceTypeDef[]> {
  const answers = async (endpoint: string): Promise<boolean | 'other'> => {
    try {
      await requester.request(connection, {
        method: 'GET',
        url: resourceUrl(connection.settings.baseUrl, endpoint, { startIndex: 1, count: 1 }),
        what: `Probing ${endpoint}`,
        signal,
      });
      return true;
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'cancelled' || error.code === 'timeout') throw error;
      return error.status === 404 ? false : 'other';
    }
  };
  return Promise.all(
    types.map(async (type) => {
      const path = type.endpoint.replace(/^\/+/, '');
      const spellings = [...new Set([path.charAt(0).toLowerCase() + path.slice(1), path.toLowerCase()])].filter((s) => s !== path);
      if (spellings.length === 0 || (await answers(type.endpoint)) !== false) return type;
      for (const spelling of spellings) {
        if ((await answers(spelling)) !== true) continue;
        const endpoint = `${type.endpoint.startsWith('/') ? '/' : ''}${spelling}`;
        quirk({ code: 'discovery.endpoint-case', message: `ResourceTypes publishes "${type.endpoint}" but the server answers at "${endpoint}".` });
        return { ...type, endpoint };
      }
      return type;
    }),
  );
}

function normalizeResourceType(raw: Json): ResourceTypeDef | null {
  const get = (key: string) => getCaseInsensitive(raw, key)?.value;
  const endpoint = get('endpoint');
  const name = get('name') ?? get('id');
  if (typeof endpoint !== 'string' || typeof name !== 'string') return null;
  const extensions = Array.isArray(get('schemaExtensions')) ? (get('schemaExtensions') as unknown[]) : [];
  return {
    name,
    endpoint,
    schema: String(get('schema') ?? ''),
    schemaExtensions: extensions
      .map(asObject)
      .filter((e): e is Json => e !== undefined)
      .map((e) => ({ schema: String(getCaseInsensitive(e, 'schema')?.value ?? ''), required: readBoolean(e, 'required') === true })),
    description: typeof get('description') === 'string' ? (get('description') as string) : undefined,
    source: 'discovery',
  };
}

const ATTRIBUTE_KEYS = [
  'name',
  'type',
  'multiValued',
  'description',
  'required',
  'caseExact',
  'mutability',
  'returned',
  'uniqueness',
  'canonicalValues',
  'referenceTypes',
  'subAttributes',
];

/** Schema attributes with keys in any case or with stray whitespace ("uniqueness "), normalised. */
export function normalizeSchema(raw: Json, quirk: (q: Quirk) => void): SchemaDef {
  const id = String(getCaseInsensitive(raw, 'id')?.value ?? '');
  const attributes = Array.isArray(getCaseInsensitive(raw, 'attributes')?.value) ? (getCaseInsensitive(raw, 'attributes')!.value as unknown[]) : [];
  return {
    id,
    name: String(getCaseInsensitive(raw, 'name')?.value ?? id),
    description: typeof raw.description === 'string' ? raw.description : undefined,
    attributes: attributes
      .map(asObject)
      .filter((a): a is Json => a !== undefined)
      .map((a) => normalizeAttribute(a, quirk)),
  };
}

function normalizeAttribute(raw: Json, quirk: (q: Quirk) => void): ScimAttributeDef {
  const byKey = new Map<string, unknown>();
  for (const [key, value] of Object.entries(raw)) {
    const canonical = ATTRIBUTE_KEYS.find((k) => k.toLowerCase() === key.trim().toLowerCase());
    if (!canonical) continue;
    if (canonical !== key)
      quirk({ code: 'discovery.schema-key-spelling', message: `Schema attribute keys are spelled off the RFC (e.g. "${key}" for "${canonical}").` });
    byKey.set(canonical, value);
  }
  const text = (key: string, fallback: string) => (typeof byKey.get(key) === 'string' ? (byKey.get(key) as string) : fallback);
  const bool = (key: string, fallback: boolean) => {
    const value = byKey.get(key);
    return typeof value === 'boolean' ? value : typeof value === 'string' ? value.toLowerCase() === 'true' : fallback;
  };
  /** One of the RFC's values in any case ("ReadOnly", "datetime"); one it does not know reads as the default. */
  const oneOf = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const value = byKey.get(key);
    if (typeof value !== 'string') return fallback;
    const known = allowed.find((v) => v.toLowerCase() === value.trim().toLowerCase());
    if (!known)
      quirk({
        code: 'discovery.schema-value-unknown',
        message: `A schema attribute's ${key} is "${value}", which RFC 7643 does not define; it is read as "${fallback}".`,
      });
    return known ?? fallback;
  };
  const sub = byKey.get('subAttributes');
  return {
    name: text('name', ''),
    type: oneOf('type', SCIM_ATTRIBUTE_TYPES, 'string'),
    multiValued: bool('multiValued', false),
    description: byKey.has('description') ? text('description', '') : undefined,
    required: bool('required', false),
    caseExact: bool('caseExact', false),
    mutability: oneOf('mutability', SCIM_MUTABILITIES, 'readWrite'),
    returned: oneOf('returned', SCIM_RETURNED, 'default'),
    uniqueness: oneOf('uniqueness', SCIM_UNIQUENESSES, 'none'),
    canonicalValues: Array.isArray(byKey.get('canonicalValues')) ? (byKey.get('canonicalValues') as unknown[]).map(String) : undefined,
    referenceTypes: Array.isArray(byKey.get('referenceTypes')) ? (byKey.get('referenceTypes') as unknown[]).map(String) : undefined,
    subAttributes: Array.isArray(sub)
      ? sub
          .map(asObject)
          .filter((a): a is Json => a !== undefined)
          .map((a) => normalizeAttribute(a, quirk))
      : undefined,
  };
}

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}
function readBoolean(object: Json | undefined, key: string): boolean | null {
  const value = object ? getCaseInsensitive(object, key)?.value : undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return null;
}
function readInt(object: Json | undefined, key: string): number | null {
  const value = object ? getCaseInsensitive(object, key)?.value : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : null;
}
function exchangeOf(result: EngineResponse | AppError): string | undefined {
  return result instanceof AppError ? undefined : result.response.exchangeId;
}
function safe<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
function dedupe(quirks: Quirk[]): Quirk[] {
  const seen = new Map<string, Quirk>();
  for (const quirk of quirks) if (!seen.has(quirk.code)) seen.set(quirk.code, quirk);
  return [...seen.values()];
}
