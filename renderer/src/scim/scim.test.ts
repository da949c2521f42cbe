import { describe, expect, it } from 'vitest';
import type { Capabilities, ResourceTypeDef } from '../../../shared/contract';
import { parseFilter, printFilter, type FilterNode } from '../../../shared/filter';
import { SCHEMA_ENTERPRISE_USER, SCHEMA_GROUP, SCHEMA_USER } from '../../../shared/scim';
import { ifMatchFor, ifMatchNote, memberReadOnlySubAttributes, usersHaveGroups, writeMethod } from './capabilities';
import { groupsWithMemberFilter, membersAsUsersFilter, memberValuePath, quickSearchFilter, quickSearchHint } from './filters';
import { scanProgressKey, scimKeys } from './keys';
import { resourceKind, resourceKindOf, resourceTypeOf, typeOfKind, userAndGroupTypes } from './kinds';
import { searchInput } from './search';

const type = (name: string, schema: string, endpoint = `/${name}s`): ResourceTypeDef => ({ name, schema, endpoint, schemaExtensions: [], source: 'discovery' });
const caps = (resourceTypes: ResourceTypeDef[], extra: Partial<Capabilities> = {}): Capabilities =>
  ({ resourceTypes, schemas: [], etag: null, patch: true, ...extra }) as unknown as Capabilities;

describe('resource kinds: the one user/group detection', () => {
  it('knows users and groups by their core schema, a vendor URN ending in :User/:Group, or their name', () => {
    expect(resourceKind(type('User', SCHEMA_USER))).toBe('users');
    expect(resourceKind(type('Person', 'urn:acme:scim:User'))).toBe('users');
    expect(resourceKind(type('users', 'urn:acme:person'))).toBe('users');
    expect(resourceKind(type('Group', SCHEMA_GROUP))).toBe('groups');
    expect(resourceKind(type('Team', 'urn:ietf:params:scim:schemas:core:2.0:group'))).toBe('groups');
    expect(resourceKind(type('GROUPS', 'urn:acme:team'))).toBe('groups');
    // Names that only contain the word, and vendor schemas that merely end in "User", are something else.
    expect(resourceKind(type('Device', 'urn:acme:Device'))).toBe('other');
    expect(resourceKind(type('ServiceUser', 'urn:acme:ServiceUser'))).toBe('other');
    expect(resourceKind(type('UserGroup', 'urn:acme:UserGroupish'))).toBe('other');
  });

  it('falls back on the resource when its type is unknown', () => {
    expect(resourceKindOf(undefined, { userName: 'a' })).toBe('users');
    expect(resourceKindOf(undefined, { displayName: 'g' })).toBe('other');
    expect(resourceKindOf(type('Group', SCHEMA_GROUP), { userName: 'odd' })).toBe('groups');
  });

  it('finds the Users and Groups types of a server, whatever their endpoints', () => {
    const users = type('User', SCHEMA_USER, '/users');
    const groups = type('Group', SCHEMA_GROUP, 'Groups');
    const device = type('Device', 'urn:acme:Device');
    expect(userAndGroupTypes(caps([device, groups, users]))).toEqual({ users, groups });
    expect(userAndGroupTypes(caps([users]))).toEqual({ users });
    expect(typeOfKind(caps([device, users]), 'other')).toBe(device);
  });

  it('tells which type a resource belongs to: meta.resourceType, schemas, location, then its shape', () => {
    const users = type('User', SCHEMA_USER);
    const groups = type('Group', SCHEMA_GROUP);
    const c = caps([users, groups]);
    expect(resourceTypeOf({ meta: { resourceType: 'group' } }, c)).toBe(groups);
    expect(resourceTypeOf({ schemas: [SCHEMA_USER, SCHEMA_ENTERPRISE_USER] }, c)).toBe(users);
    expect(resourceTypeOf({ meta: { location: 'https://x/scim/Groups/1' } }, c)).toBe(groups);
    expect(resourceTypeOf({ members: [] }, c)).toBe(groups);
    expect(resourceTypeOf({ id: '1' }, c)).toBe(users);
  });
});

describe('filters: printed from the AST, never concatenated', () => {
  const hostile = 'a"b\\c) or (id pr';

  it('builds one quick search per kind, the same for the browsers, the picker and the Members tab', () => {
    expect(quickSearchFilter('users', 'ann')).toBe('userName sw "ann" or displayName co "ann" or emails.value co "ann"');
    expect(quickSearchFilter('groups', 'eng')).toBe('displayName co "eng"');
    expect(quickSearchFilter('other', 'x')).toBe('displayName co "x"');
    expect(quickSearchHint('users')).toMatch(/userName \(starts with\), displayName or email \(contains\)/);
    expect(membersAsUsersFilter(42, ' ann ')).toBe(`groups.value eq "42" and (${quickSearchFilter('users', 'ann')})`);
    expect(membersAsUsersFilter('g1', '  ')).toBe('groups.value eq "g1"');
  });

  it('quotes every value, so text from the user or the server cannot change the filter', () => {
    const values = (node: FilterNode): unknown[] =>
      node.kind === 'compare'
        ? [node.value]
        : node.kind === 'and' || node.kind === 'or'
          ? [...values(node.left), ...values(node.right)]
          : node.kind === 'not'
            ? values(node.expr)
            : node.kind === 'valuePath'
              ? values(node.filter)
              : [];
    for (const [filter, expected] of [
      [quickSearchFilter('users', hostile), [hostile, hostile, hostile]],
      [membersAsUsersFilter(hostile, hostile), [hostile, hostile, hostile, hostile]],
      [groupsWithMemberFilter(hostile), [hostile]],
    ] as const) {
      // It parses back to comparisons of exactly the values given (no `pr` smuggled in), and prints the same.
      const ast = parseFilter(filter);
      expect(values(ast)).toEqual(expected);
      expect(printFilter(ast)).toBe(filter);
    }
    expect(groupsWithMemberFilter('u"1')).toBe('members.value eq "u\\"1"');
  });

  it('addresses one member for removal with a value path', () => {
    expect(memberValuePath('b')).toBe('members[value eq "b"]');
    expect(memberValuePath('x"]')).toBe('members[value eq "x\\"]"]');
  });

  it('asks for a search to be matched on the main side when the server will not apply it, with a stable progress key', () => {
    const input = searchInput('c1', '/Users', 'displayName co "a"');
    expect(input).toEqual({ filter: 'displayName co "a"', matchHere: true, progressKey: scanProgressKey('c1', '/Users', 'displayName co "a"') });
    expect(scanProgressKey('c1', '/Users', 'x')).not.toBe(scanProgressKey('c1', '/Users', 'y'));
    expect(scanProgressKey('c1', '/Users', 'x').length).toBeLessThanOrEqual(200);
  });
});

describe('capabilities: what a write may carry', () => {
  it('sends If-Match only where the ServiceProviderConfig says ETags are supported, as the main side does', () => {
    expect(ifMatchFor({ etag: true }, 'W/"1"')).toBe('W/"1"');
    expect(ifMatchFor({ etag: true }, null)).toBeUndefined();
    expect(ifMatchFor({ etag: false }, 'W/"1"')).toBeUndefined();
    expect(ifMatchFor({ etag: null }, 'W/"1"')).toBeUndefined();
    expect(ifMatchNote({ etag: true }, 'W/"1"')).toBeNull();
    expect(ifMatchNote({ etag: false }, 'W/"1"')).toMatch(/does not support ETags.*no If-Match/);
    expect(ifMatchNote({ etag: null }, 'W/"1"')).toMatch(/does not say it supports ETags/);
    expect(ifMatchNote({ etag: true }, null)).toMatch(/No ETag came with the read/);
  });

  it('writes with PUT where the server has no PATCH or the connection prefers it', () => {
    expect(writeMethod({ patch: true }, { updateMethod: 'patch' })).toBe('patch');
    expect(writeMethod({ patch: null }, { updateMethod: 'patch' })).toBe('patch');
    expect(writeMethod({ patch: false }, { updateMethod: 'patch' })).toBe('put');
    expect(writeMethod({ patch: true }, { updateMethod: 'put' })).toBe('put');
    // Seen to refuse PATCH there (405/501): PUT, whatever discovery said.
    expect(writeMethod({ patch: true }, { updateMethod: 'patch' }, true)).toBe('put');
  });

  it('reads from the schemas whether users carry groups and which member sub-attributes are readOnly', () => {
    const attr = (name: string, more: Record<string, unknown> = {}) => ({
      name,
      type: 'string',
      multiValued: false,
      required: false,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'none',
      ...more,
    });
    const users = type('User', SCHEMA_USER);
    const groups = type('Group', 'urn:acme:Group');
    const withGroups = caps([users, groups], {
      schemas: [
        { id: SCHEMA_USER, name: 'User', description: '', attributes: [attr('userName'), attr('groups', { mutability: 'readOnly' })] },
        {
          id: 'urn:acme:Group',
          name: 'Group',
          description: '',
          attributes: [attr('members', { type: 'complex', subAttributes: [attr('value'), attr('display', { mutability: 'readOnly' })] })],
        },
      ],
    } as unknown as Partial<Capabilities>);
    expect(usersHaveGroups(withGroups)).toBe(true);
    expect(memberReadOnlySubAttributes(withGroups)).toEqual(['display']);
    expect(usersHaveGroups(caps([users]))).toBe(false);
    expect(memberReadOnlySubAttributes(caps([users]))).toEqual([]);
  });

  it('keys everything read from a connection under one prefix', () => {
    for (const key of [
      scimKeys.capabilities('c'),
      scimKeys.browse('c', '/Users'),
      scimKeys.detail('c', '/Users', 1),
      scimKeys.history('c', '/Users', 1),
      scimKeys.membership('c'),
    ]) {
      expect(key.slice(0, 2)).toEqual([...scimKeys.connection('c')]);
    }
  });
});
