import { describe, expect, it } from 'vitest';
import type { AttributeLookup } from '../filter/index';
import { applyPatch, normalizeOpName, PatchError, type PatchOperation } from './index';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

type Resource = Record<string, unknown>;
const user = (): Resource => ({
  schemas: [USER_SCHEMA],
  id: 'u1',
  userName: 'bjensen',
  active: true,
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
});

function patchError(run: () => unknown): PatchError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PatchError);
    return error as PatchError;
  }
  throw new Error('expected a PatchError');
}

describe('normalizeOpName', () => {
  it('lowercases known names and rejects others', () => {
    expect(normalizeOpName('Add')).toBe('add');
    expect(normalizeOpName('REPLACE')).toBe('replace');
    expect(normalizeOpName('remove')).toBe('remove');
    expect(normalizeOpName('move')).toBeUndefined();
    expect(normalizeOpName('')).toBeUndefined();
    expect(normalizeOpName(undefined as unknown as string)).toBeUndefined();
  });
});

describe('applyPatch: names and paths', () => {
  it('matches attribute names ignoring case and writes back with the existing key', () => {
    const result = applyPatch(user(), [
      { op: 'replace', path: 'USERNAME', value: 'babs' },
      { op: 'replace', path: 'Name.GivenName', value: 'Babs' },
    ]);
    expect(result.userName).toBe('babs');
    expect(result).not.toHaveProperty('USERNAME');
    expect(result.name).toEqual({ givenName: 'Babs', familyName: 'Jensen' });
  });

  it("uses the path's spelling for a new attribute", () => {
    expect(Object.keys(applyPatch(user(), [{ op: 'add', path: 'nickName', value: 'Babs' }]))).toContain('nickName');
  });

  it('creates a missing complex parent on add and replace', () => {
    const bare = { schemas: [USER_SCHEMA], userName: 'x' };
    expect(applyPatch(bare, [{ op: 'add', path: 'name.givenName', value: 'Babs' }])).toHaveProperty('name', { givenName: 'Babs' });
    expect(applyPatch(bare, [{ op: 'replace', path: 'name.familyName', value: 'J' }])).toHaveProperty('name', { familyName: 'J' });
  });

  it('replaces a single-valued attribute on add', () => {
    expect(applyPatch(user(), [{ op: 'add', path: 'userName', value: 'other' }]).userName).toBe('other');
  });

  it('merges sub-attributes when adding to a complex attribute', () => {
    const result = applyPatch(user(), [{ op: 'add', path: 'name', value: { middleName: 'Jane', givenName: 'Babs' } }]);
    expect(result.name).toEqual({ givenName: 'Babs', familyName: 'Jensen', middleName: 'Jane' });
  });

  it('appends a lone value to a multi-valued attribute and wraps it when the schema says multi-valued', () => {
    const appended = applyPatch(user(), [{ op: 'add', path: 'emails', value: { value: 'x@y.org', type: 'other' } }]);
    expect(appended.emails).toHaveLength(3);
    const lookup: AttributeLookup = (path) => (path.name === 'phoneNumbers' && !path.sub ? { type: 'complex', multiValued: true } : undefined);
    const created = applyPatch(user(), [{ op: 'add', path: 'phoneNumbers', value: { value: '555', type: 'work' } }], { lookup });
    expect(created.phoneNumbers).toEqual([{ value: '555', type: 'work' }]);
  });

  it('refuses a sub-attribute of a multi-valued attribute without a filter on add/replace, but removes it everywhere', () => {
    expect(patchError(() => applyPatch(user(), [{ op: 'replace', path: 'emails.type', value: 'x' }])).scimType).toBe('invalidPath');
    const result = applyPatch(user(), [{ op: 'remove', path: 'emails.primary' }]);
    expect(result.emails).toEqual([
      { value: 'bjensen@example.com', type: 'work' },
      { value: 'babs@jensen.org', type: 'home' },
    ]);
  });

  it('removes attributes, sub-attributes and filtered sub-attributes', () => {
    const result = applyPatch(user(), [
      { op: 'remove', path: 'name.givenName' },
      { op: 'remove', path: 'emails[type eq "work"].primary' },
      { op: 'remove', path: 'ACTIVE' },
    ]);
    expect(result.name).toEqual({ familyName: 'Jensen' });
    expect(result.emails).toEqual([
      { value: 'bjensen@example.com', type: 'work' },
      { value: 'babs@jensen.org', type: 'home' },
    ]);
    expect(result).not.toHaveProperty('active');
  });

  it('treats removing what is not there as done', () => {
    const before = user();
    expect(applyPatch(before, [{ op: 'remove', path: 'nickName' }])).toEqual(before);
    expect(applyPatch(before, [{ op: 'remove', path: 'emails[type eq "other"]' }])).toEqual(before);
    expect(applyPatch(before, [{ op: 'remove', path: `${ENTERPRISE}:department` }])).toEqual(before);
    expect(applyPatch(before, [{ op: 'remove', path: 'phoneNumbers[type eq "work"]' }])).toEqual(before);
  });

  it('unassigns an attribute replaced with null', () => {
    expect(applyPatch(user(), [{ op: 'replace', path: 'name', value: null }])).not.toHaveProperty('name');
  });

  it('treats a core schema URN prefix as the top level', () => {
    const result = applyPatch(user(), [{ op: 'replace', path: `${USER_SCHEMA}:userName`, value: 'core' }]);
    expect(result.userName).toBe('core');
    expect(result).not.toHaveProperty(USER_SCHEMA);
  });

  it('replaces a filtered element of a primitive list', () => {
    const result = applyPatch({ tags: ['a', 'b'] }, [{ op: 'replace', path: 'tags[value eq "b"]', value: 'c' }]);
    expect(result.tags).toEqual(['a', 'c']);
  });
});

describe('applyPatch: extensions', () => {
  it('writes an extension path under the URN key and lists the URN in schemas', () => {
    const result = applyPatch(user(), [
      { op: 'add', path: `${ENTERPRISE}:manager`, value: { value: '26118915' } },
      { op: 'replace', path: `${ENTERPRISE}:department`, value: 'Tour Operations' },
    ]);
    expect(result[ENTERPRISE]).toEqual({ manager: { value: '26118915' }, department: 'Tour Operations' });
    expect(result.schemas).toEqual([USER_SCHEMA, ENTERPRISE]);
  });

  it('replaces a sub-attribute of an extension attribute', () => {
    const start = { ...user(), schemas: [USER_SCHEMA, ENTERPRISE], [ENTERPRISE]: { manager: { value: 'old', displayName: 'Old Boss' } } };
    const result = applyPatch(start, [{ op: 'replace', path: `${ENTERPRISE}:manager.value`, value: 'new' }]);
    expect(result[ENTERPRISE]).toEqual({ manager: { value: 'new', displayName: 'Old Boss' } });
    expect(result.schemas).toEqual([USER_SCHEMA, ENTERPRISE]);
  });

  it('finds the extension object and schema entry ignoring URN case', () => {
    const upper = ENTERPRISE.toUpperCase();
    const start = { ...user(), schemas: [USER_SCHEMA, upper], [upper]: { department: 'A' } };
    const result = applyPatch(start, [{ op: 'replace', path: `${ENTERPRISE}:Department`, value: 'B' }]);
    expect(result[upper]).toEqual({ department: 'B' });
    expect(result).not.toHaveProperty(ENTERPRISE);
    expect(result.schemas).toEqual([USER_SCHEMA, upper]);
  });

  it('merges an extension object given without a path', () => {
    const start = { ...user(), schemas: [USER_SCHEMA, ENTERPRISE], [ENTERPRISE]: { department: 'A', costCenter: '1' } };
    const result = applyPatch(start, [{ op: 'add', value: { [ENTERPRISE]: { department: 'B', division: 'X' }, title: 'Guide' } }]);
    expect(result[ENTERPRISE]).toEqual({ department: 'B', costCenter: '1', division: 'X' });
    expect(result).toHaveProperty('title', 'Guide');
  });

  it('drops an extension whose last attribute was removed, with its schemas entry', () => {
    const start = { ...user(), schemas: [USER_SCHEMA, ENTERPRISE], [ENTERPRISE]: { department: 'A' } };
    const result = applyPatch(start, [{ op: 'remove', path: `${ENTERPRISE}:department` }]);
    expect(result).not.toHaveProperty(ENTERPRISE);
    expect(result.schemas).toEqual([USER_SCHEMA]);
  });

  it('accepts the whole extension as a path, and removes it with its schema entry', () => {
    const added = applyPatch(user(), [{ op: 'add', path: ENTERPRISE, value: { employeeNumber: '701984' } }]);
    expect(added[ENTERPRISE]).toEqual({ employeeNumber: '701984' });
    expect(added.schemas).toContain(ENTERPRISE);
    const removed = applyPatch(added, [{ op: 'remove', path: ENTERPRISE }]);
    expect(removed).not.toHaveProperty(ENTERPRISE);
    expect(removed.schemas).toEqual([USER_SCHEMA]);
  });

  it('takes custom extension schemas that already exist on the resource', () => {
    const custom = 'urn:example:scim:schemas:Acme';
    const start = { schemas: [USER_SCHEMA, custom], [custom]: { badge: '1' } };
    const result = applyPatch(start, [{ op: 'replace', path: custom, value: { badge: '2' } }]);
    expect(result[custom]).toEqual({ badge: '2' });
  });
});

describe('applyPatch: Entra ID and Azure AD requests', () => {
  it('accepts capitalised op names and string booleans for active', () => {
    const result = applyPatch(user(), [{ op: 'Replace' as 'replace', path: 'active', value: 'False' }]);
    expect(result.active).toBe(false);
  });

  it('deactivates with a path-less replace of {active: false}', () => {
    expect(applyPatch(user(), [{ op: 'replace', value: { active: false } }]).active).toBe(false);
    expect(applyPatch(user(), [{ op: 'replace', value: { active: 'False' } }]).active).toBe(false);
  });

  it('converts string booleans where the lookup says boolean, and only there', () => {
    const lookup: AttributeLookup = (path) => {
      if (path.uri === ENTERPRISE && path.name === 'isContractor') return { type: 'boolean' };
      if (path.name === 'active') return { type: 'string' }; // a server that really stores text
      return undefined;
    };
    const result = applyPatch(
      user(),
      [
        { op: 'add', path: `${ENTERPRISE}:isContractor`, value: 'True' },
        { op: 'replace', path: 'active', value: 'False' },
        { op: 'replace', path: 'title', value: 'True' },
      ],
      { lookup },
    );
    expect(result[ENTERPRISE]).toEqual({ isContractor: true });
    expect(result.active).toBe('False');
    expect(result.title).toBe('True');
  });

  it('removes members listed in the value (Azure style)', () => {
    const group = { members: [{ value: 'a' }, { value: 'b', display: 'B' }, { value: 'c' }] };
    const result = applyPatch(group, [{ op: 'Remove' as 'remove', path: 'members', value: [{ value: 'b' }, { value: 'zzz' }] }]);
    expect(result.members).toEqual([{ value: 'a' }, { value: 'c' }]);
  });

  it('removes a member selected with single quotes', () => {
    const group = { members: [{ value: 'a' }, { value: 'b' }] };
    expect(applyPatch(group, [{ op: 'remove', path: "members[value eq 'b']" }]).members).toEqual([{ value: 'a' }]);
  });

  it('applies path-less replace keys that are paths', () => {
    const result = applyPatch(user(), [
      {
        op: 'replace',
        value: {
          'name.givenName': 'Babs',
          [`${ENTERPRISE}:department`]: 'Sales',
          'emails[type eq "work"].value': 'babs@work.example',
        },
      },
    ]);
    expect(result.name).toEqual({ givenName: 'Babs', familyName: 'Jensen' });
    expect(result[ENTERPRISE]).toEqual({ department: 'Sales' });
    expect((result.emails as { value: string }[])[0].value).toBe('babs@work.example');
  });

  it('creates the element an equality filter describes when add finds none', () => {
    const result = applyPatch(user(), [
      { op: 'add', path: 'addresses[type eq "work"].streetAddress', value: '1 Main St' },
      { op: 'add', path: 'addresses[type eq "work"].locality', value: 'Springfield' },
      { op: 'add', path: 'phoneNumbers[type eq "mobile"]', value: { value: '555-0100' } },
    ]);
    expect(result.addresses).toEqual([{ type: 'work', streetAddress: '1 Main St', locality: 'Springfield' }]);
    expect(result.phoneNumbers).toEqual([{ type: 'mobile', value: '555-0100' }]);
  });

  it('fails with noTarget when add finds no match and the filter does not describe an element', () => {
    const error = patchError(() => applyPatch(user(), [{ op: 'add', path: 'emails[value co "nothing"].type', value: 'x' }]));
    expect(error.scimType).toBe('noTarget');
  });
});

describe('applyPatch: primary exclusivity (RFC 7643 §2.4)', () => {
  const primaries = (resource: Resource) => (resource.emails as { primary?: boolean }[]).map((email) => email.primary);

  it('clears other primaries when a new primary value is added', () => {
    const result = applyPatch(user(), [{ op: 'add', path: 'emails', value: [{ value: 'new@x.org', type: 'other', primary: true }] }]);
    expect(primaries(result)).toEqual([false, undefined, true]);
  });

  it('clears other primaries when a filtered element becomes primary, even from an Entra "True"', () => {
    const result = applyPatch(user(), [{ op: 'replace', path: 'emails[type eq "home"].primary', value: 'True' }]);
    expect(primaries(result)).toEqual([false, true]);
  });

  it('converts Entra "True" inside added list elements before enforcing', () => {
    const result = applyPatch(user(), [{ op: 'Add' as 'add', path: 'emails', value: [{ value: 'n@x.org', type: 'other', primary: 'True' }] }]);
    expect(primaries(result)).toEqual([false, undefined, true]);
  });

  it('keeps only the last primary of a replaced list', () => {
    const result = applyPatch(user(), [
      {
        op: 'replace',
        path: 'emails',
        value: [
          { value: 'a@x.org', primary: true },
          { value: 'b@x.org', primary: true },
        ],
      },
    ]);
    expect(primaries(result)).toEqual([false, true]);
  });

  it('leaves other elements alone when the written value is not primary', () => {
    const result = applyPatch(user(), [{ op: 'replace', path: 'emails[type eq "home"]', value: { primary: false } }]);
    expect(primaries(result)).toEqual([true, false]);
  });
});

describe('applyPatch: mutability and errors', () => {
  const isReadOnly = (path: { name: string }) => ['id', 'groups', 'meta'].includes(path.name.toLowerCase());

  it('rejects operations on read-only attributes with scimType mutability and the op index', () => {
    const error = patchError(() =>
      applyPatch(
        user(),
        [
          { op: 'replace', path: 'userName', value: 'x' },
          { op: 'add', path: 'groups', value: [{ value: 'g' }] },
        ],
        { isReadOnly },
      ),
    );
    expect(error.scimType).toBe('mutability');
    expect(error.opIndex).toBe(1);
    expect(error.message).toContain('groups');
    expect(patchError(() => applyPatch(user(), [{ op: 'remove', path: 'ID' }], { isReadOnly })).scimType).toBe('mutability');
  });

  it('lets a path-less replace echo a read-only attribute unchanged, but not change it', () => {
    const echoed = applyPatch(user(), [{ op: 'replace', value: { id: 'u1', userName: 'babs' } }], { isReadOnly });
    expect(echoed.userName).toBe('babs');
    expect(patchError(() => applyPatch(user(), [{ op: 'replace', value: { id: 'u2' } }], { isReadOnly })).scimType).toBe('mutability');
  });

  it('reports bad paths as invalidPath with the parser position in the message', () => {
    const error = patchError(() => applyPatch(user(), [{ op: 'remove', path: 'emails[type eqq "work"]' }]));
    expect(error.scimType).toBe('invalidPath');
    expect(error.message).toContain('position 12');
  });

  it('reports unknown ops, missing values and bad values', () => {
    expect(patchError(() => applyPatch(user(), [{ op: 'move' as 'add', path: 'x', value: 1 }])).scimType).toBe('invalidSyntax');
    expect(patchError(() => applyPatch(user(), [{ op: 'add', path: 'title' }])).scimType).toBe('invalidValue');
    expect(patchError(() => applyPatch(user(), [{ op: 'add', value: 'not an object' }])).scimType).toBe('invalidValue');
    expect(patchError(() => applyPatch(user(), [null as unknown as PatchOperation])).scimType).toBe('invalidSyntax');
    expect(patchError(() => applyPatch(user(), 'nope' as unknown as PatchOperation[])).opIndex).toBe(-1);
  });

  it('numbers the failing operation', () => {
    const error = patchError(() =>
      applyPatch(user(), [
        { op: 'add', path: 'title', value: 'a' },
        { op: 'replace', path: 'emails[type eq "fax"]', value: { value: 'x' } },
      ]),
    );
    expect(error.opIndex).toBe(1);
    expect(error.message).toMatch(/^Operation 1: /);
  });
});

describe('applyPatch: immutability', () => {
  function deepFreeze<T>(value: T): T {
    if (typeof value === 'object' && value !== null) {
      Object.values(value).forEach(deepFreeze);
      Object.freeze(value);
    }
    return value;
  }

  it('never mutates the input resource or operations', () => {
    const resource = deepFreeze(user());
    const ops = deepFreeze<PatchOperation[]>([
      { op: 'add', path: 'emails', value: [{ value: 'n@x.org', primary: true }] },
      { op: 'replace', path: 'name.givenName', value: 'B' },
      { op: 'remove', path: 'emails[type eq "home"]' },
      { op: 'replace', value: { active: 'False', [ENTERPRISE]: { department: 'D' } } },
    ]);
    const before = JSON.stringify({ resource, ops });
    const result = applyPatch(resource, ops);
    expect(JSON.stringify({ resource, ops })).toBe(before);
    expect(result).not.toBe(resource);
    expect(result.emails).not.toBe(resource.emails);
  });

  it('shares no objects with the operations, so editing the result leaves the request intact', () => {
    const ops: PatchOperation[] = [{ op: 'add', path: 'members', value: [{ value: 'a' }] }];
    const result = applyPatch({ members: [] as { value: string }[] }, ops);
    result.members[0].value = 'changed';
    expect(ops[0].value).toEqual([{ value: 'a' }]);
  });

  it('returns a new object even when there are no operations', () => {
    const resource = user();
    const result = applyPatch(resource, []);
    expect(result).toEqual(resource);
    expect(result).not.toBe(resource);
    expect(result.name).not.toBe(resource.name);
  });
});
