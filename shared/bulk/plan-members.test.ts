import { describe, expect, it } from 'vitest';
import { CORE_SCHEMAS, MESSAGE_PATCH_OP, SCHEMA_GROUP, SCHEMA_USER } from '../scim/index';
import { planCreateThenAdd, planMembership, planReplaceMembers, type GroupPlanContext } from './plan-members';
import type { PlanTargetInput } from './plan-common';

const ctx: GroupPlanContext = { endpoint: '/Users', groupsEndpoint: '/Groups', dialect: 'rfc', schemas: CORE_SCHEMAS, coreSchemaUrn: SCHEMA_USER };
const ada = { schemas: [SCHEMA_USER], id: 'u1', userName: 'ada', meta: { version: 'W/"1"' } };
const input = (overrides: Partial<PlanTargetInput> = {}): PlanTargetInput => ({ index: 0, key: 'ada', line: 2, before: ada, etag: 'W/"1"', ...overrides });
const groupAdd = { kind: 'groupAdd', groupId: 'g 1', groupName: 'Staff', createMissing: false } as const;
const groupRemove = { kind: 'groupRemove', groupId: 'g 1', groupName: 'Staff' } as const;

describe('planMembership', () => {
  it('adds a user who is not a member: a PATCH of the group without If-Match', () => {
    const record = planMembership(ctx, groupAdd, input(), new Set(['u9']));
    expect(record).toMatchObject({ outcome: 'change', id: 'u1', display: 'ada', line: 2, destructive: false, paths: [], before: ada, after: ada });
    expect(record.request).toEqual({
      method: 'PATCH',
      path: '/Groups/g%201',
      body: { schemas: [MESSAGE_PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: 'u1' }] }] },
    });
    expect(record.diff).toEqual([{ path: 'member of “Staff”', before: false, after: true }]);
  });

  it('skips a member for an add and a non-member for a removal', () => {
    expect(planMembership(ctx, groupAdd, input(), new Set(['u1']))).toMatchObject({ outcome: 'skip', reason: 'already a member of “Staff”' });
    expect(planMembership(ctx, groupRemove, input(), new Set())).toMatchObject({ outcome: 'skip', reason: 'not a member of “Staff”' });
  });

  it('removes a member by value filter, and in Entra’s and Okta’s shapes', () => {
    const rfc = planMembership(ctx, groupRemove, input(), new Set(['u1']));
    expect(rfc.operations).toEqual([{ op: 'remove', path: 'members[value eq "u1"]' }]);
    expect(rfc.diff).toEqual([{ path: 'member of “Staff”', before: true, after: false }]);
    const entra = planMembership({ ...ctx, dialect: 'entra' }, groupRemove, input(), new Set(['u1']));
    expect(entra.request?.body).toEqual({ schemas: [MESSAGE_PATCH_OP], Operations: [{ op: 'Remove', path: 'members', value: [{ value: 'u1' }] }] });
    const entraAdd = planMembership({ ...ctx, dialect: 'entra' }, groupAdd, input(), new Set());
    expect(entraAdd.request?.body).toEqual({ schemas: [MESSAGE_PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ value: 'u1' }] }] });
    const okta = planMembership({ ...ctx, dialect: 'okta' }, groupRemove, input(), new Set(['u1']));
    expect(okta.request?.body).toEqual({ schemas: [MESSAGE_PATCH_OP], Operations: [{ op: 'remove', path: 'members[value eq "u1"]' }] });
  });

  it('is notFound for a key that matched no user', () => {
    expect(planMembership(ctx, groupAdd, input({ before: null, key: 'zed' }), new Set())).toMatchObject({
      outcome: 'notFound',
      reason: 'no user with userName “zed”',
    });
  });
});

describe('planCreateThenAdd', () => {
  const action = { ...groupAdd, createMissing: true };

  it('creates the user with a bulkId, then adds bulkId:<bulkId> to the group, depending on the create', () => {
    const [create, add] = planCreateThenAdd(ctx, action, input({ before: null, key: 'zed', row: { 'name.givenName': 'Zed' } }), [4, 5]);
    expect(create).toMatchObject({
      index: 4,
      line: 2,
      outcome: 'create',
      bulkId: 'create-4',
      request: { method: 'POST', path: '/Users', body: { schemas: [SCHEMA_USER], userName: 'zed', name: { givenName: 'Zed' } } },
    });
    expect(add).toMatchObject({ index: 5, line: 2, key: 'zed', display: 'zed', outcome: 'change', dependsOn: 4, before: null, after: create.after, paths: [] });
    expect(add.request).toEqual({
      method: 'PATCH',
      path: '/Groups/g%201',
      body: { schemas: [MESSAGE_PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: 'bulkId:create-4' }] }] },
    });
    expect(add.diff).toEqual([{ path: 'member of “Staff”', before: false, after: true }]);
  });

  it('marks the add bad when the create is', () => {
    const [create, add] = planCreateThenAdd(ctx, action, input({ before: null, key: 'zed', row: { active: 'maybe' } }), [0, 1]);
    expect(create.outcome).toBe('bad');
    expect(add).toMatchObject({ outcome: 'bad', index: 1, reason: 'The user cannot be created (see #1), so it cannot be added.' });
    expect(add.request).toBeUndefined();
  });
});

describe('planReplaceMembers', () => {
  const replace = { kind: 'replaceMembers', groupId: 'g1', groupName: 'Staff' } as const;
  const group = {
    schemas: [SCHEMA_GROUP],
    id: 'g1',
    displayName: 'Staff',
    members: [
      { value: 'u1', display: 'ada' },
      { value: 'u2', display: 'bob' },
    ],
  };

  it('removes members not listed and adds the new ones in one PATCH with If-Match', () => {
    const record = planReplaceMembers(
      ctx,
      replace,
      group,
      'W/"7"',
      [
        { id: 'u2', display: 'bob' },
        { id: 'u3', display: 'cyd' },
        { id: 'u3', display: 'cyd' },
      ],
      9,
    );
    expect(record).toMatchObject({
      index: 9,
      key: 'Staff',
      id: 'g1',
      display: 'Staff',
      outcome: 'change',
      paths: ['members'],
      etag: 'W/"7"',
      before: group,
      destructive: false,
    });
    expect(record.operations).toEqual([
      { op: 'add', path: 'members', value: [{ value: 'u3', display: 'cyd' }] },
      { op: 'remove', path: 'members[value eq "u1"]' },
    ]);
    expect(record.request).toMatchObject({ method: 'PATCH', path: '/Groups/g1', ifMatch: 'W/"7"' });
    expect(record.diff).toEqual([
      { path: 'member ada (u1)', before: true, after: false },
      { path: 'member cyd (u3)', before: false, after: true },
    ]);
    expect(record.after?.members).toEqual([{ value: 'u2', display: 'bob' }, { value: 'u3' }]);
  });

  it('skips a group that already has exactly these members', () => {
    expect(
      planReplaceMembers(
        ctx,
        replace,
        group,
        undefined,
        [
          { id: 'u2', display: 'bob' },
          { id: 'u1', display: 'ada' },
        ],
        0,
      ),
    ).toMatchObject({
      outcome: 'skip',
      reason: 'already exactly these members',
    });
  });

  it('empties a group when the list is empty', () => {
    const record = planReplaceMembers(ctx, replace, group, undefined, [], 0);
    expect(record.operations).toEqual([
      { op: 'remove', path: 'members[value eq "u1"]' },
      { op: 'remove', path: 'members[value eq "u2"]' },
    ]);
    expect(record.after).not.toHaveProperty('members');
    expect(record.request).not.toHaveProperty('ifMatch');
  });

  it('caps the diff at 500 entries, summing up the rest', () => {
    const big = { ...group, members: Array.from({ length: 400 }, (_, i) => ({ value: `old${i}` })) };
    const users = Array.from({ length: 300 }, (_, i) => ({ id: `new${i}`, display: `New ${i}` }));
    const record = planReplaceMembers(ctx, replace, big, undefined, users, 0);
    expect(record.diff).toHaveLength(500);
    expect(record.diff[499]).toEqual({ path: '… and 201 more members', before: '0 removed', after: '201 added' });
    expect(record.reason).toBe('300 to add, 400 to remove');
  });
});
