import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CORE_SCHEMAS, createAttributeResolver, SCHEMA_ENTERPRISE_USER, SCHEMA_GROUP, SCHEMA_USER, USER_SCHEMA, type ScimSchema } from '../scim/index';
import { applyPatch, diffResources, validateAgainstSchema } from './index';
import { comparable, groupArbitrary, userArbitrary } from './resource-arbitraries';

type Resource = Record<string, unknown>;
const ENTERPRISE = SCHEMA_ENTERPRISE_USER;
const userResolver = createAttributeResolver(CORE_SCHEMAS, SCHEMA_USER);
const groupResolver = createAttributeResolver(CORE_SCHEMAS, SCHEMA_GROUP);

const user = (): Resource => ({
  schemas: [SCHEMA_USER, ENTERPRISE],
  id: 'u1',
  meta: { resourceType: 'User', version: 'W/"1"' },
  userName: 'bjensen',
  active: true,
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  groups: [{ value: 'g1', display: 'Admins' }],
  [ENTERPRISE]: { department: 'Tour Operations', manager: { value: 'm1', displayName: 'John Smith' } },
});

const group = (members: Resource[]): Resource => ({ schemas: [SCHEMA_GROUP], id: 'g1', displayName: 'Tour Guides', members });

function roundTrips(before: Resource, after: Resource, options: Parameters<typeof diffResources>[2] = {}, resolve = userResolver) {
  const ops = diffResources(before, after, options);
  expect(comparable(applyPatch(before, ops), resolve)).toEqual(comparable(after, resolve));
  return ops;
}

describe('diffResources: single-valued and complex attributes', () => {
  it('returns no operations for equal resources', () => {
    expect(diffResources(user(), user())).toEqual([]);
  });

  it('ignores readOnly attributes (id, meta, groups, manager.displayName) and the order of "schemas"', () => {
    const after = user();
    after.id = 'other';
    after.meta = { version: 'W/"2"' };
    after.groups = [{ value: 'g2' }];
    after.schemas = [ENTERPRISE, SCHEMA_USER];
    (after[ENTERPRISE] as Resource).manager = { value: 'm1', displayName: 'Someone Else' };
    expect(diffResources(user(), after)).toEqual([]);
  });

  it('replaces, removes and adds single-valued attributes with paths', () => {
    const after = user();
    after.userName = 'babs';
    delete after.active;
    after.nickName = 'Babs';
    expect(roundTrips(user(), after)).toEqual([
      { op: 'replace', path: 'userName', value: 'babs' },
      { op: 'add', path: 'nickName', value: 'Babs' },
      { op: 'remove', path: 'active' },
    ]);
  });

  it('diffs complex attributes per sub-attribute', () => {
    const after = user();
    after.name = { givenName: 'Babs', middleName: 'Jane' };
    expect(roundTrips(user(), after)).toEqual([
      { op: 'replace', path: 'name.givenName', value: 'Babs' },
      { op: 'add', path: 'name.middleName', value: 'Jane' },
      { op: 'remove', path: 'name.familyName' },
    ]);
  });

  it('adds and removes a whole complex attribute in one operation', () => {
    const without = user();
    delete without.name;
    expect(roundTrips(user(), without)).toEqual([{ op: 'remove', path: 'name' }]);
    expect(roundTrips(without, user())).toEqual([{ op: 'add', path: 'name', value: { givenName: 'Barbara', familyName: 'Jensen' } }]);
  });

  it('addresses extension attributes by URN path, complex ones by sub-attribute or with an object', () => {
    const after = user();
    after[ENTERPRISE] = { department: 'Sales', manager: { value: 'm2', displayName: 'x' }, costCenter: '4130' };
    expect(roundTrips(user(), after)).toEqual([
      { op: 'replace', path: `${ENTERPRISE}:department`, value: 'Sales' },
      { op: 'replace', path: `${ENTERPRISE}:manager.value`, value: 'm2' },
      { op: 'add', path: `${ENTERPRISE}:costCenter`, value: '4130' },
    ]);
    const noExtension = user();
    delete noExtension[ENTERPRISE];
    noExtension.schemas = [SCHEMA_USER];
    // The readOnly displayName is left out of the added manager.
    expect(roundTrips(noExtension, user())).toEqual([
      { op: 'add', path: `${ENTERPRISE}:department`, value: 'Tour Operations' },
      { op: 'add', path: `${ENTERPRISE}:manager`, value: { value: 'm1' } },
    ]);
    expect(roundTrips(user(), noExtension)).toEqual([
      { op: 'remove', path: `${ENTERPRISE}:department` },
      { op: 'remove', path: `${ENTERPRISE}:manager` },
    ]);
  });

  it('matches attribute names ignoring case and treats null, "", [] and {} as unassigned', () => {
    const before = { schemas: [SCHEMA_USER], userName: 'a', nickName: '', emails: [], name: {} };
    expect(diffResources(before, { schemas: [SCHEMA_USER], USERNAME: 'a', NickName: null })).toEqual([]);
    expect(roundTrips(before, { schemas: [SCHEMA_USER], userName: 'a', nickName: 'N', emails: [{ value: 'x@y' }] })).toEqual([
      { op: 'replace', path: 'nickName', value: 'N' },
      { op: 'replace', path: 'emails', value: [{ value: 'x@y' }] },
    ]);
  });

  it('starts afresh when a list became a single value', () => {
    const before = { schemas: [SCHEMA_USER], userName: 'a', tags: ['x', 'y'] };
    const after = { schemas: [SCHEMA_USER], userName: 'a', tags: 'x' };
    expect(roundTrips(before, after)).toEqual([
      { op: 'remove', path: 'tags' },
      { op: 'add', path: 'tags', value: 'x' },
    ]);
  });

  it('takes mutability from the schemas it is given', () => {
    const schemas: ScimSchema[] = [
      { ...USER_SCHEMA, attributes: USER_SCHEMA.attributes.map((attr) => (attr.name === 'title' ? { ...attr, mutability: 'readOnly' } : attr)) },
    ];
    const before = { schemas: [SCHEMA_USER], userName: 'a', title: 'CEO' };
    const after = { schemas: [SCHEMA_USER], userName: 'a', title: 'CTO' };
    expect(diffResources(before, after, { schemas })).toEqual([]);
    expect(diffResources(before, after, { resolver: createAttributeResolver(schemas, SCHEMA_USER) })).toEqual([]);
    expect(diffResources(before, after)).toEqual([{ op: 'replace', path: 'title', value: 'CTO' }]);
  });
});

describe('diffResources: multi-valued attributes', () => {
  it('adds new values in one operation and removes gone ones by value filter', () => {
    const after = user();
    after.emails = [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'b@new.example', type: 'other' },
      { value: 'c@new.example', type: 'other' },
    ];
    expect(roundTrips(user(), after)).toEqual([
      { op: 'remove', path: 'emails[value eq "babs@jensen.org"]' },
      {
        op: 'add',
        path: 'emails',
        value: [
          { value: 'b@new.example', type: 'other' },
          { value: 'c@new.example', type: 'other' },
        ],
      },
    ]);
  });

  it('replaces one changed sub-attribute of a value through a value filter, several with an object', () => {
    const after = user();
    after.emails = [
      { value: 'bjensen@example.com', type: 'home' },
      { value: 'babs@jensen.org', type: 'work', primary: true },
    ];
    expect(roundTrips(user(), after)).toEqual([
      { op: 'remove', path: 'emails[value eq "bjensen@example.com"].primary' },
      { op: 'replace', path: 'emails[value eq "bjensen@example.com"].type', value: 'home' },
      { op: 'replace', path: 'emails[value eq "babs@jensen.org"]', value: { type: 'work', primary: true } },
    ]);
  });

  it('gives a 10,000-member group one remove per removed member and one add for the new ones', () => {
    const members = Array.from({ length: 10_000 }, (_, index) => ({ value: `user-${index}`, display: `User ${index}` }));
    const before = group(members);
    const gone = new Set(['user-17', 'user-5000', 'user-9999']);
    const after = group([...members.filter((member) => !gone.has(member.value)), { value: 'new-1' }, { value: 'new-2' }]);
    const started = performance.now();
    const ops = diffResources(before, after);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(ops).toEqual([
      { op: 'remove', path: 'members[value eq "user-17"]' },
      { op: 'remove', path: 'members[value eq "user-5000"]' },
      { op: 'remove', path: 'members[value eq "user-9999"]' },
      { op: 'add', path: 'members', value: [{ value: 'new-1' }, { value: 'new-2' }] },
    ]);
    expect(comparable(applyPatch(before, ops), groupResolver)).toEqual(comparable(after, groupResolver));
  });

  it('removes and re-adds a member whose immutable sub-attributes changed', () => {
    const before = group([{ value: 'u1', display: 'Ann' }, { value: 'u2' }]);
    const after = group([{ value: 'u1', display: 'Annie' }, { value: 'u2' }]);
    expect(roundTrips(before, after, {}, groupResolver)).toEqual([
      { op: 'remove', path: 'members[value eq "u1"]' },
      { op: 'add', path: 'members', value: [{ value: 'u1', display: 'Annie' }] },
    ]);
  });

  it('replaces the whole list when asked not to use value filters', () => {
    const before = group([{ value: 'u1' }, { value: 'u2' }]);
    const after = group([{ value: 'u2' }, { value: 'u3' }]);
    expect(roundTrips(before, after, { preferValueFilters: false }, groupResolver)).toEqual([
      { op: 'replace', path: 'members', value: [{ value: 'u2' }, { value: 'u3' }] },
    ]);
    // Additions alone need no filter.
    expect(diffResources(before, group([{ value: 'u1' }, { value: 'u2' }, { value: 'u3' }]), { preferValueFilters: false })).toEqual([
      { op: 'add', path: 'members', value: [{ value: 'u3' }] },
    ]);
  });

  it('replaces the whole list when a value filter could not tell two values apart', () => {
    // Filters compare strings ignoring case unless the schema says caseExact: "abc" eq "ABC".
    const before = group([{ value: 'abc' }, { value: 'ABC' }]);
    const after = group([{ value: 'abc' }]);
    expect(roundTrips(before, after, {}, groupResolver)).toEqual([{ op: 'replace', path: 'members', value: [{ value: 'abc' }] }]);
  });

  it('replaces multi-valued attributes without a "value" as a whole, and ignores their order', () => {
    const before = {
      ...user(),
      addresses: [
        { type: 'work', locality: 'Hollywood' },
        { type: 'home', locality: 'Paris' },
      ],
    };
    const after = { ...user(), addresses: [{ type: 'work', locality: 'Burbank' }] };
    expect(roundTrips(before, after)).toEqual([{ op: 'replace', path: 'addresses', value: [{ type: 'work', locality: 'Burbank' }] }]);
    expect(diffResources(before, { ...before, addresses: [...(before.addresses as unknown[])].reverse() })).toEqual([]);
  });

  it('quotes values in filters as JSON strings', () => {
    const before = group([{ value: 'say "hi"\\' }, { value: 'x' }]);
    const ops = roundTrips(before, group([{ value: 'x' }]), {}, groupResolver);
    expect(ops).toEqual([{ op: 'remove', path: 'members[value eq "say \\"hi\\"\\\\"]' }]);
  });
});

describe('diffResources: properties', () => {
  const runs = { numRuns: 400 };

  it('applyPatch(before, diff(before, after)) equals after modulo readOnly attributes (Users)', () => {
    fc.assert(
      fc.property(userArbitrary, userArbitrary, (before, after) => {
        const ops = diffResources(before, after);
        expect(comparable(applyPatch(before, ops), userResolver)).toEqual(comparable(after, userResolver));
        // The same with schema knowledge on the applying side.
        expect(comparable(applyPatch(before, ops, { lookup: userResolver }), userResolver)).toEqual(comparable(after, userResolver));
      }),
      runs,
    );
  });

  it('applyPatch(before, diff(before, after)) equals after modulo readOnly attributes (Groups)', () => {
    fc.assert(
      fc.property(groupArbitrary, groupArbitrary, fc.boolean(), (before, after, preferValueFilters) => {
        const ops = diffResources(before, after, { preferValueFilters });
        expect(comparable(applyPatch(before, ops), groupResolver)).toEqual(comparable(after, groupResolver));
      }),
      runs,
    );
  });

  it('holds without value filters too', () => {
    fc.assert(
      fc.property(userArbitrary, userArbitrary, (before, after) => {
        const ops = diffResources(before, after, { preferValueFilters: false });
        expect(ops.every((op) => !op.path?.includes('['))).toBe(true);
        expect(comparable(applyPatch(before, ops), userResolver)).toEqual(comparable(after, userResolver));
      }),
      runs,
    );
  });

  it('finds nothing to change between a resource and itself, nor after applying its own diff', () => {
    fc.assert(
      fc.property(userArbitrary, userArbitrary, (before, after) => {
        expect(diffResources(after, after)).toEqual([]);
        expect(diffResources(applyPatch(before, diffResources(before, after)), after)).toEqual([]);
      }),
      runs,
    );
  });

  it('never produces an operation the schema forbids', () => {
    fc.assert(
      fc.property(userArbitrary, userArbitrary, (before, after) => {
        const problems = validateAgainstSchema(diffResources(before, after), CORE_SCHEMAS, SCHEMA_USER, before);
        expect(problems.filter((problem) => problem.severity === 'error')).toEqual([]);
      }),
      runs,
    );
    fc.assert(
      fc.property(groupArbitrary, groupArbitrary, (before, after) => {
        const problems = validateAgainstSchema(diffResources(before, after), CORE_SCHEMAS, SCHEMA_GROUP, before);
        expect(problems).toEqual([]);
      }),
      runs,
    );
  });
});
