/**
 * Matching a file's columns to SCIM attributes (issue #14): suggesting a mapping from column names,
 * checking one against the server's schemas, and turning read rows into typed values. A cell the
 * attribute's type refuses makes its row bad, listed with its line: nothing is silently fixed.
 */
import type { BulkKeyAttribute, BulkMapping } from '../contract/bulk';
import { parseIsoDate } from '../filter/compare';
import { SCHEMA_ENTERPRISE_USER, type ScimAttribute, type ScimSchema } from '../scim/index';
import { keyedRows, type BadRow, type ReadRows } from './rows';
import { checkWritablePath, extensionUrnsOf, immutableWarning, isGroupSchema, resolverFor } from './schema';

export interface MappedRow {
  line: number;
  key: string;
  /** Path → typed value; empty cells are left out. */
  values: Record<string, unknown>;
}

export interface MappingOutcome {
  rows: MappedRow[];
  bad: BadRow[];
  /** Mapping-level problems (unknown or read-only attribute, key column missing): when any, rows is empty. */
  problems: string[];
  /** Worth saying, not blocking: immutable attributes (taken on a create only). */
  warnings: string[];
}

export interface MappableAttribute {
  path: string;
  type: string;
  description?: string;
  /** Taken on a create only. */
  immutable?: boolean;
}

const normalised = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

const WORK_EMAIL = 'emails[type eq "work"].value';
const ENT = SCHEMA_ENTERPRISE_USER;

/** Spreadsheet column names (normalised: lowercase letters and digits) → the attribute they usually mean. */
const USER_SYNONYMS: Record<string, string> = {
  username: 'userName',
  login: 'userName',
  loginname: 'userName',
  upn: 'userName',
  userprincipalname: 'userName',
  email: WORK_EMAIL,
  emailaddress: WORK_EMAIL,
  mail: WORK_EMAIL,
  workemail: WORK_EMAIL,
  firstname: 'name.givenName',
  givenname: 'name.givenName',
  forename: 'name.givenName',
  middlename: 'name.middleName',
  lastname: 'name.familyName',
  surname: 'name.familyName',
  familyname: 'name.familyName',
  displayname: 'displayName',
  fullname: 'displayName',
  nickname: 'nickName',
  department: `${ENT}:department`,
  dept: `${ENT}:department`,
  manager: `${ENT}:manager.value`,
  managerid: `${ENT}:manager.value`,
  employeeid: `${ENT}:employeeNumber`,
  employeenumber: `${ENT}:employeeNumber`,
  employeeno: `${ENT}:employeeNumber`,
  costcenter: `${ENT}:costCenter`,
  costcentre: `${ENT}:costCenter`,
  organization: `${ENT}:organization`,
  organisation: `${ENT}:organization`,
  division: `${ENT}:division`,
  active: 'active',
  enabled: 'active',
  title: 'title',
  jobtitle: 'title',
  phone: 'phoneNumbers[type eq "work"].value',
  phonenumber: 'phoneNumbers[type eq "work"].value',
  telephone: 'phoneNumbers[type eq "work"].value',
  workphone: 'phoneNumbers[type eq "work"].value',
  mobile: 'phoneNumbers[type eq "mobile"].value',
  mobilephone: 'phoneNumbers[type eq "mobile"].value',
  externalid: 'externalId',
  id: 'id',
  userid: 'id',
  usertype: 'userType',
  locale: 'locale',
  timezone: 'timezone',
  preferredlanguage: 'preferredLanguage',
};

const GROUP_SYNONYMS: Record<string, string> = {
  displayname: 'displayName',
  name: 'displayName',
  groupname: 'displayName',
  group: 'displayName',
  externalid: 'externalId',
  id: 'id',
  groupid: 'id',
};

/** Types offered for multi-valued attributes whose schema lists none (RFC 7643 §4.1.2's canonical ones). */
const DEFAULT_TYPES: Record<string, string[]> = {
  emails: ['work', 'home', 'other'],
  phonenumbers: ['work', 'home', 'other'],
  addresses: ['work', 'home', 'other'],
};
/** Sub-attributes of typed values not offered: the type is in the path, the others are the server's or ambiguous per type. */
const TYPED_SUBS_LEFT_OUT = new Set(['type', 'display', 'primary', '$ref']);

const writable = (a: ScimAttribute): boolean => a.mutability !== 'readOnly';

/**
 * Where the attribute paths come from for the mapping UI: every writable attribute path of the resource type,
 * sub-attributes as `name.givenName`, extension attributes with their URN prefix, and multi-valued attributes by
 * type as `emails[type eq "work"].value` (types from canonicalValues, else work/home/other for emails, phoneNumbers
 * and addresses). `extensionUrns`: the resource type's schemaExtensions, when known.
 */
export function mappableAttributes(schemas: readonly ScimSchema[], coreSchemaUrn: string, extensionUrns?: readonly string[]): MappableAttribute[] {
  const out: MappableAttribute[] = [];
  const core = schemas.find((s) => s.id.toLowerCase() === coreSchemaUrn.toLowerCase());
  const resolve = resolverFor(schemas, coreSchemaUrn);
  const externalId = resolve({ name: 'externalId' });
  const coreAttributes = [
    ...(externalId && !core?.attributes.some((a) => a.name.toLowerCase() === 'externalid') ? [externalId] : []),
    ...(core?.attributes ?? []),
  ];
  const push = (path: string, attribute: ScimAttribute, parent?: ScimAttribute) => {
    const immutable = attribute.mutability === 'immutable' || parent?.mutability === 'immutable';
    out.push({ path, type: attribute.type, ...(attribute.description ? { description: attribute.description } : {}), ...(immutable ? { immutable } : {}) });
  };
  const addAttributes = (prefix: string, attributes: readonly ScimAttribute[]) => {
    for (const attribute of attributes) {
      const lower = attribute.name.toLowerCase();
      if (!writable(attribute) || (prefix === '' && (lower === 'id' || lower === 'meta' || lower === 'schemas'))) continue;
      const name = `${prefix}${attribute.name}`;
      const subs = (attribute.subAttributes ?? []).filter(writable);
      if (attribute.type !== 'complex') push(name, attribute);
      else if (!attribute.multiValued) for (const sub of subs) push(`${name}.${sub.name}`, sub, attribute);
      else {
        const typeSub = subs.find((sub) => sub.name.toLowerCase() === 'type');
        if (typeSub === undefined) continue;
        const types = typeSub.canonicalValues?.length ? typeSub.canonicalValues : (DEFAULT_TYPES[lower] ?? []);
        for (const type of types) {
          for (const sub of subs)
            if (!TYPED_SUBS_LEFT_OUT.has(sub.name.toLowerCase())) push(`${name}[type eq ${JSON.stringify(type)}].${sub.name}`, sub, attribute);
        }
      }
    }
  };
  addAttributes('', coreAttributes);
  for (const urn of extensionUrnsOf(schemas, coreSchemaUrn, extensionUrns)) {
    const schema = schemas.find((s) => s.id.toLowerCase() === urn.toLowerCase());
    if (schema) addAttributes(`${schema.id}:`, schema.attributes);
  }
  return out;
}

/**
 * A mapping suggested from column names: exact (case-insensitive) attribute paths and names, then common
 * spreadsheet names (email → emails[type eq "work"].value, first name → name.givenName, department → the
 * enterprise department…). The key: a userName column, else externalId, else id, else email (matched on
 * emails.value); displayName for groups. The key column itself is not written (its path is null).
 */
export function suggestMapping(
  columns: readonly string[],
  schemas: readonly ScimSchema[],
  coreSchemaUrn: string,
  extensionUrns?: readonly string[],
): BulkMapping {
  const mappable = mappableAttributes(schemas, coreSchemaUrn, extensionUrns);
  const byPath = new Map(mappable.map((m) => [m.path.toLowerCase(), m.path]));
  const byName = new Map<string, string | null>(); // normalised last name → path (null when several share it)
  for (const { path } of mappable) {
    if (path.includes('[')) continue;
    const name = normalised(path.slice(Math.max(path.lastIndexOf(':'), path.lastIndexOf('.')) + 1));
    byName.set(name, byName.has(name) ? null : path);
  }
  const synonyms = isGroupSchema(coreSchemaUrn) ? GROUP_SYNONYMS : USER_SYNONYMS;
  const known = (path: string | undefined): string | undefined => (path === undefined ? undefined : byPath.get(path.toLowerCase()));
  const used = new Set<string>();
  const suggested = columns.map((column) => {
    const key = normalised(column);
    // What the column names, writable or not: a read-only userName is still a key to match on.
    const named = (synonyms[key] ?? column.trim()).toLowerCase();
    const path = known(column.trim()) ?? known(synonyms[key]) ?? byName.get(key) ?? undefined;
    if (path === undefined || used.has(path.toLowerCase())) return { column, named, path: null as string | null };
    used.add(path.toLowerCase());
    return { column, named, path: path as string | null };
  });

  const order: Array<[BulkKeyAttribute, (named: string) => boolean]> = isGroupSchema(coreSchemaUrn)
    ? [
        ['displayName', (n) => n === 'displayname'],
        ['externalId', (n) => n === 'externalid'],
        ['id', (n) => n === 'id'],
      ]
    : [
        ['userName', (n) => n === 'username'],
        ['externalId', (n) => n === 'externalid'],
        ['id', (n) => n === 'id'],
        ['emails.value', (n) => n === 'emails.value' || n.startsWith('emails[')],
      ];
  const keyAt = (() => {
    for (const [keyAttribute, matches] of order) {
      const at = suggested.findIndex((s) => matches(s.named) || (s.path !== null && matches(s.path.toLowerCase())));
      if (at >= 0) return { at, keyAttribute };
    }
    return undefined;
  })();
  return {
    keyColumn: keyAt ? suggested[keyAt.at]!.column : (columns[0] ?? ''),
    keyAttribute: keyAt?.keyAttribute ?? (isGroupSchema(coreSchemaUrn) ? 'displayName' : 'userName'),
    // The key column matches targets; it is not written.
    columns: suggested.map((s, i) => ({ column: s.column, path: i === keyAt?.at ? null : s.path })),
  };
}

/** Blocking problems and warnings of a mapping, apart. */
export function mappingIssues(mapping: BulkMapping, schemas: readonly ScimSchema[], coreSchemaUrn: string): { problems: string[]; warnings: string[] } {
  const resolve = resolverFor(schemas, coreSchemaUrn);
  const problems: string[] = [];
  const warnings: string[] = [];
  const seen = new Map<string, string>();
  for (const { column, path } of mapping.columns) {
    if (path === null) continue;
    const check = checkWritablePath(path, resolve);
    if (!check.ok) {
      problems.push(`Column “${column}”: ${check.problem}`);
      continue;
    }
    if (check.path.immutable) warnings.push(`Column “${column}”: ${immutableWarning(path)}`);
    const other = seen.get(path.toLowerCase());
    if (other !== undefined) problems.push(`Columns “${other}” and “${column}” both write “${path}”.`);
    else seen.set(path.toLowerCase(), column);
  }
  return { problems, warnings };
}

/**
 * Where a mapping's paths cannot be written: unknown in the schemas, read-only, a filter other than
 * `[type eq "…"]`, a complex or multi-valued attribute without a sub-attribute or type; then, as warnings,
 * immutable attributes (taken on a create only).
 */
export function mappingProblems(mapping: BulkMapping, schemas: readonly ScimSchema[], coreSchemaUrn: string): string[] {
  const { problems, warnings } = mappingIssues(mapping, schemas, coreSchemaUrn);
  return [...problems, ...warnings];
}

export type Coerced = { ok: true; value: unknown } | { ok: false; expected: string };

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]/;

/**
 * A cell's text as the attribute's type: boolean true/false/yes/no (any case); integer; decimal; dateTime
 * (ISO 8601 with a time); string, reference and binary as they are. A multi-valued attribute takes one value.
 */
export function coerceCell(text: string, attribute: Pick<ScimAttribute, 'type'>): Coerced {
  const trimmed = text.trim();
  switch (attribute.type) {
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (lower === 'true' || lower === 'yes') return { ok: true, value: true };
      if (lower === 'false' || lower === 'no') return { ok: true, value: false };
      return { ok: false, expected: 'a boolean (true/false, yes/no)' };
    }
    case 'integer': {
      const value = Number(trimmed);
      return INTEGER.test(trimmed) && Number.isSafeInteger(value) ? { ok: true, value } : { ok: false, expected: 'a whole number' };
    }
    case 'decimal':
      return DECIMAL.test(trimmed) && Number.isFinite(Number(trimmed)) ? { ok: true, value: Number(trimmed) } : { ok: false, expected: 'a number' };
    case 'dateTime':
      return DATE_TIME.test(trimmed) && parseIsoDate(trimmed) !== undefined
        ? { ok: true, value: trimmed }
        : { ok: false, expected: 'a date and time (ISO 8601, e.g. 2024-05-01T09:00:00Z)' };
    default:
      return { ok: true, value: text };
  }
}

/**
 * Applies a mapping to read rows: missing and repeated keys make rows bad (keyedRows), each mapped cell is
 * typed by its attribute, and a cell the type refuses makes its row bad (reason: `“active” is “maybe”, not a
 * boolean (true/false, yes/no)`; the line is the row's). The file's own bad rows are included.
 */
export function applyMapping(read: ReadRows, mapping: BulkMapping, schemas: readonly ScimSchema[], coreSchemaUrn: string): MappingOutcome {
  const { problems, warnings } = mappingIssues(mapping, schemas, coreSchemaUrn);
  const columns = new Map(read.columns.map((c) => [c.toLowerCase(), c]));
  const keyColumn = columns.get(mapping.keyColumn.toLowerCase());
  if (keyColumn === undefined) problems.unshift(`The key column “${mapping.keyColumn}” is not in the file.`);
  for (const { column, path } of mapping.columns) {
    if (path !== null && !columns.has(column.toLowerCase())) problems.push(`Column “${column}” is not in the file.`);
  }
  if (problems.length > 0 || keyColumn === undefined) return { rows: [], bad: [...read.bad], problems, warnings };

  const resolve = resolverFor(schemas, coreSchemaUrn);
  const mapped = mapping.columns.flatMap(({ column, path }) => {
    if (path === null) return [];
    const check = checkWritablePath(path, resolve);
    return check.ok ? [{ column: columns.get(column.toLowerCase()) as string, path, target: check.path.target }] : [];
  });
  const keyed = keyedRows(read, keyColumn);
  const bad = [...keyed.bad];
  const rows: MappedRow[] = [];
  for (const row of keyed.rows) {
    const values: Record<string, unknown> = {};
    const refused: string[] = [];
    for (const { column, path, target } of mapped) {
      const cell = row.values[column];
      if (cell === undefined || cell.trim() === '') continue; // an empty cell leaves the attribute alone
      const coerced = coerceCell(cell, target);
      if (coerced.ok) values[path] = coerced.value;
      else refused.push(`“${column}” is “${cell}”, not ${coerced.expected}`);
    }
    if (refused.length > 0) bad.push({ line: row.line, reason: `${refused.join('; ')}.` });
    else rows.push({ line: row.line, key: (row.values[keyColumn] ?? '').trim(), values });
  }
  return { rows, bad: bad.sort((a, b) => a.line - b.line), problems: [], warnings };
}
