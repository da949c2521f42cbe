/**
 * RFC 7643 §5–7 read against the discovery documents a server publishes: required attributes and
 * their types, and the attribute characteristics (types, mutability, returned, uniqueness, caseExact).
 * Pure: each function adds what it finds to a Findings; the checks turn that into a verdict.
 */
import {
  SCHEMA_RESOURCE_TYPE,
  SCHEMA_SCHEMA,
  SCHEMA_SERVICE_PROVIDER_CONFIG,
  SCIM_ATTRIBUTE_TYPES,
  SCIM_MUTABILITIES,
  SCIM_RETURNED,
  SCIM_UNIQUENESSES,
} from '../../../../shared/scim';
import { shortUrn, text } from './discovery-documents';
import { field, isObject, quote, type Findings, type Json } from './verdict-findings';

const hasSchema = (object: Json, urn: string) => {
  const schemas = field(object, 'schemas');
  return Array.isArray(schemas) && schemas.some((s) => typeof s === 'string' && s.toLowerCase() === urn.toLowerCase());
};

/** RFC 7643 §5: the features a client reads, each `{supported}` with its limits, and the auth schemes. */
export function checkServiceProviderConfig(spc: Json, findings: Findings): void {
  if (!hasSchema(spc, SCHEMA_SERVICE_PROVIDER_CONFIG)) findings.warn('"schemas" does not name the ServiceProviderConfig schema');
  const limits: Record<string, string[]> = {
    patch: [],
    bulk: ['maxOperations', 'maxPayloadSize'],
    filter: ['maxResults'],
    changePassword: [],
    sort: [],
    etag: [],
  };
  for (const [feature, numbers] of Object.entries(limits)) {
    const value = field(spc, feature);
    if (value === undefined) {
      findings.fail(`no "${feature}" (REQUIRED)`);
      continue;
    }
    if (!isObject(value)) {
      findings.fail(`"${feature}" is not an object`);
      continue;
    }
    const supported = field(value, 'supported');
    if (supported === undefined) findings.fail(`"${feature}" has no "supported" (REQUIRED)`);
    else if (typeof supported !== 'boolean') findings.fail(`"${feature}.supported" is ${quote(supported, 20)}, not a boolean`);
    for (const name of numbers) {
      const limit = field(value, name);
      if (limit === undefined) {
        // A limit of a feature the server does not offer is harmless when missing.
        if (supported === true) findings.fail(`"${feature}.${name}" is missing while ${feature} is supported`);
        else findings.warn(`"${feature}.${name}" is missing (REQUIRED, even when ${feature} is not supported)`);
      } else if (typeof limit !== 'number' || !Number.isInteger(limit)) findings.fail(`"${feature}.${name}" is ${quote(limit, 20)}, not an integer`);
    }
  }
  const schemes = field(spc, 'authenticationSchemes');
  if (!Array.isArray(schemes)) {
    findings.fail('no "authenticationSchemes" list (REQUIRED)');
    return;
  }
  if (schemes.length === 0) findings.warn('"authenticationSchemes" is empty: clients cannot learn how to authenticate');
  for (const [index, scheme] of schemes.entries()) {
    const where = `authenticationSchemes[${index}]`;
    if (!isObject(scheme)) {
      findings.fail('an authentication scheme is not an object', where);
      continue;
    }
    for (const name of ['type', 'name']) if (!text(scheme, name)) findings.fail(`an authentication scheme has no "${name}"`, where);
    if (!text(scheme, 'description')) findings.warn('an authentication scheme has no "description" (REQUIRED)', where);
  }
}

/** RFC 7643 §6: `name`, `endpoint` and `schema` required; each extension names its schema and whether it is required. */
export function checkResourceType(type: unknown, index: number, findings: Findings): void {
  if (!isObject(type)) {
    findings.fail('a resource type is not an object', `#${index + 1}`);
    return;
  }
  const where = text(type, 'name') ?? text(type, 'id') ?? `#${index + 1}`;
  if (!hasSchema(type, SCHEMA_RESOURCE_TYPE)) findings.warn('"schemas" does not name the ResourceType schema', where);
  for (const name of ['name', 'endpoint', 'schema']) if (!text(type, name)) findings.fail(`no "${name}" (REQUIRED)`, where);
  const endpoint = text(type, 'endpoint');
  if (endpoint && !endpoint.startsWith('/') && !/^https?:\/\//i.test(endpoint)) findings.warn('"endpoint" does not start with "/"', where);
  const extensions = field(type, 'schemaExtensions');
  if (extensions === undefined) return;
  if (!Array.isArray(extensions)) {
    findings.fail('"schemaExtensions" is not a list', where);
    return;
  }
  for (const extension of extensions) {
    if (!isObject(extension) || !text(extension, 'schema')) findings.fail('a schema extension names no "schema"', where);
    else if (typeof field(extension, 'required') !== 'boolean') findings.warn('a schema extension has no boolean "required"', where);
  }
}

const CHARACTERISTICS = [
  'name',
  'type',
  'subAttributes',
  'multiValued',
  'description',
  'required',
  'canonicalValues',
  'caseExact',
  'mutability',
  'returned',
  'uniqueness',
  'referenceTypes',
];
const KEYWORDS: Record<string, readonly string[]> = {
  type: SCIM_ATTRIBUTE_TYPES,
  mutability: SCIM_MUTABILITIES,
  returned: SCIM_RETURNED,
  uniqueness: SCIM_UNIQUENESSES,
};

/** RFC 7643 §7: a schema's id and attributes, each attribute's characteristics (defaults per §2.2). */
export function checkSchema(schema: unknown, index: number, findings: Findings): void {
  if (!isObject(schema)) {
    findings.fail('a schema is not an object', `#${index + 1}`);
    return;
  }
  const id = text(schema, 'id');
  if (!id) findings.fail('a schema has no "id" (REQUIRED)', `#${index + 1}`);
  else if (!/^urn:/i.test(id)) findings.warn('a schema id is not a URN', quote(id, 60));
  const where = id ? shortUrn(id) : `#${index + 1}`;
  if (!hasSchema(schema, SCHEMA_SCHEMA)) findings.warn('"schemas" does not name the Schema schema', where);
  if (!text(schema, 'name')) findings.warn('a schema has no "name"', where);
  const attributes = field(schema, 'attributes');
  if (!Array.isArray(attributes)) {
    findings.fail('a schema has no "attributes" list', where);
    return;
  }
  for (const attribute of attributes) checkAttribute(attribute, where, 0, findings);
}

function checkAttribute(attribute: unknown, parent: string, depth: number, findings: Findings): void {
  if (!isObject(attribute)) {
    findings.fail('an attribute definition is not an object', parent);
    return;
  }
  const name = text(attribute, 'name');
  if (!name) {
    findings.fail('an attribute has no "name"', parent);
    return;
  }
  const where = `${parent}${depth === 0 ? ':' : '.'}${name}`;
  for (const key of Object.keys(attribute)) {
    const known = CHARACTERISTICS.find((c) => c.toLowerCase() === key.trim().toLowerCase());
    // "uniqueness " (Confirmit) is another key altogether: the characteristic it meant is lost.
    if (known && known.toLowerCase() !== key.toLowerCase())
      findings.warn(`the key ${JSON.stringify(key)} is not "${known}" (stray whitespace), so its value is lost`, where);
  }
  for (const [characteristic, allowed] of Object.entries(KEYWORDS)) {
    const value = field(attribute, characteristic);
    if (value === undefined) {
      if (characteristic === 'type') findings.warn('no "type" (REQUIRED; clients assume string)', where);
      continue;
    }
    if (typeof value === 'string' && allowed.includes(value)) continue;
    const fold = typeof value === 'string' ? allowed.find((a) => a.toLowerCase() === value.trim().toLowerCase()) : undefined;
    if (fold) findings.warn(`"${characteristic}" values spelled off the RFC (${quote(value, 30)} for "${fold}")`, where);
    else findings.fail(`"${characteristic}" is ${quote(value, 30)}, not one of ${allowed.join(', ')}`, where);
  }
  const multiValued = field(attribute, 'multiValued');
  if (multiValued === undefined) findings.warn('no "multiValued" (REQUIRED; clients assume false)', where);
  for (const flag of ['multiValued', 'required', 'caseExact']) {
    const value = field(attribute, flag);
    if (value !== undefined && typeof value !== 'boolean') findings.fail(`"${flag}" is ${quote(value, 20)}, not a boolean`, where);
  }
  const canonical = field(attribute, 'canonicalValues');
  if (canonical !== undefined && !Array.isArray(canonical)) findings.warn('"canonicalValues" is not a list', where);
  const type = String(field(attribute, 'type') ?? '').toLowerCase();
  const references = field(attribute, 'referenceTypes');
  if (type === 'reference' && (!Array.isArray(references) || references.length === 0)) findings.warn('a reference attribute has no "referenceTypes"', where);
  const subAttributes = field(attribute, 'subAttributes');
  if (type === 'complex') {
    if (depth > 0) findings.warn('a sub-attribute is complex (RFC 7643 §2.3.8 forbids nesting complex attributes)', where);
    if (!Array.isArray(subAttributes) || subAttributes.length === 0) findings.warn('a complex attribute has no "subAttributes"', where);
  }
  if (Array.isArray(subAttributes) && depth === 0) for (const sub of subAttributes) checkAttribute(sub, where, depth + 1, findings);
}

/** The `userName` attribute definition of a User schema. */
export function userNameAttribute(schema: Json): Json | undefined {
  const attributes = field(schema, 'attributes');
  return Array.isArray(attributes) ? attributes.filter(isObject).find((a) => text(a, 'name')?.toLowerCase() === 'username') : undefined;
}

/** RFC 7643 §4.1.1: `userName` is a string, REQUIRED, unique (`server`) and not case-exact. */
export function checkUserName(schema: Json, findings: Findings): void {
  const userName = userNameAttribute(schema);
  if (!userName) {
    findings.fail('the User schema declares no "userName"');
    return;
  }
  const type = field(userName, 'type');
  if (type !== undefined && String(type).toLowerCase() !== 'string') findings.fail(`"userName" is declared as ${quote(type, 20)}, not a string`);
  if (field(userName, 'required') !== true) findings.warn('"userName" is not declared required');
  const uniqueness = field(userName, 'uniqueness');
  const stray = Object.keys(userName).find((k) => k !== k.trim() && k.trim().toLowerCase() === 'uniqueness');
  if (uniqueness === undefined)
    findings.warn(
      `"userName" declares no uniqueness${stray ? ` (only under the key ${JSON.stringify(stray)}, which is not "uniqueness")` : ''}, so it reads as "none"`,
    );
  else if (String(uniqueness).toLowerCase() === 'none') findings.warn('"userName" is declared uniqueness "none"');
  if (field(userName, 'caseExact') === true) findings.warn('"userName" is declared caseExact: true, so `userName eq` filters may be case-sensitive');
}
