// fast-check generators for User and Group resources, and a comparison "modulo readOnly", for the patch
// property tests (test-only). Value pools are small so that two draws share elements and the diff has
// changed elements to find, and they hold look-alikes a value filter cannot tell apart
// ("ann@example.com"/"ANN@example.com", "42"/"042").
import fc from 'fast-check';
import { hasValue, isJsonObject, type JsonObject } from '../filter/resource-access';
import { SCHEMA_ENTERPRISE_USER, SCHEMA_GROUP, SCHEMA_USER, type AttributeResolver, type ScimAttribute } from '../scim/index';
import { canonicalKey } from './json';
import { isReadOnly, subAttributeOf } from './schema-source';

type Resource = Record<string, unknown>;

const word = fc.constantFrom('Ann', 'Bob', 'Cy', 'Dee', 'ann', 'Émile', "O'Neil", 'x "y"', 'Zoë');

/** A list of distinct values with optional sub-attributes and at most one primary: true (RFC 7643 §2.4). */
function multiValued(values: readonly string[], types: readonly string[], maxLength = 4): fc.Arbitrary<JsonObject[]> {
  const element = fc.record({ value: fc.constantFrom(...values), type: fc.constantFrom(...types), display: word }, { requiredKeys: ['value'] });
  return fc
    .tuple(
      fc.uniqueArray(element, { selector: (entry) => entry.value, minLength: 1, maxLength }),
      fc.option(fc.nat(), { nil: undefined }),
      fc.array(fc.boolean(), { minLength: maxLength, maxLength }),
    )
    .map(([list, primary, falseFlags]) =>
      list.map((entry, index): JsonObject => {
        if (primary !== undefined && primary % list.length === index) return { ...entry, primary: true };
        return falseFlags[index] ? { ...entry, primary: false } : { ...entry };
      }),
    );
}

const EMAILS = ['ann@example.com', 'ANN@example.com', 'bob@example.com', 'cy@example.org', 'dee@example.net', '42', '042'];
const PHONES = ['tel:+1-201-555-0123', 'tel:+1-201-555-0199', '+44 20 7946 0018'];
const ROLES = ['admin', 'Admin', 'reader', 'writer', '2024-01-01', '2024-01-01T00:00:00Z'];
const MEMBER_IDS = ['2819c223-7f76-453a-919d-413861904646', '902c246b-6245-4190-8e05-00816be7344a', 'abc', 'ABC', 'u4', 'u5', 'u6', '7'];

export const userArbitrary: fc.Arbitrary<Resource> = fc
  .record(
    {
      id: fc.uuid(),
      meta: fc.record({ resourceType: fc.constant('User'), version: fc.string({ maxLength: 6 }) }),
      externalId: word,
      userName: word,
      displayName: word,
      nickName: word,
      title: word,
      active: fc.boolean(),
      name: fc.record({ givenName: word, familyName: word, middleName: word }, { requiredKeys: [] }),
      emails: multiValued(EMAILS, ['work', 'home', 'other']),
      phoneNumbers: multiValued(PHONES, ['work', 'mobile']),
      roles: multiValued(ROLES, ['app', 'directory']),
      addresses: fc.array(fc.record({ type: fc.constantFrom('work', 'home'), locality: word, streetAddress: word }, { requiredKeys: ['type'] }), {
        minLength: 1,
        maxLength: 2,
      }),
      groups: fc.array(fc.record({ value: fc.constantFrom('g1', 'g2'), display: word }), { maxLength: 2 }),
      // Not in the schema: a plain string list and a complex value, diffed by shape.
      tags: fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 3 }),
      preferences: fc.record({ theme: fc.constantFrom('dark', 'light'), density: fc.constantFrom('compact', 'cozy') }, { requiredKeys: [] }),
      enterprise: fc.record(
        {
          department: word,
          employeeNumber: fc.constantFrom('701984', '701985'),
          manager: fc.record({ value: fc.constantFrom('m1', 'm2'), displayName: word }, { requiredKeys: ['value'] }),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['id', 'userName'] },
  )
  .map(({ enterprise, ...user }) => {
    const resource: Resource = { schemas: [SCHEMA_USER], ...user };
    if (enterprise !== undefined && Object.keys(enterprise).length > 0) {
      resource.schemas = [SCHEMA_USER, SCHEMA_ENTERPRISE_USER];
      resource[SCHEMA_ENTERPRISE_USER] = enterprise;
    }
    return resource;
  });

export const groupArbitrary: fc.Arbitrary<Resource> = fc.record(
  {
    schemas: fc.constant([SCHEMA_GROUP]),
    id: fc.uuid(),
    meta: fc.record({ resourceType: fc.constant('Group'), version: fc.string({ maxLength: 6 }) }),
    displayName: word,
    externalId: word,
    members: fc.uniqueArray(
      fc.record({ value: fc.constantFrom(...MEMBER_IDS), type: fc.constantFrom('User', 'Group'), display: word }, { requiredKeys: ['value'] }),
      { selector: (member) => member.value, minLength: 1, maxLength: 6 },
    ),
  },
  { requiredKeys: ['schemas', 'id', 'displayName'] },
);

/**
 * A resource as a comparable value: readOnly attributes and sub-attributes dropped, unassigned values
 * (null, "", [], {}) dropped (RFC 7643 §2.5), lists sorted (multi-valued attributes have no order), and
 * "schemas" reduced to the core schema and the extensions that still have attributes.
 */
export function comparable(resource: Resource, resolve: AttributeResolver): JsonObject {
  const result: JsonObject = {};
  for (const key of Object.keys(resource)) {
    if (key === 'schemas') continue;
    const value = resource[key];
    if (key.includes(':') && isJsonObject(value)) {
      const extension: JsonObject = {};
      for (const name of Object.keys(value)) keep(extension, name, value[name], { uri: key, name }, resolve);
      if (hasValue(extension)) result[key] = extension;
    } else {
      keep(result, key, value, { name: key }, resolve);
    }
  }
  const schemas = resource.schemas;
  if (Array.isArray(schemas)) result.schemas = schemas.filter((uri) => typeof uri === 'string' && (!(uri in resource) || uri in result)).sort();
  return result;
}

function keep(target: JsonObject, key: string, value: unknown, path: { uri?: string; name: string }, resolve: AttributeResolver): void {
  const definition = resolve(path);
  if (isReadOnly(path, definition)) return;
  const normalized = normalizeValue(value, definition);
  if (hasValue(normalized)) target[key] = normalized;
}

function normalizeValue(value: unknown, definition: ScimAttribute | undefined): unknown {
  if (Array.isArray(value)) {
    return value
      .map((element) => normalizeValue(element, definition))
      .filter(hasValue)
      .sort((a, b) => (canonicalKey(a) < canonicalKey(b) ? -1 : canonicalKey(a) > canonicalKey(b) ? 1 : 0));
  }
  if (!isJsonObject(value)) return value;
  const result: JsonObject = {};
  for (const key of Object.keys(value)) {
    const sub = subAttributeOf(definition, key);
    if (sub?.mutability === 'readOnly') continue;
    const normalized = normalizeValue(value[key], sub);
    if (hasValue(normalized)) result[key] = normalized;
  }
  return result;
}
