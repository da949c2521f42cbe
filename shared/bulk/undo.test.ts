import { describe, expect, it } from 'vitest';
import type { BulkAction } from '../contract/bulk';
import { applyPatch } from '../patch/index';
import { CORE_SCHEMAS, MESSAGE_PATCH_OP, SCHEMA_ENTERPRISE_USER, SCHEMA_GROUP, SCHEMA_USER } from '../scim/index';
import { planTarget } from './plan';
import { planCreateThenAdd, planMembership, planReplaceMembers, type GroupPlanContext } from './plan-members';
import { planRestore, RECREATE_WARNING, type UndoInput } from './undo';

const ENT = SCHEMA_ENTERPRISE_USER;
const ctx: GroupPlanContext = { endpoint: '/Users', groupsEndpoint: '/Groups', dialect: 'rfc', schemas: CORE_SCHEMAS, coreSchemaUrn: SCHEMA_USER };
const ada = {
  schemas: [SCHEMA_USER],
  id: 'u1',
  userName: 'ada',
  active: true,
  title: 'Engineer',
  emails: [{ type: 'home', value: 'ada@home.example' }],
  groups: [{ value: 'g1', display: 'Staff' }],
  meta: { version: 'W/"1"', created: '2024-01-01T00:00:00Z' },
};
const stored = (resource: Record<string, unknown> | null, version = 'W/"2"'): Record<string, unknown> | null =>
  resource ? { ...resource, meta: { version } } : null;

function undo(action: BulkAction, original: ReturnType<typeof planTarget>, overrides: Partial<UndoInput> = {}) {
  return planRestore(ctx, {
    index: 0,
    original,
    originalAction: action,
    outcome: 'done',
    current: stored(original.after),
    currentEtag: 'W/"2"',
    recreateDeleted: false,
    ...overrides,
  });
}

describe('planRestore: attribute changes', () => {
  const action: BulkAction = { kind: 'set', values: {} };
  const original = planTarget(ctx, action, {
    index: 5,
    key: 'ada',
    line: 4,
    before: ada,
    etag: 'W/"1"',
    row: { title: 'Boss', 'emails[type eq "work"].value': 'w@x', [`${ENT}:department`]: 'R&D' },
  });

  it('puts each changed path back: replaced values replaced, added ones removed, with If-Match the current ETag', () => {
    const record = undo(action, original);
    expect(record).toMatchObject({
      index: 0,
      key: 'ada',
      line: 4,
      id: 'u1',
      outcome: 'change',
      etag: 'W/"2"',
      request: { method: 'PATCH', path: '/Users/u1', ifMatch: 'W/"2"' },
    });
    expect(record.reason).toBeUndefined();
    expect(record.operations).toEqual([
      { op: 'replace', path: 'title', value: 'Engineer' },
      { op: 'remove', path: 'emails[type eq "work"]' },
      { op: 'remove', path: `${ENT}:department` },
    ]);
    const restored = applyPatch(stored(original.after)!, record.operations!);
    expect(restored).toMatchObject({ title: 'Engineer', emails: [{ type: 'home', value: 'ada@home.example' }], schemas: [SCHEMA_USER] });
    expect(restored).not.toHaveProperty(ENT);
  });

  it('skips a target already as before', () => {
    expect(undo(action, original, { current: stored(ada) })).toMatchObject({ outcome: 'skip', reason: 'already as before' });
  });

  it('still plans a target changed on the server since the job, saying which paths', () => {
    const record = undo(action, original, { current: { ...stored(original.after)!, title: 'Chief' } });
    expect(record).toMatchObject({ outcome: 'change', reason: 'changed on the server since the job: title' });
    expect(record.operations).toContainEqual({ op: 'replace', path: 'title', value: 'Engineer' });
  });

  it('is notFound when the resource is gone, and undoes nothing that was not confirmed', () => {
    expect(undo(action, original, { current: null })).toMatchObject({ outcome: 'notFound', reason: 'no longer on the server' });
    expect(undo(action, original, { outcome: 'failed' })).toMatchObject({ outcome: 'skip', reason: 'nothing to undo: it was failed' });
    expect(undo(action, original, { outcome: 'conflict' })).toMatchObject({ outcome: 'skip' });
    expect(undo(action, original, { outcome: 'drifted' }).outcome).toBe('change');
    const skipped = planTarget(ctx, action, { index: 0, key: 'ada', before: ada, row: { title: 'Engineer' } });
    expect(undo(action, skipped, { current: stored(ada) })).toMatchObject({ outcome: 'skip', reason: 'nothing was sent for it' });
  });

  it('reactivates what a deactivation deactivated, and a reactivation’s undo is destructive', () => {
    const deactivation = planTarget(ctx, { kind: 'deactivate' }, { index: 0, key: 'ada', before: ada });
    expect(undo({ kind: 'deactivate' }, deactivation)).toMatchObject({
      outcome: 'change',
      destructive: false,
      operations: [{ op: 'replace', path: 'active', value: true }],
    });
    const reactivation = planTarget(ctx, { kind: 'reactivate' }, { index: 0, key: 'ada', before: { ...ada, active: false } });
    expect(undo({ kind: 'reactivate' }, reactivation)).toMatchObject({
      outcome: 'change',
      destructive: true,
      operations: [{ op: 'replace', path: 'active', value: false }],
    });
  });

  it('puts typed values back whole where an add appended a second one of the type', () => {
    const add = planTarget(ctx, { kind: 'add', values: { 'emails[type eq "home"].value': 'second@home.example' } }, { index: 0, key: 'ada', before: ada });
    const record = undo({ kind: 'add', values: {} }, add);
    expect(record.operations).toEqual([
      { op: 'remove', path: 'emails[type eq "home"]' },
      { op: 'add', path: 'emails', value: [{ type: 'home', value: 'ada@home.example' }] },
    ]);
    expect(applyPatch(stored(add.after)!, record.operations!).emails).toEqual(ada.emails);
    expect(undo({ kind: 'add', values: {} }, add, { current: stored(ada) })).toMatchObject({ outcome: 'skip', reason: 'already as before' });
  });

  it('puts cleared values back', () => {
    const clear = planTarget(ctx, { kind: 'clear', paths: ['title', 'emails[type eq "home"].value'] }, { index: 0, key: 'ada', before: ada });
    const record = undo({ kind: 'clear', paths: ['title'] }, clear);
    expect(record.operations).toEqual([
      { op: 'replace', path: 'title', value: 'Engineer' },
      { op: 'add', path: 'emails', value: [{ type: 'home', value: 'ada@home.example' }] },
    ]);
  });
});

describe('planRestore: deletes and creates', () => {
  const deletion = planTarget(
    ctx,
    { kind: 'delete' },
    { index: 0, key: 'ada', line: 3, before: { ...ada, [ENT]: { department: 'R&D', manager: { value: 'm1', displayName: 'Boss' } } }, etag: 'W/"1"' },
  );

  it('recreates a deleted resource from its before-state, without id, meta and read-only values, warning that ids differ', () => {
    const record = undo({ kind: 'delete' }, deletion, { current: null, recreateDeleted: true });
    const body = {
      schemas: [SCHEMA_USER],
      userName: 'ada',
      active: true,
      title: 'Engineer',
      emails: [{ type: 'home', value: 'ada@home.example' }],
      [ENT]: { department: 'R&D', manager: { value: 'm1' } },
    };
    expect(record).toMatchObject({
      outcome: 'create',
      line: 3,
      key: 'ada',
      display: 'ada',
      before: null,
      after: body,
      request: { method: 'POST', path: '/Users', body },
      destructive: false,
    });
    expect(record.reason).toBe(`${RECREATE_WARNING}; group memberships are not restored`);
    expect(record.reason).toMatch(/new id/);
    expect(record.paths).toEqual(['userName', 'active', 'title', 'emails', `${ENT}:department`, `${ENT}:manager`]);
    expect(record.diff).toContainEqual({ path: 'title', before: undefined, after: 'Engineer' });
  });

  it('skips a delete when recreate is not chosen, or the resource is still there', () => {
    expect(undo({ kind: 'delete' }, deletion, { current: null })).toMatchObject({ outcome: 'skip', reason: 'deleted; recreate not chosen' });
    expect(undo({ kind: 'delete' }, deletion, { current: stored(ada), recreateDeleted: true })).toMatchObject({ outcome: 'skip' });
  });

  it('deletes what a create created (destructive), with If-Match', () => {
    const create = planTarget(ctx, { kind: 'upsert', values: {} }, { index: 0, key: 'zed', before: null, row: { title: 'New' } });
    const current = { ...create.after, id: 'u9', meta: { version: 'W/"1"' } };
    const record = undo({ kind: 'upsert', values: {} }, create, { createdId: 'u9', current, currentEtag: 'W/"1"' });
    expect(record).toMatchObject({ outcome: 'delete', id: 'u9', destructive: true, request: { method: 'DELETE', path: '/Users/u9', ifMatch: 'W/"1"' } });
    expect(undo({ kind: 'upsert', values: {} }, create, { createdId: 'u9', current: null })).toMatchObject({ outcome: 'skip', reason: 'already deleted' });
  });
});

describe('planRestore: groups', () => {
  const groupAdd = { kind: 'groupAdd', groupId: 'g1', groupName: 'Staff', createMissing: false } as const;
  const groupRemove = { kind: 'groupRemove', groupId: 'g1', groupName: 'Staff' } as const;

  it('removes whom a groupAdd added, and adds back whom a groupRemove removed', () => {
    const added = planMembership(ctx, groupAdd, { index: 0, key: 'ada', before: ada }, new Set());
    const undoAdd = undo(groupAdd, added, { current: ada, memberIds: new Set(['u1']) });
    expect(undoAdd).toMatchObject({ outcome: 'change', operations: [{ op: 'remove', path: 'members[value eq "u1"]' }], request: { path: '/Groups/g1' } });
    expect(undo(groupAdd, added, { current: ada, memberIds: new Set() })).toMatchObject({ outcome: 'skip' });
    const removed = planMembership(ctx, groupRemove, { index: 0, key: 'ada', before: ada }, new Set(['u1']));
    expect(undo(groupRemove, removed, { current: ada, memberIds: new Set() })).toMatchObject({
      outcome: 'change',
      operations: [{ op: 'add', path: 'members', value: [{ value: 'u1' }] }],
    });
  });

  it('undoes an undo: the restore record’s membership change is read from the record', () => {
    const added = planMembership(ctx, groupAdd, { index: 0, key: 'ada', before: ada }, new Set());
    const undone = undo(groupAdd, added, { current: ada, memberIds: new Set(['u1']) });
    const redo = undo({ kind: 'restore' }, undone, { current: ada, memberIds: new Set() });
    expect(redo).toMatchObject({
      outcome: 'change',
      operations: [{ op: 'add', path: 'members', value: [{ value: 'u1' }] }],
      diff: [{ path: 'member of “Staff”' }],
    });
  });

  it('needs memberIds for a membership change', () => {
    const added = planMembership(ctx, groupAdd, { index: 0, key: 'ada', before: ada }, new Set());
    expect(() => undo(groupAdd, added, { current: ada })).toThrow(/memberIds/);
  });

  it('skips the member add of a created user: deleting the user undoes it', () => {
    const [, add] = planCreateThenAdd(ctx, { ...groupAdd, createMissing: true }, { index: 0, key: 'zed', before: null }, [0, 1]);
    expect(undo(groupAdd, add, { current: null })).toMatchObject({ outcome: 'skip', reason: 'undone by deleting the user the job created' });
  });

  it('puts a group’s members back as they were before a replaceMembers', () => {
    const replace = { kind: 'replaceMembers', groupId: 'g1', groupName: 'Staff' } as const;
    const group = { schemas: [SCHEMA_GROUP], id: 'g1', displayName: 'Staff', members: [{ value: 'u1', display: 'ada' }] };
    const original = planReplaceMembers(ctx, replace, group, 'W/"1"', [{ id: 'u2', display: 'bob' }], 0);
    const now = { ...group, members: [{ value: 'u2', display: 'bob' }], meta: { version: 'W/"2"' } };
    const record = undo(replace, original, { current: now });
    expect(record).toMatchObject({ outcome: 'change', reason: '1 to add, 1 to remove', request: { method: 'PATCH', path: '/Groups/g1', ifMatch: 'W/"2"' } });
    expect(record.request?.body).toEqual({
      schemas: [MESSAGE_PATCH_OP],
      Operations: [
        { op: 'add', path: 'members', value: [{ value: 'u1', display: 'ada' }] },
        { op: 'remove', path: 'members[value eq "u2"]' },
      ],
    });
    expect(undo(replace, original, { current: group })).toMatchObject({ outcome: 'skip', reason: 'already as before' });
    const changed = undo(replace, original, { current: { ...now, members: [{ value: 'u3' }] } });
    expect(changed.reason).toBe('1 to add, 1 to remove; changed on the server since the job: members');
  });
});
