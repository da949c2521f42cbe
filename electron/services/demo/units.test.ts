import { describe, expect, it } from 'vitest';
import { CORE_SCHEMAS, ENTERPRISE_USER_SCHEMA, SCHEMA_USER, USER_SCHEMA, createAttributeResolver, scimAttribute } from '../../../shared/scim';
import { buildProjection, project } from './projection';
import { encodeCursor, paginate, sortRecords, sortValue } from './query';
import { TokenBucket } from './ratelimit';
import { ScimError, type Rec } from './types';
import { checkImmutable, sanitizeResource, type SchemaSet } from './validate';

const ENT = ENTERPRISE_USER_SCHEMA.id;
const resolve = createAttributeResolver([...CORE_SCHEMAS], SCHEMA_USER);
const ctx = { resolve, coreUrn: SCHEMA_USER, schemaUrns: [SCHEMA_USER, ENT] };
const userSet: SchemaSet = { kind: 'User', core: USER_SCHEMA, extensions: [ENTERPRISE_USER_SCHEMA] };

describe('paging', () => {
  const recs = Array.from({ length: 25 }, (_, i) => ({ id: String(i) }));
  it('pages by index with defaults and caps', () => {
    expect(paginate(recs, { fingerprint: 'f' })).toMatchObject({ totalResults: 25, startIndex: 1, itemsPerPage: 25, pageSize: 100 });
    expect(paginate(recs, { fingerprint: 'f', startIndex: 21, count: 10 }).items.map((r) => r.id)).toEqual(['20', '21', '22', '23', '24']);
    expect(paginate(recs, { fingerprint: 'f', count: 50, maxResults: 10 }).itemsPerPage).toBe(10);
  });
  it('pages by cursor and refuses foreign or out-of-range cursors', () => {
    const first = paginate(recs, { fingerprint: 'f', cursor: '', count: 10 });
    expect(first.previousCursor).toBeUndefined();
    const second = paginate(recs, { fingerprint: 'f', cursor: first.nextCursor, count: 10 });
    expect(second.items[0].id).toBe('10');
    expect(paginate(recs, { fingerprint: 'f', cursor: second.previousCursor, count: 10 }).items[0].id).toBe('0');
    const last = paginate(recs, { fingerprint: 'f', cursor: second.nextCursor, count: 10 });
    expect(last.items).toHaveLength(5);
    expect(last.nextCursor).toBeUndefined();
    for (const bad of [encodeCursor(5, 'g'), encodeCursor(99, 'f'), 'x', '!!']) {
      expect(() => paginate(recs, { fingerprint: 'f', cursor: bad }), bad).toThrow(ScimError);
    }
  });
});

describe('sorting', () => {
  const recs: Rec[] = [
    {
      id: 'a',
      userName: 'bob',
      emails: [
        { value: 'z@x', primary: false },
        { value: 'a@x', primary: true },
      ],
      meta: { created: '2024-01-02T00:00:00Z' },
    },
    { id: 'b', userName: 'Alice', emails: [{ value: 'm@x' }], [ENT]: { department: 'Sales' }, meta: { created: '2023-01-02T00:00:00+05:00' } },
    { id: 'c', userName: 'carol', meta: { created: '2023-01-01T23:00:00Z' } },
  ];
  const ids = (rs: Rec[]) => rs.map((r) => r.id).join('');
  it('sorts case-insensitively, by primary values, by dates, missing values last', () => {
    expect(ids(sortRecords(recs, { name: 'userName' }, false, resolve))).toBe('bac');
    expect(ids(sortRecords(recs, { name: 'userName' }, true, resolve))).toBe('cab');
    expect(ids(sortRecords(recs, { name: 'emails', sub: 'value' }, false, resolve))).toBe('abc');
    expect(ids(sortRecords(recs, { name: 'meta', sub: 'created' }, false, resolve))).toBe('bca');
    expect(ids(sortRecords(recs, { uri: ENT, name: 'department' }, true, resolve))).toBe('bac');
    expect(sortValue(recs[0], { name: 'emails' })).toBe('a@x');
  });
});

describe('projection', () => {
  const user: Rec = {
    schemas: [SCHEMA_USER, ENT],
    id: '1',
    userName: 'u',
    password: 'secret',
    name: { givenName: 'G', familyName: 'F' },
    emails: [{ value: 'e', type: 'work' }],
    [ENT]: { department: 'D', costCenter: 'C' },
    meta: { version: 'W/"1"' },
  };
  it('never returns passwords; always returns id and schemas', () => {
    expect(project(user, buildProjection(undefined, undefined, ctx), ctx).password).toBeUndefined();
    expect(project(user, buildProjection(['userName'], undefined, ctx), ctx)).toEqual({ schemas: user.schemas, id: '1', userName: 'u' });
    expect(project(user, buildProjection(['password'], undefined, ctx), ctx)).toEqual({ schemas: user.schemas, id: '1' });
    expect(project(user, buildProjection(undefined, ['id', 'schemas', 'meta', 'name', ENT], ctx), ctx)).toEqual({
      schemas: user.schemas,
      id: '1',
      userName: 'u',
      emails: user.emails,
    });
  });
  it('selects sub-attributes and extension attributes, sharing unchanged values', () => {
    const out = project(user, buildProjection(['emails.value', `${ENT}:costCenter`, 'META'], undefined, ctx), ctx);
    expect(out).toEqual({ schemas: user.schemas, id: '1', emails: [{ value: 'e' }], [ENT]: { costCenter: 'C' }, meta: user.meta });
    expect(out.meta).toBe(user.meta);
    expect(() => buildProjection(['bad path!'], undefined, ctx)).toThrow(ScimError);
  });
});

describe('write validation', () => {
  it('canonicalizes names, drops unknown/readOnly/writeOnly attributes, and rebuilds schemas', () => {
    const clean = sanitizeResource(
      {
        schemas: [SCHEMA_USER],
        USERNAME: 'x',
        id: 'i',
        meta: {},
        groups: [],
        password: 'p',
        bogus: 1,
        name: { GIVENNAME: 'G', nope: 1 },
        [ENT.toLowerCase()]: { Department: 'D', manager: { value: 'm', displayName: 'ro' } },
      },
      userSet,
      true,
    );
    expect(clean).toEqual({ schemas: [SCHEMA_USER, ENT], userName: 'x', name: { givenName: 'G' }, [ENT]: { department: 'D', manager: { value: 'm' } } });
  });
  it('type-checks values', () => {
    for (const body of [
      { userName: 1 },
      { userName: 'x', active: 'true' },
      { userName: 'x', emails: { value: 'e' } },
      { userName: 'x', name: 'n' },
      { userName: 'x', emails: [{ primary: 'yes' }] },
      'nope',
    ]) {
      expect(() => sanitizeResource(body, userSet, false), JSON.stringify(body)).toThrow(ScimError);
    }
    expect(() => sanitizeResource({ userName: 'x' }, userSet, true)).toThrow(/schemas/);
  });
  it('refuses changes to immutable attributes', () => {
    const set: SchemaSet = {
      kind: 'User',
      core: { ...USER_SCHEMA, attributes: [...USER_SCHEMA.attributes, scimAttribute('badge', 'string', 'b', { mutability: 'immutable' })] },
      extensions: [],
    };
    expect(() => checkImmutable({ badge: 'A' }, { badge: 'B' }, set)).toThrow(/immutable/);
    expect(() => checkImmutable({ badge: 'A' }, { badge: 'A' }, set)).not.toThrow();
    expect(() => checkImmutable({}, { badge: 'B' }, set)).not.toThrow();
  });
});

describe('token bucket', () => {
  it('allows bursts up to the rate and refills over time', () => {
    let now = 0;
    const bucket = new TokenBucket(5, () => now);
    expect(Array.from({ length: 7 }, () => bucket.take())).toEqual([true, true, true, true, true, false, false]);
    now += 200;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    now += 1000;
    expect(Array.from({ length: 6 }, () => bucket.take()).filter(Boolean)).toHaveLength(5);
  });
});
