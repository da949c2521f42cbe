import { describe, expect, it } from 'vitest';
import type { BulkAction } from '../contract/bulk';
import { applyPatch } from '../patch/index';
import { CORE_SCHEMAS, MESSAGE_PATCH_OP, SCHEMA_ENTERPRISE_USER, SCHEMA_USER, scimAttribute, type ScimSchema } from '../scim/index';
import { planTarget, totalsOf, type PlanContext, type PlanTargetInput } from './plan';

const ENT = SCHEMA_ENTERPRISE_USER;
const ACME = 'urn:example:params:scim:schemas:extension:acme:2.0:User';
const SCHEMAS: ScimSchema[] = [
  ...CORE_SCHEMAS,
  { id: ACME, name: 'Acme', attributes: [scimAttribute('badge', 'string', 'Badge', { mutability: 'immutable' }), scimAttribute('level', 'integer', 'Level')] },
];
const ctx: PlanContext = { endpoint: '/Users', dialect: 'rfc', schemas: SCHEMAS, coreSchemaUrn: SCHEMA_USER };

const ada = {
  schemas: [SCHEMA_USER],
  id: 'u 1',
  userName: 'ada',
  active: true,
  title: 'Engineer',
  emails: [{ type: 'home', value: 'ada@home.example' }],
  meta: { version: 'W/"1"' },
};
const target = (overrides: Partial<PlanTargetInput> = {}): PlanTargetInput => ({ index: 3, key: 'ada', line: 7, before: ada, etag: 'W/"1"', ...overrides });
const set = (values: Record<string, string | number | boolean | null> = {}): BulkAction => ({ kind: 'set', values });

describe('planTarget: set', () => {
  it('replaces attributes, adds a missing typed value as an element, nests extension paths, and keeps line and ETag', () => {
    const record = planTarget(ctx, set(), target({ row: { title: 'Boss', 'emails[type eq "work"].value': 'ada@work.example', [`${ENT}:department`]: 'R&D' } }));
    expect(record).toMatchObject({ index: 3, line: 7, key: 'ada', id: 'u 1', display: 'ada', outcome: 'change', destructive: false, etag: 'W/"1"' });
    expect(record.operations).toEqual([
      { op: 'replace', path: 'title', value: 'Boss' },
      { op: 'replace', path: `${ENT}:department`, value: 'R&D' },
      { op: 'add', path: 'emails', value: [{ type: 'work', value: 'ada@work.example' }] },
    ]);
    expect(record.request).toEqual({
      method: 'PATCH',
      path: '/Users/u%201',
      body: { schemas: [MESSAGE_PATCH_OP], Operations: record.operations },
      ifMatch: 'W/"1"',
    });
    expect(record.diff).toEqual([
      { path: 'title', before: 'Engineer', after: 'Boss' },
      { path: 'emails[type eq "work"].value', before: undefined, after: 'ada@work.example' },
      { path: `${ENT}:department`, before: undefined, after: 'R&D' },
    ]);
    expect(record.paths).toEqual(['title', 'emails[type eq "work"].value', `${ENT}:department`]);
    expect(record.after).toEqual(applyPatch(ada, record.operations!));
    expect(record.after).toMatchObject({ schemas: [SCHEMA_USER, ENT], [ENT]: { department: 'R&D' }, emails: [{ type: 'home' }, { type: 'work' }] });
    expect(record.before).toBe(ada);
  });

  it('replaces an existing typed value through its value path, and puts several sub-attributes of a new type in one element', () => {
    const record = planTarget(
      ctx,
      set(),
      target({
        row: { 'emails[type eq "home"].value': 'new@home.example', 'addresses[type eq "work"].locality': 'Leeds', 'addresses[type eq "work"].country': 'UK' },
      }),
    );
    expect(record.operations).toEqual([
      { op: 'replace', path: 'emails[type eq "home"].value', value: 'new@home.example' },
      { op: 'add', path: 'addresses', value: [{ type: 'work', locality: 'Leeds', country: 'UK' }] },
    ]);
    expect(record.after).toMatchObject({ emails: [{ type: 'home', value: 'new@home.example' }] });
  });

  it('lets fixed values win over the row’s, and drops operations that change nothing', () => {
    const record = planTarget(ctx, set({ title: 'Fixed' }), target({ row: { title: 'From row', userName: 'ada', active: true } }));
    expect(record.operations).toEqual([{ op: 'replace', path: 'title', value: 'Fixed' }]);
    expect(record.paths).toEqual(['title']);
  });

  it('skips a target already as asked, sending nothing', () => {
    const record = planTarget(ctx, set({ title: 'Engineer' }), target({ row: { 'emails[type eq "home"].value': 'ada@home.example' } }));
    expect(record).toMatchObject({ outcome: 'skip', reason: 'already as asked', diff: [], paths: [], destructive: false });
    expect(record.request).toBeUndefined();
  });

  it('clears an attribute set to null, and counts a row setting active to false as destructive', () => {
    const record = planTarget(ctx, set({ title: null }), target({ row: { active: false } }));
    expect(record.operations).toEqual([
      { op: 'replace', path: 'active', value: false },
      { op: 'remove', path: 'title' },
    ]);
    expect(record.destructive).toBe(true);
    expect(record.diff).toContainEqual({ path: 'title', before: 'Engineer', after: undefined });
  });

  it('is bad, with the reason and the line, for a value the schema refuses, an unknown path or an engine error', () => {
    expect(planTarget(ctx, set({ active: 'maybe' }), target())).toMatchObject({ outcome: 'bad', line: 7, reason: expect.stringContaining('boolean') });
    expect(planTarget(ctx, set({ favouriteColour: 'red' }), target())).toMatchObject({ outcome: 'bad', reason: expect.stringContaining('not an attribute') });
    expect(planTarget(ctx, set({ id: 'x' }), target())).toMatchObject({ outcome: 'bad', reason: '“id” is read-only: the server sets it.' });
    const flat = planTarget(ctx, set({ 'name.givenName': 'Ada' }), target({ before: { ...ada, name: 'Ada L' } }));
    expect(flat).toMatchObject({ outcome: 'bad', reason: expect.stringContaining('not a complex attribute') });
    expect(flat.request).toBeUndefined();
  });

  it('is bad when changing an immutable attribute that has a value, but sets one that has none', () => {
    const withBadge = { ...ada, schemas: [SCHEMA_USER, ACME], [ACME]: { badge: 'B-1' } };
    expect(planTarget(ctx, set({ [`${ACME}:badge`]: 'B-2' }), target({ before: withBadge }))).toMatchObject({
      outcome: 'bad',
      reason: expect.stringMatching(/immutable/),
    });
    expect(planTarget(ctx, set({ [`${ACME}:badge`]: 'B-2' }), target())).toMatchObject({ outcome: 'change' });
  });

  it('is bad for a resource the server sent without an id', () => {
    expect(planTarget(ctx, set({ title: 'x' }), target({ before: { userName: 'ada' } }))).toMatchObject({
      outcome: 'bad',
      reason: expect.stringMatching(/without an id/),
    });
  });

  it('uses numeric ids as text', () => {
    expect(planTarget(ctx, set({ title: 'x' }), target({ before: { ...ada, id: 42 } }))).toMatchObject({ id: '42', request: { path: '/Users/42' } });
  });
});

describe('planTarget: dialects', () => {
  const input = target({ row: { title: 'Boss', active: false } });

  it('writes Entra’s capitalised ops and string booleans', () => {
    const record = planTarget({ ...ctx, dialect: 'entra' }, set(), input);
    expect(record.request?.body).toEqual({
      schemas: [MESSAGE_PATCH_OP],
      Operations: [
        { op: 'Replace', path: 'title', value: 'Boss' },
        { op: 'Replace', path: 'active', value: 'False' },
      ],
    });
    expect(record.operations).toEqual([
      { op: 'replace', path: 'title', value: 'Boss' },
      { op: 'replace', path: 'active', value: false },
    ]);
  });

  it('writes Okta’s one path-less replace', () => {
    const record = planTarget({ ...ctx, dialect: 'okta' }, set(), input);
    expect(record.request?.body).toEqual({ schemas: [MESSAGE_PATCH_OP], Operations: [{ op: 'replace', value: { title: 'Boss', active: false } }] });
  });
});

describe('planTarget: add and clear', () => {
  it('add appends a typed value as a new element and sets single-valued attributes', () => {
    const record = planTarget(ctx, { kind: 'add', values: { 'emails[type eq "home"].value': 'second@home.example', nickName: 'Addy' } }, target());
    expect(record.operations).toEqual([
      { op: 'add', path: 'nickName', value: 'Addy' },
      { op: 'add', path: 'emails', value: [{ type: 'home', value: 'second@home.example' }] },
    ]);
    expect(record.after).toMatchObject({ emails: [{ value: 'ada@home.example' }, { value: 'second@home.example' }], nickName: 'Addy' });
  });

  it('add of a value already there is a skip', () => {
    expect(planTarget(ctx, { kind: 'add', values: { 'emails[type eq "home"].value': 'ada@home.example' } }, target())).toMatchObject({ outcome: 'skip' });
  });

  it('clear removes only what is there, typed values whole', () => {
    const record = planTarget(ctx, { kind: 'clear', paths: ['title', 'emails[type eq "home"].value', 'nickName'] }, target());
    expect(record.operations).toEqual([
      { op: 'remove', path: 'title' },
      { op: 'remove', path: 'emails[type eq "home"]' },
    ]);
    expect(record.after).not.toHaveProperty('emails');
    expect(record.paths).toEqual(['title', 'emails[type eq "home"].value']);
  });

  it('clear of every value of a list removes the attribute; of a required attribute is bad', () => {
    expect(planTarget(ctx, { kind: 'clear', paths: ['emails.value'] }, target()).operations).toEqual([{ op: 'remove', path: 'emails' }]);
    expect(planTarget(ctx, { kind: 'clear', paths: ['emails'] }, target()).operations).toEqual([{ op: 'remove', path: 'emails' }]);
    expect(planTarget(ctx, { kind: 'clear', paths: ['userName'] }, target())).toMatchObject({
      outcome: 'bad',
      reason: '“userName” is required: it cannot be cleared.',
    });
    expect(planTarget(ctx, { kind: 'clear', paths: ['nickName'] }, target())).toMatchObject({ outcome: 'skip' });
  });
});

describe('planTarget: deactivate, reactivate, delete', () => {
  it('deactivates (destructive) and skips users already inactive', () => {
    const record = planTarget(ctx, { kind: 'deactivate' }, target());
    expect(record).toMatchObject({ outcome: 'change', destructive: true, paths: ['active'], diff: [{ path: 'active', before: true, after: false }] });
    expect(planTarget(ctx, { kind: 'deactivate' }, target({ before: { ...ada, active: false } }))).toMatchObject({
      outcome: 'skip',
      reason: 'already inactive',
      destructive: false,
    });
  });

  it('reactivates (not destructive) and skips users already active', () => {
    expect(planTarget(ctx, { kind: 'reactivate' }, target({ before: { ...ada, active: false } }))).toMatchObject({
      outcome: 'change',
      destructive: false,
      operations: [{ op: 'replace', path: 'active', value: true }],
    });
    expect(planTarget(ctx, { kind: 'reactivate' }, target())).toMatchObject({ outcome: 'skip', reason: 'already active' });
  });

  it('deletes with If-Match, after null', () => {
    expect(planTarget(ctx, { kind: 'delete' }, target())).toEqual({
      index: 3,
      line: 7,
      key: 'ada',
      id: 'u 1',
      display: 'ada',
      before: ada,
      etag: 'W/"1"',
      outcome: 'delete',
      request: { method: 'DELETE', path: '/Users/u%201', ifMatch: 'W/"1"' },
      diff: [{ path: '(resource)', before: 'ada', after: null }],
      destructive: true,
      after: null,
      paths: [],
    });
    expect(planTarget({ ...ctx, endpoint: '/Users/' }, { kind: 'delete' }, target({ etag: undefined })).request).toEqual({
      method: 'DELETE',
      path: '/Users/u%201',
    });
  });

  it('throws for actions other functions plan', () => {
    expect(() => planTarget(ctx, { kind: 'groupAdd', groupId: 'g', groupName: 'G', createMissing: false }, target())).toThrow(/planMembership/);
  });
});

describe('planTarget: not found and upsert', () => {
  it('is notFound, naming the key, for every action but upsert', () => {
    for (const action of [set({ title: 'x' }), { kind: 'deactivate' } as const, { kind: 'delete' } as const]) {
      expect(planTarget(ctx, action, target({ before: null, key: 'zed' }))).toMatchObject({
        outcome: 'notFound',
        reason: 'no user with userName “zed”',
        display: 'zed',
        line: 7,
      });
    }
    expect(planTarget(ctx, set(), target({ before: null, key: 'z@x', keyAttribute: 'emails.value' })).reason).toBe('no user with emails.value “z@x”');
  });

  it('upsert changes a user that exists', () => {
    expect(planTarget(ctx, { kind: 'upsert', values: {} }, target({ row: { title: 'Boss' } }))).toMatchObject({ outcome: 'change', paths: ['title'] });
  });

  it('upsert creates a user that matched nothing: a POST of the key and the values built into a resource', () => {
    const record = planTarget(
      ctx,
      { kind: 'upsert', values: { active: true } },
      target({
        before: null,
        etag: undefined,
        key: 'zed',
        row: { 'name.givenName': 'Zed', 'emails[type eq "work"].value': 'zed@x', [`${ENT}:manager.value`]: 'm-1', [`${ACME}:level`]: 2 },
      }),
    );
    const body = {
      schemas: [SCHEMA_USER, ENT, ACME],
      userName: 'zed',
      name: { givenName: 'Zed' },
      [ENT]: { manager: { value: 'm-1' } },
      [ACME]: { level: 2 },
      active: true,
      emails: [{ type: 'work', value: 'zed@x' }],
    };
    expect(record).toMatchObject({
      outcome: 'create',
      display: 'zed',
      before: null,
      after: body,
      request: { method: 'POST', path: '/Users', body },
      destructive: false,
    });
    expect(record.id).toBeUndefined();
    expect(record.paths).toEqual(['userName', 'name.givenName', 'emails[type eq "work"].value', `${ENT}:manager.value`, `${ACME}:level`, 'active']);
    expect(record.diff[0]).toEqual({ path: 'userName', before: undefined, after: 'zed' });
  });

  it('creates with an email key as the work email, and without an id key (saying so)', () => {
    const byEmail = planTarget(
      ctx,
      { kind: 'upsert', values: {} },
      target({ before: null, key: 'z@x', keyAttribute: 'emails.value', row: { userName: 'zed' } }),
    );
    expect(byEmail.request?.body).toEqual({ schemas: [SCHEMA_USER], userName: 'zed', emails: [{ type: 'work', value: 'z@x' }] });
    const byId = planTarget(ctx, { kind: 'upsert', values: {} }, target({ before: null, key: 'u-9', keyAttribute: 'id', row: { userName: 'zed' } }));
    expect(byId).toMatchObject({ outcome: 'create', reason: 'The server gives ids: created without the key “u-9”.' });
    expect(byId.request?.body).toEqual({ schemas: [SCHEMA_USER], userName: 'zed' });
  });

  it('masks write-only values in the diff and leaves them out of after and paths, but sends them', () => {
    const record = planTarget(ctx, { kind: 'upsert', values: {} }, target({ before: null, key: 'zed', row: { password: 's3cret' } }));
    expect(record.request?.body).toMatchObject({ password: 's3cret' });
    expect(record.after).not.toHaveProperty('password');
    expect(record.paths).toEqual(['userName']);
    expect(JSON.stringify(record.diff)).not.toContain('s3cret');
    const change = planTarget(ctx, set({ password: 's3cret' }), target());
    expect(change).toMatchObject({ outcome: 'change', paths: [] });
    expect(JSON.stringify(change.diff)).not.toContain('s3cret');
    expect(change.after).not.toHaveProperty('password');
  });

  it('a create the schema refuses is bad', () => {
    expect(planTarget(ctx, { kind: 'upsert', values: { active: 'maybe' } }, target({ before: null }))).toMatchObject({
      outcome: 'bad',
      reason: expect.stringContaining('boolean'),
    });
  });
});

describe('totalsOf', () => {
  it('counts outcomes and destructive records', () => {
    const records = [
      { outcome: 'change', destructive: true },
      { outcome: 'change', destructive: false },
      { outcome: 'delete', destructive: true },
      { outcome: 'skip', destructive: false },
      { outcome: 'notFound', destructive: false },
      { outcome: 'bad', destructive: false },
      { outcome: 'create', destructive: false },
    ] as const;
    expect(totalsOf(records)).toEqual({ change: 2, create: 1, delete: 1, skip: 1, notFound: 1, bad: 1, destructive: 2 });
    expect(totalsOf([])).toEqual({ change: 0, create: 0, delete: 0, skip: 0, notFound: 0, bad: 0, destructive: 0 });
  });
});
