import { describe, expect, it } from 'vitest';
import { compileFilter, parseFilter } from '../filter';
import {
  CORE_SCHEMAS,
  COMMON_ATTRIBUTES,
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  SCHEMA_ENTERPRISE_USER,
  SCHEMA_GROUP,
  SCHEMA_USER,
  SCIM_URNS,
  USER_SCHEMA,
  createAttributeLookup,
  createAttributeResolver,
  splitAttributePath,
  type ScimAttribute,
} from './index';

const walk = (attrs: ScimAttribute[], visit: (a: ScimAttribute, parent?: ScimAttribute) => void, parent?: ScimAttribute) => {
  for (const a of attrs) {
    visit(a, parent);
    if (a.subAttributes) walk(a.subAttributes, visit, a);
  }
};

describe('core schemas (RFC 7643 §8.7.1)', () => {
  it('defines User, Group and EnterpriseUser with their URNs', () => {
    expect(CORE_SCHEMAS.map((s) => s.id)).toEqual([SCHEMA_USER, SCHEMA_GROUP, SCHEMA_ENTERPRISE_USER]);
    expect(SCIM_URNS.PATCH_OP).toBe('urn:ietf:params:scim:api:messages:2.0:PatchOp');
    expect(SCIM_URNS.LIST_RESPONSE).toBe('urn:ietf:params:scim:api:messages:2.0:ListResponse');
    expect(SCIM_URNS.ERROR).toBe('urn:ietf:params:scim:api:messages:2.0:Error');
  });

  it('carries full metadata on every attribute', () => {
    for (const schema of [...CORE_SCHEMAS, { id: 'common', attributes: COMMON_ATTRIBUTES }]) {
      walk(schema.attributes, (a) => {
        expect(a).toMatchObject({
          name: expect.any(String),
          type: expect.any(String),
          multiValued: expect.any(Boolean),
          required: expect.any(Boolean),
          caseExact: expect.any(Boolean),
        });
        expect(['readOnly', 'readWrite', 'immutable', 'writeOnly']).toContain(a.mutability);
        expect(['always', 'never', 'default', 'request']).toContain(a.returned);
        expect(['none', 'server', 'global']).toContain(a.uniqueness);
        expect(typeof a.description).toBe('string');
        if (a.type === 'complex') expect(a.subAttributes?.length).toBeGreaterThan(0);
        else expect(a.subAttributes).toBeUndefined();
      });
    }
  });

  it('matches the RFC on the attributes clients depend on', () => {
    const user = new Map(USER_SCHEMA.attributes.map((a) => [a.name, a]));
    expect(user.get('userName')).toMatchObject({
      type: 'string',
      required: true,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'server',
    });
    expect(user.get('password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
    expect(user.get('groups')).toMatchObject({ multiValued: true, mutability: 'readOnly' });
    expect(user.get('groups')!.subAttributes!.find((s) => s.name === 'type')!.canonicalValues).toEqual(['direct', 'indirect']);
    expect(user.get('emails')!.subAttributes!.find((s) => s.name === 'type')!.canonicalValues).toEqual(['work', 'home', 'other']);
    expect(user.get('phoneNumbers')!.subAttributes!.find((s) => s.name === 'type')!.canonicalValues).toEqual([
      'work',
      'home',
      'mobile',
      'fax',
      'pager',
      'other',
    ]);
    expect(user.get('x509Certificates')!.subAttributes![0].type).toBe('binary');
    expect(user.get('profileUrl')).toMatchObject({ type: 'reference', referenceTypes: ['external'] });
    expect(user.get('active')!.type).toBe('boolean');
    expect(USER_SCHEMA.attributes.map((a) => a.name)).toEqual([
      'userName',
      'name',
      'displayName',
      'nickName',
      'profileUrl',
      'title',
      'userType',
      'preferredLanguage',
      'locale',
      'timezone',
      'active',
      'password',
      'emails',
      'phoneNumbers',
      'ims',
      'photos',
      'addresses',
      'groups',
      'entitlements',
      'roles',
      'x509Certificates',
    ]);
    const members = GROUP_SCHEMA.attributes.find((a) => a.name === 'members')!;
    expect(members.multiValued).toBe(true);
    expect(members.subAttributes!.find((s) => s.name === 'value')!.mutability).toBe('immutable');
    expect(members.subAttributes!.find((s) => s.name === '$ref')!.referenceTypes).toEqual(['User', 'Group']);
    const manager = ENTERPRISE_USER_SCHEMA.attributes.find((a) => a.name === 'manager')!;
    expect(manager.subAttributes!.map((s) => s.name)).toEqual(['value', '$ref', 'displayName']);
    expect(manager.subAttributes![2].mutability).toBe('readOnly');
    const id = COMMON_ATTRIBUTES.find((a) => a.name === 'id')!;
    expect(id).toMatchObject({ caseExact: true, mutability: 'readOnly', returned: 'always', uniqueness: 'server' });
  });
});

describe('createAttributeLookup', () => {
  const lookup = createAttributeLookup([...CORE_SCHEMAS], SCHEMA_USER);
  const resolve = createAttributeResolver([...CORE_SCHEMAS], SCHEMA_USER);

  it('resolves core, common, sub- and extension attributes case-insensitively', () => {
    expect(lookup({ name: 'USERNAME' })).toMatchObject({ type: 'string', caseExact: false });
    expect(lookup({ name: 'id' })).toMatchObject({ caseExact: true });
    expect(lookup({ name: 'meta', sub: 'LASTMODIFIED' })).toMatchObject({ type: 'dateTime' });
    expect(lookup({ name: 'emails', sub: 'primary' })).toMatchObject({ type: 'boolean' });
    expect(lookup({ name: 'emails' })).toMatchObject({ type: 'complex', multiValued: true });
    expect(lookup({ uri: SCHEMA_USER, name: 'name', sub: 'givenName' })).toMatchObject({ type: 'string' });
    expect(lookup({ uri: SCHEMA_ENTERPRISE_USER.toUpperCase(), name: 'Manager', sub: 'Value' })).toMatchObject({ type: 'string' });
    expect(lookup({ uri: SCHEMA_ENTERPRISE_USER, name: 'department' })).toMatchObject({ type: 'string' });
    expect(resolve({ name: 'password' })?.returned).toBe('never');
  });

  it('resolves inside value filters through the parent', () => {
    expect(lookup({ name: 'type' }, { name: 'emails' })).toMatchObject({ type: 'string' });
    expect(lookup({ name: 'primary' }, { name: 'EMAILS' })).toMatchObject({ type: 'boolean' });
    expect(lookup({ name: 'value' }, { uri: SCHEMA_ENTERPRISE_USER, name: 'manager' })).toMatchObject({ type: 'string' });
  });

  it('answers undefined for unknown attributes and schemas', () => {
    expect(lookup({ name: 'department' })).toBeUndefined();
    expect(lookup({ name: 'nope' })).toBeUndefined();
    expect(lookup({ name: 'name', sub: 'nope' })).toBeUndefined();
    expect(lookup({ uri: 'urn:example:other', name: 'userName' })).toBeUndefined();
    expect(lookup({ name: 'x' }, { name: 'userName' })).toBeUndefined();
  });

  it('serves the group schema when it is the core', () => {
    const groups = createAttributeLookup([...CORE_SCHEMAS], SCHEMA_GROUP);
    expect(groups({ name: 'displayName' })).toMatchObject({ type: 'string' });
    expect(groups({ name: 'members', sub: 'value' })).toMatchObject({ type: 'string' });
    expect(groups({ name: 'userName' })).toBeUndefined();
  });

  it('drives the shared filter evaluator (case-exact ids, dateTimes)', () => {
    const user = { id: 'AbC', userName: 'Bob', meta: { created: '2024-05-01T00:00:00Z' } };
    expect(compileFilter(parseFilter('userName eq "bob"'), lookup)(user)).toBe(true);
    expect(compileFilter(parseFilter('id eq "abc"'), lookup)(user)).toBe(false);
    expect(compileFilter(parseFilter('meta.created gt "2024-04-30T23:00:00-02:00"'), lookup)(user)).toBe(false);
  });
});

describe('splitAttributePath', () => {
  const urns = [SCHEMA_USER, SCHEMA_ENTERPRISE_USER];
  it('splits names, sub-attributes and URN-qualified paths', () => {
    expect(splitAttributePath('userName')).toEqual({ name: 'userName' });
    expect(splitAttributePath(' name.givenName ')).toEqual({ name: 'name', sub: 'givenName' });
    expect(splitAttributePath(`${SCHEMA_ENTERPRISE_USER}:manager.value`, urns)).toEqual({ uri: SCHEMA_ENTERPRISE_USER, name: 'manager', sub: 'value' });
    expect(splitAttributePath(`${SCHEMA_ENTERPRISE_USER.toLowerCase()}:department`, urns)).toEqual({ uri: SCHEMA_ENTERPRISE_USER, name: 'department' });
    expect(splitAttributePath(SCHEMA_ENTERPRISE_USER, urns)).toEqual({ uri: SCHEMA_ENTERPRISE_USER, name: '' });
    expect(splitAttributePath('urn:example:ext:1.0:User:thing')).toEqual({ uri: 'urn:example:ext:1.0:User', name: 'thing' });
    expect(splitAttributePath('members.$ref')).toEqual({ name: 'members', sub: '$ref' });
  });

  it('rejects malformed paths', () => {
    for (const bad of ['', '1abc', 'name.', 'a b', 'emails[type eq "work"]', 'name.given.name']) expect(() => splitAttributePath(bad), bad).toThrow();
  });
});
