import { describe, expect, it } from 'vitest';
import type { Capabilities, ResourceTypeDef } from '../../../../shared/contract';
import { encodePatch } from '../../../../shared/patch';
import { CORE_SCHEMAS, SCHEMA_ENTERPRISE_USER, SCHEMA_GROUP, SCHEMA_USER } from '../../../../shared/scim';
import {
  blankDraft,
  compose,
  draftFromOperation,
  emptyValue,
  fitsShape,
  moveDraft,
  operationOf,
  partsFromPath,
  pathFromParts,
  resolverFor,
  scalarFromText,
  valueShape,
  type PathParts,
} from './model';
import { compareStored } from './stored';
import { templateOperations, templateSchemaOf, TEMPLATES } from './templates';

const userType: ResourceTypeDef = {
  name: 'User',
  endpoint: '/Users',
  schema: SCHEMA_USER,
  schemaExtensions: [{ schema: SCHEMA_ENTERPRISE_USER, required: false }],
  source: 'discovery',
};
const groupType: ResourceTypeDef = { name: 'Group', endpoint: '/Groups', schema: SCHEMA_GROUP, schemaExtensions: [], source: 'discovery' };
const capabilities = { schemas: CORE_SCHEMAS, resourceTypes: [userType, groupType] } as Capabilities;
const schemaIds = CORE_SCHEMAS.map((s) => s.id);

const user = {
  schemas: [SCHEMA_USER],
  id: 'u1',
  userName: 'bjensen',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  active: true,
  emails: [
    { value: 'b@example.com', type: 'work', primary: true },
    { value: 'b@home.example', type: 'home' },
  ],
  meta: { resourceType: 'User', created: '2020-01-01T00:00:00Z' },
};

const parts = (p: Partial<PathParts>): PathParts => ({ urn: '', attr: '', filter: '', sub: '', ...p });

describe('path builder', () => {
  it.each([
    ['userName', parts({ attr: 'userName' })],
    ['name.givenName', parts({ attr: 'name', sub: 'givenName' })],
    ['emails[type eq "work"]', parts({ attr: 'emails', filter: 'type eq "work"' })],
    ['emails[type eq "work"].value', parts({ attr: 'emails', filter: 'type eq "work"', sub: 'value' })],
    [`${SCHEMA_ENTERPRISE_USER}:manager`, parts({ urn: SCHEMA_ENTERPRISE_USER, attr: 'manager' })],
    [`${SCHEMA_ENTERPRISE_USER}:manager.value`, parts({ urn: SCHEMA_ENTERPRISE_USER, attr: 'manager', sub: 'value' })],
    ['members[value eq "a" or value eq "b"]', parts({ attr: 'members', filter: 'value eq "a" or value eq "b"' })],
  ])('%s round-trips through its parts', (path, expected) => {
    const result = partsFromPath(path, schemaIds);
    expect(result).toEqual({ ok: true, parts: expected });
    expect(pathFromParts(expected)).toBe(path);
  });

  it('reads a bare extension URN as the whole extension, and an empty path as none', () => {
    expect(partsFromPath(SCHEMA_ENTERPRISE_USER, schemaIds)).toEqual({ ok: true, parts: parts({ urn: SCHEMA_ENTERPRISE_USER }) });
    expect(pathFromParts(parts({ urn: SCHEMA_ENTERPRISE_USER }))).toBe(SCHEMA_ENTERPRISE_USER);
    expect(partsFromPath('  ')).toEqual({ ok: true, parts: parts({}) });
  });

  it('normalises single-quoted filters (as Entra sends them) and refuses what cannot be built', () => {
    expect(partsFromPath("members[value eq 'x']")).toEqual({ ok: true, parts: parts({ attr: 'members', filter: 'value eq "x"' }) });
    expect(partsFromPath('emails[type eq').ok).toBe(false);
    expect(partsFromPath('name.givenName[type eq "x"]').ok).toBe(false);
  });
});

describe('drafts', () => {
  it('build operations, refusing bad JSON, bad paths and missing values', () => {
    const draft = draftFromOperation({ op: 'replace', path: 'active', value: false });
    expect(draft.pathMode).toBe('builder');
    expect(draft.parts.attr).toBe('active');
    expect(operationOf(draft)).toEqual({ ok: true, operation: { op: 'replace', path: 'active', value: false } });
    expect(operationOf({ ...draft, valueText: '{ nope' })).toMatchObject({ ok: false, message: expect.stringContaining('not valid JSON') });
    expect(operationOf({ ...draft, pathText: 'emails[' })).toMatchObject({ ok: false, message: expect.stringContaining('Invalid path') });
    expect(operationOf({ ...blankDraft('add'), pathText: 'title' })).toEqual({ ok: false, message: 'add needs a value' });
    expect(operationOf({ ...blankDraft('remove'), pathText: 'title' })).toEqual({ ok: true, operation: { op: 'remove', path: 'title' } });
  });

  it('a path the builder cannot show stays raw', () => {
    expect(draftFromOperation({ op: 'remove', path: 'emails[' }).pathMode).toBe('raw');
  });

  it('reorders', () => {
    expect(moveDraft(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveDraft(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveDraft(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });
});

describe('value shapes', () => {
  const resolve = resolverFor(capabilities, userType);
  it('follow the attribute: scalar, complex, list, element of a list, unknown', () => {
    expect(valueShape(resolve, parts({ attr: 'active' }))).toMatchObject({ kind: 'scalar', attr: { type: 'boolean' } });
    expect(valueShape(resolve, parts({ attr: 'name' }))).toMatchObject({ kind: 'complex' });
    expect(valueShape(resolve, parts({ attr: 'name', sub: 'givenName' }))).toMatchObject({ kind: 'scalar', attr: { name: 'givenName' } });
    expect(valueShape(resolve, parts({ attr: 'emails' }))).toMatchObject({ kind: 'list' });
    expect(valueShape(resolve, parts({ attr: 'emails', filter: 'type eq "work"' }))).toMatchObject({ kind: 'complex' });
    expect(valueShape(resolve, parts({ attr: 'emails', filter: 'type eq "work"', sub: 'value' }))).toMatchObject({ kind: 'scalar' });
    expect(valueShape(resolve, parts({ urn: SCHEMA_ENTERPRISE_USER, attr: 'manager' }))).toMatchObject({ kind: 'complex' });
    expect(valueShape(resolve, parts({ attr: 'favoriteColor' })).kind).toBe('json');
    expect(valueShape(resolve, parts({})).kind).toBe('json');
  });

  it('give empty values that fit them, and convert typed text', () => {
    const shape = valueShape(resolve, parts({ attr: 'active' }));
    expect(emptyValue(shape)).toBe(false);
    expect(fitsShape(false, shape)).toBe(true);
    expect(fitsShape('x', shape)).toBe(false);
    expect(emptyValue(valueShape(resolve, parts({ attr: 'emails' })))).toEqual([{}]);
    expect(scalarFromText('12', 'integer')).toBe(12);
    expect(scalarFromText('1.5', 'integer')).toBe('1.5');
    expect(scalarFromText('', 'string')).toBeUndefined();
  });
});

describe('compose', () => {
  const context = { capabilities, type: userType, current: user };
  it('previews the operations applied to the current resource', () => {
    const drafts = [
      draftFromOperation({ op: 'replace', path: 'name.givenName', value: 'Babs' }),
      draftFromOperation({ op: 'replace', path: 'active', value: false }),
    ];
    const result = compose(drafts, context);
    expect(result.issues).toEqual([[], []]);
    expect(result.operations).toHaveLength(2);
    expect(result.preview).toMatchObject({ name: { givenName: 'Babs' }, active: false });
  });

  it('flags what the schema forbids on the operation row: readOnly id and meta.created, unknown attributes, wrong types', () => {
    const drafts = [
      draftFromOperation({ op: 'replace', path: 'id', value: 'u2' }),
      draftFromOperation({ op: 'replace', path: 'displayName', value: 'ok' }),
      draftFromOperation({ op: 'replace', path: 'meta.created', value: '2021-01-01T00:00:00Z' }),
      draftFromOperation({ op: 'add', path: 'favoriteColor', value: 'blue' }),
      draftFromOperation({ op: 'replace', path: 'active', value: 'yes' }),
    ];
    const { issues } = compose(drafts, context);
    expect(issues[0]).toEqual([expect.objectContaining({ kind: 'readOnly', severity: 'error' })]);
    expect(issues[1]).toEqual([]);
    expect(issues[2]).toEqual([expect.objectContaining({ kind: 'readOnly', severity: 'error' })]);
    expect(issues[3]).toEqual([expect.objectContaining({ kind: 'unknownAttribute', severity: 'warning' })]);
    expect(issues[4]!.some((i) => i.kind === 'typeMismatch' && i.severity === 'error')).toBe(true);
  });

  it('puts a draft that cannot be built, or fails to apply, on its row and gives no preview', () => {
    const bad = compose([draftFromOperation({ op: 'replace', path: 'title', value: 'x' }), { ...blankDraft(), pathText: 'title', valueText: '{' }], context);
    expect(bad.operations).toBeNull();
    expect(bad.preview).toBeNull();
    expect(bad.issues[1]![0]!.kind).toBe('draft');
    const failing = compose(
      [
        draftFromOperation({ op: 'replace', path: 'emails[type eq "work"].value', value: 1 }),
        draftFromOperation({ op: 'remove', path: 'emails[type eq "work"].value.x' }),
      ],
      context,
    );
    expect(failing.preview).toBeNull();
    expect(failing.issues.flat().length).toBeGreaterThan(0);
  });
});

/** The RFC schemas with some attributes changed, as a server may publish them. */
function schemasWith(change: (schemas: typeof CORE_SCHEMAS) => void): Capabilities {
  const schemas = structuredClone(CORE_SCHEMAS);
  change(schemas);
  return { schemas, resourceTypes: [userType, groupType] } as Capabilities;
}
const attr = (schemas: typeof CORE_SCHEMAS, schema: string, name: string) => schemas.find((s) => s.id === schema)!.attributes.find((a) => a.name === name)!;

describe('what the server stored, compared with the preview', () => {
  const group = {
    schemas: [SCHEMA_GROUP],
    id: 'g1',
    displayName: 'Sales',
    members: [{ value: 'u1', display: 'One', $ref: 'https://x/Users/u1', type: 'User' }],
    meta: { resourceType: 'Group', version: 'W/"1"' },
  };
  // The preview after "Add members": the new member as sent, without the values the server fills in.
  const preview = { ...group, members: [...group.members, { value: 'u3', display: 'Three' }] };
  const member3 = { value: 'u3', display: 'Three', $ref: 'https://x/Users/u3', type: 'User' };

  it('a new version (meta) alone: no difference, and meta listed as the server’s', () => {
    const result = compareStored(user, { ...user, meta: { ...user.meta, lastModified: '2025-05-03T12:00:00Z', version: 'W/"2"' } }, capabilities, userType);
    expect(result.differences).toEqual([]);
    expect(result.computed).toEqual([
      { path: 'meta.lastModified', value: '2025-05-03T12:00:00Z', why: 'readOnly' },
      { path: 'meta.version', value: 'W/"2"', why: 'readOnly' },
    ]);
  });

  it('$ref and type the server filled in on a new member are computed values, not differences', () => {
    const stored = { ...group, members: [...group.members, member3], meta: { resourceType: 'Group', version: 'W/"2"' } };
    const result = compareStored(preview, stored, capabilities, groupType);
    expect(result.differences).toEqual([]);
    expect(result.computed).toEqual([
      { path: 'members[value eq "u3"].$ref', value: 'https://x/Users/u3', why: 'immutable, not sent' },
      { path: 'members[value eq "u3"].type', value: 'User', why: 'immutable, not sent' },
      { path: 'meta.version', value: 'W/"2"', why: 'readOnly' },
    ]);
    // What the answer is judged against is then exactly what was stored.
    expect(result.expected).toEqual(stored);
  });

  it('display filled in on a member sent with its value alone is computed too (a value typed, changed by the server, is not)', () => {
    const bare = { ...group, members: [...group.members, { value: 'u3' }] };
    const stored = { ...group, members: [...group.members, member3] };
    expect(compareStored(bare, stored, capabilities, groupType).differences).toEqual([]);
    const renamed = { ...group, members: [...group.members, { ...member3, display: 'Someone else' }] };
    expect(compareStored(preview, renamed, capabilities, groupType).differences).not.toEqual([]);
    expect(compareStored(preview, renamed, capabilities, groupType).computed.map((c) => c.path)).toEqual([
      'members[value eq "u3"].$ref',
      'members[value eq "u3"].type',
    ]);
  });

  it('a sub-attribute the server’s schema marks readOnly is its own even when it differs from what was sent', () => {
    const strict = schemasWith((schemas) => {
      for (const sub of attr(schemas, SCHEMA_GROUP, 'members').subAttributes!) if (sub.name !== 'value') sub.mutability = 'readOnly';
    });
    const renamed = { ...group, members: [...group.members, { ...member3, display: 'Server Name' }] };
    const result = compareStored(preview, renamed, strict, groupType);
    expect(result.differences).toEqual([]);
    expect(result.computed.map((c) => [c.path, c.why])).toEqual([
      ['members[value eq "u3"].display', 'readOnly'],
      ['members[value eq "u3"].$ref', 'readOnly'],
      ['members[value eq "u3"].type', 'readOnly'],
    ]);
  });

  it('something else stored is a difference: a value the server added on its own, changed or dropped', () => {
    const added = compareStored(user, { ...user, name: { ...user.name, formatted: 'Barbara Jensen' } }, capabilities, userType);
    expect(added.differences).toEqual([{ op: 'add', path: 'name.formatted', value: 'Barbara Jensen' }]);
    expect(added.computed).toEqual([]);
    const changed = compareStored(user, { ...user, userName: 'BJENSEN2' }, capabilities, userType);
    expect(changed.differences).toEqual([{ op: 'replace', path: 'userName', value: 'BJENSEN2' }]);
    const dropped = compareStored(preview, group, capabilities, groupType);
    expect(dropped.differences).toEqual([{ op: 'remove', path: 'members[value eq "u3"]' }]);
    const extra = compareStored(preview, { ...group, members: [...group.members, member3, { value: 'u9' }] }, capabilities, groupType);
    expect(extra.differences).toEqual([{ op: 'add', path: 'members', value: [{ value: 'u9' }] }]);
  });

  it('returned "always" attributes the preview lacks are the server’s; one the request set and the server changed is not', () => {
    const always = schemasWith((schemas) => {
      attr(schemas, SCHEMA_USER, 'nickName').returned = 'always';
    });
    expect(compareStored(user, { ...user, nickName: 'Babs' }, always, userType)).toMatchObject({
      differences: [],
      computed: [{ path: 'nickName', value: 'Babs', why: 'returned always' }],
    });
    const asked = { ...user, nickName: 'Bee' };
    expect(compareStored(asked, { ...user, nickName: 'Babs' }, always, userType).differences).toEqual([{ op: 'replace', path: 'nickName', value: 'Babs' }]);
  });

  it('readOnly sub-attributes of an extension attribute (manager.displayName) are the server’s', () => {
    const manager = { [SCHEMA_ENTERPRISE_USER]: { manager: { value: 'm1' } } };
    const stored = { ...user, [SCHEMA_ENTERPRISE_USER]: { manager: { value: 'm1', displayName: 'Boss' } } };
    const result = compareStored({ ...user, ...manager }, stored, capabilities, userType);
    expect(result.differences).toEqual([]);
    expect(result.computed).toEqual([{ path: `${SCHEMA_ENTERPRISE_USER}:manager.displayName`, value: 'Boss', why: 'readOnly' }]);
  });
});

describe('templates', () => {
  const group = { schemas: [SCHEMA_GROUP], id: 'g1', displayName: 'Sales', members: [{ value: 'u1' }, { value: 'u2' }] };
  it('each gives operations that apply to a resource of its kind', () => {
    const picked = [{ value: 'u3', display: 'Three' }];
    for (const template of TEMPLATES) {
      const resource = template.for === 'user' ? user : group;
      const type = template.for === 'user' ? userType : groupType;
      const ops = templateOperations(template.id, resource, picked);
      expect(ops.length).toBeGreaterThan(0);
      const result = compose(
        ops.map((op) => draftFromOperation(op, schemaIds)),
        { capabilities, type, current: resource },
      );
      expect(result.issues.flat().filter((i) => i.severity === 'error')).toEqual([]);
      expect(result.preview).not.toBeNull();
      expect(() => encodePatch(ops, 'entra')).not.toThrow();
    }
  });

  it('leave out of generated values the sub-attributes the server’s schema marks readOnly', () => {
    const picked = [{ value: 'u3', display: 'Three' }];
    // RFC 7643: members.display is immutable (it may be sent), manager.displayName readOnly.
    expect(templateOperations('add-members', group, picked, templateSchemaOf(capabilities))[0]!.value).toEqual([{ value: 'u3', display: 'Three' }]);
    expect(templateOperations('set-manager', user, picked, templateSchemaOf(capabilities))[0]!.value).toEqual({ value: 'u3' });
    const strict = schemasWith((schemas) => {
      for (const sub of attr(schemas, SCHEMA_GROUP, 'members').subAttributes!) if (sub.name !== 'value') sub.mutability = 'readOnly';
      attr(schemas, SCHEMA_ENTERPRISE_USER, 'manager').subAttributes!.find((s) => s.name === 'displayName')!.mutability = 'readWrite';
    });
    for (const id of ['add-members', 'replace-members'] as const) {
      const ops = templateOperations(id, group, picked, templateSchemaOf(strict));
      expect(ops[0]!.value).toEqual([{ value: 'u3' }]);
      // Nothing the composer generated is flagged by the same schema.
      expect(
        compose(
          ops.map((op) => draftFromOperation(op, schemaIds)),
          { capabilities: strict, type: groupType, current: group },
        ).issues.flat(),
      ).toEqual([]);
    }
    expect(templateOperations('set-manager', user, picked, templateSchemaOf(strict))[0]!.value).toEqual({ value: 'u3', displayName: 'Three' });
  });

  it('a readOnly sub-attribute the user typed into a generated value is still flagged on its row', () => {
    const strict = schemasWith((schemas) => {
      attr(schemas, SCHEMA_GROUP, 'members').subAttributes!.find((s) => s.name === 'display')!.mutability = 'readOnly';
    });
    const typed = draftFromOperation({ op: 'add', path: 'members', value: [{ value: 'u3', display: 'Typed' }] }, schemaIds);
    const { issues } = compose([typed], { capabilities: strict, type: groupType, current: group });
    expect(issues[0]).toEqual([expect.objectContaining({ kind: 'readOnly', severity: 'error' })]);
  });

  it('fill in from the resource and the picked users', () => {
    expect(templateOperations('replace-primary-email', user)).toEqual([{ op: 'replace', path: 'emails[primary eq true].value', value: 'b.new@example.com' }]);
    expect(templateOperations('remove-member', group)).toEqual([{ op: 'remove', path: 'members[value eq "u1"]' }]);
    expect(templateOperations('add-members', group, [{ value: 'a' }, { value: 'b' }])).toEqual([
      { op: 'add', path: 'members', value: [{ value: 'a' }, { value: 'b' }] },
    ]);
    expect(templateOperations('set-manager', user, [{ value: 'm1' }])).toEqual([
      { op: 'replace', path: `${SCHEMA_ENTERPRISE_USER}:manager`, value: { value: 'm1' } },
    ]);
    expect(templateOperations('rename-group', group)).toEqual([{ op: 'replace', path: 'displayName', value: 'Sales (renamed)' }]);
  });
});
