import { describe, expect, it } from 'vitest';
import { SCHEMA_ENTERPRISE_USER, SCHEMA_USER } from '../scim/index';
import { changedPaths, differences, sameValue, storedAsAsked, valueAtPath } from './compare';

const ENT = SCHEMA_ENTERPRISE_USER;

const ada = {
  schemas: [SCHEMA_USER, ENT],
  id: '2819c223',
  UserName: 'ada',
  active: true,
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  emails: [
    { type: 'work', value: 'ada@work.example', primary: true },
    { type: 'home', value: 'ada@home.example' },
  ],
  [ENT]: { department: 'R&D', manager: { value: 'm-1', displayName: 'Boss' } },
  meta: { version: 'W/"1"' },
};

describe('valueAtPath', () => {
  it('reads top-level, sub-attribute and core-URN paths, ignoring the case of names', () => {
    expect(valueAtPath(ada, 'userName')).toBe('ada');
    expect(valueAtPath(ada, 'USERNAME')).toBe('ada');
    expect(valueAtPath(ada, 'name.givenName')).toBe('Ada');
    expect(valueAtPath(ada, 'Name.FamilyName')).toBe('Lovelace');
    expect(valueAtPath(ada, `${SCHEMA_USER}:userName`)).toBe('ada');
    expect(valueAtPath(ada, 'active')).toBe(true);
  });

  it('reads extension attributes and their sub-attributes by URN path', () => {
    expect(valueAtPath(ada, `${ENT}:department`)).toBe('R&D');
    expect(valueAtPath(ada, `${ENT}:manager.value`)).toBe('m-1');
    expect(valueAtPath(ada, `${ENT.toUpperCase()}:department`)).toBe('R&D');
    expect(valueAtPath({ userName: 'x' }, `${ENT}:department`)).toBeUndefined();
  });

  it('reads a typed value, the list of a sub-attribute over a multi-valued attribute, and a filtered element', () => {
    expect(valueAtPath(ada, 'emails[type eq "work"].value')).toBe('ada@work.example');
    expect(valueAtPath(ada, 'emails[type eq "WORK"].value')).toBe('ada@work.example'); // string filters ignore case
    expect(valueAtPath(ada, 'emails[type eq "other"].value')).toBeUndefined();
    expect(valueAtPath(ada, 'emails.value')).toEqual(['ada@work.example', 'ada@home.example']);
    expect(valueAtPath(ada, 'emails[type eq "home"]')).toEqual({ type: 'home', value: 'ada@home.example' });
    expect(valueAtPath(ada, 'emails[primary eq false or primary pr]')).toEqual({ type: 'work', value: 'ada@work.example', primary: true });
  });

  it('gives the list when a filter matches several values, and reads plain lists', () => {
    const twoWork = {
      emails: [
        { type: 'work', value: 'a' },
        { type: 'work', value: 'b' },
      ],
      tags: ['x', 'y'],
    };
    expect(valueAtPath(twoWork, 'emails[type eq "work"].value')).toEqual(['a', 'b']);
    expect(valueAtPath(twoWork, 'tags[value eq "y"].value')).toBe('y');
    expect(valueAtPath(twoWork, 'tags')).toEqual(['x', 'y']);
  });

  it('is undefined for absent and null values, and for text that is no attribute path', () => {
    expect(valueAtPath(ada, 'title')).toBeUndefined();
    expect(valueAtPath({ title: null }, 'title')).toBeUndefined();
    expect(valueAtPath({ name: null }, 'name.givenName')).toBeUndefined();
    expect(valueAtPath({ name: 'flat' }, 'name.givenName')).toBeUndefined();
    expect(valueAtPath(ada, '(resource)')).toBeUndefined();
    expect(valueAtPath(ada, 'member of “Staff”')).toBeUndefined();
  });
});

describe('sameValue and changedPaths', () => {
  it('treats null, "", [] and {} as unassigned, and compares lists as sets and names ignoring case', () => {
    expect(sameValue(undefined, null)).toBe(true);
    expect(sameValue('', [])).toBe(true);
    expect(sameValue(undefined, 'x')).toBe(false);
    expect(sameValue(['a', 'b'], ['b', 'a', 'a'])).toBe(true);
    expect(sameValue([{ Value: 'a', type: 'work' }], [{ type: 'work', value: 'a', display: null }])).toBe(true);
  });

  it('keeps strings exact and types apart: "False" is not false, "7" is not 7', () => {
    expect(sameValue('Ada', 'ada')).toBe(false);
    expect(sameValue(false, 'False')).toBe(false);
    expect(sameValue(false, 'false')).toBe(false);
    expect(sameValue(7, '7')).toBe(false);
    expect(sameValue(7, 7)).toBe(true);
  });

  it('lists only the asked paths whose values changed', () => {
    const later = {
      ...ada,
      active: false,
      emails: [...ada.emails].reverse(),
      [ENT]: { department: 'Ops', manager: { value: 'm-1' } },
      meta: { version: 'W/"2"' },
    };
    const paths = ['userName', 'active', 'emails', 'emails[type eq "work"].value', `${ENT}:department`, `${ENT}:manager.value`, 'title'];
    expect(changedPaths(ada, later, paths)).toEqual(['active', `${ENT}:department`]);
    expect(changedPaths(ada, ada, paths)).toEqual([]);
  });
});

describe('differences', () => {
  it('is empty when the server stored what was asked, with sub-attributes of its own added', () => {
    const asked = { members: [{ value: 'u1' }, { value: 'u2' }], active: false };
    const stored = { members: [{ value: 'u2', display: 'Bob', $ref: '/Users/u2' }, { value: 'u1' }], active: false, meta: {} };
    expect(differences(asked, stored, ['members', 'active'])).toEqual([]);
  });

  it('says per path what was asked and what was stored', () => {
    const asked = { active: false, title: 'Boss', emails: [{ type: 'work', value: 'a@x' }], nickName: undefined };
    const stored = { active: 'False', emails: [], nickName: 'Addy' };
    expect(differences(asked, stored, ['active', 'title', 'emails[type eq "work"].value', 'nickName'])).toEqual([
      'active: asked false, stored "False"',
      'title: asked "Boss", stored absent',
      'emails[type eq "work"].value: asked "a@x", stored absent',
      'nickName: asked absent, stored "Addy"',
    ]);
  });

  it('reports missing and extra list elements', () => {
    expect(storedAsAsked([{ value: 'u1' }], [{ value: 'u1' }, { value: 'u3' }])).toBe(false);
    expect(storedAsAsked([{ value: 'u1' }, { value: 'u2' }], [{ value: 'u1' }])).toBe(false);
    expect(differences({ members: [{ value: 'u1' }] }, { members: [{ value: 'u1' }, { value: 'u3' }] }, ['members'])).toEqual([
      'members: asked [{"value":"u1"}], stored [{"value":"u1"},{"value":"u3"}]',
    ]);
  });

  it('cuts long values', () => {
    const [line] = differences({ title: 'x'.repeat(1000) }, {}, ['title']);
    expect(line!.length).toBeLessThan(400);
    expect(line).toMatch(/…, stored absent$/);
  });
});
