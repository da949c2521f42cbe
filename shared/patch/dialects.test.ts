import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CORE_SCHEMAS, createAttributeResolver, MESSAGE_PATCH_OP, SCHEMA_ENTERPRISE_USER, SCHEMA_GROUP, SCHEMA_USER } from '../scim/index';
import { applyPatch, decodePatchBody, diffResources, encodePatch, type PatchOperation } from './index';
import { comparable, groupArbitrary, userArbitrary } from './resource-arbitraries';

const ENTERPRISE = SCHEMA_ENTERPRISE_USER;
const userResolver = createAttributeResolver(CORE_SCHEMAS, SCHEMA_USER);
const groupResolver = createAttributeResolver(CORE_SCHEMAS, SCHEMA_GROUP);

describe('encodePatch: rfc', () => {
  it('writes the PatchOp envelope with lowercase op names and leaves the rest as is', () => {
    const ops = [
      { op: 'Replace', path: 'active', value: false },
      { op: 'remove', path: 'members[value eq "u1"]' },
    ] as unknown as PatchOperation[];
    expect(encodePatch(ops, 'rfc')).toEqual({
      schemas: [MESSAGE_PATCH_OP],
      Operations: [
        { op: 'replace', path: 'active', value: false },
        { op: 'remove', path: 'members[value eq "u1"]' },
      ],
    });
  });

  it('shares no objects with the operations', () => {
    const ops: PatchOperation[] = [{ op: 'add', path: 'emails', value: [{ value: 'a@b' }] }];
    const body = encodePatch(ops, 'rfc');
    (body.Operations[0].value as Array<Record<string, unknown>>)[0].value = 'changed';
    expect(ops[0].value).toEqual([{ value: 'a@b' }]);
  });

  it('rejects an unknown dialect', () => {
    expect(() => encodePatch([], 'scimple' as never)).toThrow(TypeError);
  });
});

describe('encodePatch: entra', () => {
  it('capitalises op names and sends booleans as "True"/"False"', () => {
    const body = encodePatch(
      [
        { op: 'replace', path: 'active', value: false },
        { op: 'add', path: 'nickName', value: 'Babs' },
        { op: 'remove', path: 'title' },
      ],
      'entra',
    );
    expect(body.Operations).toEqual([
      { op: 'Replace', path: 'active', value: 'False' },
      { op: 'Add', path: 'nickName', value: 'Babs' },
      { op: 'Remove', path: 'title' },
    ]);
  });

  it('expands a path-less replace into one operation per attribute, with paths', () => {
    const body = encodePatch(
      [{ op: 'replace', value: { active: true, name: { givenName: 'B', familyName: 'J' }, [ENTERPRISE]: { department: 'Sales', manager: { value: 'm1' } } } }],
      'entra',
    );
    expect(body.Operations).toEqual([
      { op: 'Replace', path: 'active', value: 'True' },
      { op: 'Replace', path: 'name.givenName', value: 'B' },
      { op: 'Replace', path: 'name.familyName', value: 'J' },
      { op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Sales' },
      { op: 'Replace', path: `${ENTERPRISE}:manager.value`, value: 'm1' },
    ]);
  });

  it('addresses typed multi-valued values by type', () => {
    const body = encodePatch(
      [
        {
          op: 'replace',
          path: 'emails',
          value: [
            { type: 'work', value: 'w@example.com', primary: true },
            { type: 'home', value: 'h@example.com' },
          ],
        },
        { op: 'add', value: { addresses: [{ type: 'work', streetAddress: '1 Main St', locality: 'Springfield' }] } },
      ],
      'entra',
    );
    expect(body.Operations).toEqual([
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'w@example.com' },
      { op: 'Replace', path: 'emails[type eq "work"].primary', value: 'True' },
      { op: 'Replace', path: 'emails[type eq "home"].value', value: 'h@example.com' },
      { op: 'Add', path: 'addresses[type eq "work"].streetAddress', value: '1 Main St' },
      { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'Springfield' },
    ]);
  });

  it('sends a typed list as is when types repeat or are missing', () => {
    const value = [
      { type: 'work', value: 'a@x' },
      { type: 'work', value: 'b@x' },
    ];
    expect(encodePatch([{ op: 'add', path: 'emails', value }], 'entra').Operations).toEqual([{ op: 'Add', path: 'emails', value }]);
  });

  it('adds members with a value list and removes them with one, batching consecutive removals', () => {
    const body = encodePatch(
      [
        { op: 'add', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }] },
        { op: 'remove', path: 'members[value eq "u3"]' },
        { op: 'remove', path: 'members[value eq "u4" or value eq "u5"]' },
        { op: 'replace', path: 'displayName', value: 'Ops' },
        { op: 'remove', path: 'members[value eq "u6"]' },
        { op: 'remove', path: 'members[display eq "Ann"]' },
      ],
      'entra',
    );
    expect(body.Operations).toEqual([
      { op: 'Add', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }] },
      { op: 'Remove', path: 'members', value: [{ value: 'u3' }, { value: 'u4' }, { value: 'u5' }] },
      { op: 'Replace', path: 'displayName', value: 'Ops' },
      { op: 'Remove', path: 'members', value: [{ value: 'u6' }] },
      { op: 'Remove', path: 'members[display eq "Ann"]' },
    ]);
  });
});

describe('encodePatch: okta', () => {
  it('sends attribute changes as one path-less replace', () => {
    const body = encodePatch(
      [
        { op: 'replace', path: 'active', value: false },
        { op: 'replace', path: 'name.givenName', value: 'Babs' },
        { op: 'add', path: 'nickName', value: 'B' },
        { op: 'replace', path: `${ENTERPRISE}:department`, value: 'Sales' },
      ],
      'okta',
    );
    expect(body).toEqual({
      schemas: [MESSAGE_PATCH_OP],
      Operations: [{ op: 'replace', value: { active: false, name: { givenName: 'Babs' }, nickName: 'B', [ENTERPRISE]: { department: 'Sales' } } }],
    });
  });

  it('keeps removes, filtered paths and multi-valued adds in their place, in order', () => {
    const body = encodePatch(
      [
        { op: 'replace', path: 'displayName', value: 'Ops' },
        { op: 'remove', path: 'members[value eq "u1"]' },
        { op: 'add', path: 'members', value: [{ value: 'u2' }] },
        { op: 'replace', path: 'externalId', value: 'e' },
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'w@x' },
      ],
      'okta',
    );
    expect(body.Operations).toEqual([
      { op: 'replace', value: { displayName: 'Ops' } },
      { op: 'remove', path: 'members[value eq "u1"]' },
      { op: 'add', path: 'members', value: [{ value: 'u2' }] },
      { op: 'replace', value: { externalId: 'e' } },
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'w@x' },
    ]);
  });

  it('starts a new replace rather than overwrite a value the current one sets', () => {
    const body = encodePatch(
      [
        { op: 'replace', path: 'name', value: { givenName: 'A' } },
        { op: 'replace', path: 'name.familyName', value: 'B' },
        { op: 'replace', path: 'name.givenName', value: 'C' },
      ],
      'okta',
    );
    expect(body.Operations).toEqual([
      { op: 'replace', value: { name: { givenName: 'A', familyName: 'B' } } },
      { op: 'replace', value: { name: { givenName: 'C' } } },
    ]);
  });

  it('names each member removed with an Azure-style value list by a value filter', () => {
    expect(encodePatch([{ op: 'remove', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }] }], 'okta').Operations).toEqual([
      { op: 'remove', path: 'members[value eq "u1"]' },
      { op: 'remove', path: 'members[value eq "u2"]' },
    ]);
  });
});

describe('decodePatchBody', () => {
  it('reads an RFC body without notes', () => {
    const ops: PatchOperation[] = [
      { op: 'add', path: 'members', value: [{ value: 'u1' }] },
      { op: 'replace', value: { active: false } },
      { op: 'remove', path: 'members[value eq "u2"]' },
    ];
    expect(decodePatchBody(encodePatch(ops, 'rfc'))).toEqual({ ops, notes: [] });
  });

  it('reads an Entra body: capitalised ops, string booleans, member removal by value list', () => {
    const decoded = decodePatchBody({
      schemas: [MESSAGE_PATCH_OP],
      Operations: [
        { op: 'Replace', path: 'active', value: 'False' },
        { op: 'Add', path: 'emails[type eq "work"].primary', value: 'True' },
        { op: 'Remove', path: 'members', value: [{ value: 'u1' }] },
        { op: 'Replace', path: 'displayName', value: 'True' },
      ],
    });
    expect(decoded.ops).toEqual([
      { op: 'replace', path: 'active', value: false },
      { op: 'add', path: 'emails[type eq "work"].primary', value: true },
      { op: 'remove', path: 'members', value: [{ value: 'u1' }] },
      { op: 'replace', path: 'displayName', value: 'True' },
    ]);
    expect(decoded.notes).toEqual([
      'op names capitalised (Entra style), e.g. "Replace"',
      'boolean values sent as strings "True"/"False" (Entra style)',
      'remove with a value list (Azure AD style) instead of a value filter in the path',
    ]);
  });

  it('uses the lookup it is given to find boolean attributes', () => {
    const lookup = () => ({ type: 'boolean' as const });
    expect(decodePatchBody({ Operations: [{ op: 'replace', path: 'urn:acme:2.0:Device:enabled', value: 'true' }] }, { lookup }).ops).toEqual([
      { op: 'replace', path: 'urn:acme:2.0:Device:enabled', value: true },
    ]);
  });

  it('tolerates a lowercase "operations", capitalised members, single quotes and path-less path keys', () => {
    const decoded = decodePatchBody({
      schemas: [MESSAGE_PATCH_OP],
      operations: [
        { Op: 'remove', Path: "members[value eq 'u1']" },
        { op: 'replace', value: { 'name.givenName': 'B', active: 'True' } },
      ],
    });
    expect(decoded.ops).toEqual([
      { op: 'remove', path: 'members[value eq "u1"]' },
      { op: 'replace', value: { 'name.givenName': 'B', active: true } },
    ]);
    expect(decoded.notes).toEqual([
      '"operations" instead of "Operations"',
      'operation member names not lowercase (e.g. "Op")',
      'single-quoted strings in path filters (Azure AD style)',
      'path-less value keys that are attribute paths (Entra style)',
      'boolean values sent as strings "True"/"False" (Entra style)',
    ]);
  });

  it('skips what it cannot read and says so', () => {
    const decoded = decodePatchBody({
      Operations: [{ op: 'move', path: 'a' }, 'x', { op: 'add', path: 'a[', value: 1 }, { op: 'replace', path: '', value: { a: 1 } }],
    });
    expect(decoded.ops).toEqual([
      { op: 'add', path: 'a[', value: 1 },
      { op: 'replace', value: { a: 1 } },
    ]);
    expect(decoded.notes).toEqual([
      `no "schemas" (expected ["${MESSAGE_PATCH_OP}"])`,
      'operation 0 has unknown op "move"; skipped',
      'operation 1 is not an object; skipped',
      'operation 2 has a path that does not parse: a[',
      'operation 3 has an empty "path", read as none',
    ]);
    expect(decodePatchBody('nope')).toEqual({ ops: [], notes: ['body is not a JSON object'] });
    expect(decodePatchBody([{ op: 'remove', path: 'title' }])).toEqual({
      ops: [{ op: 'remove', path: 'title' }],
      notes: ['body is a bare list of operations, not a PatchOp object'],
    });
    expect(decodePatchBody({ schemas: ['x'], Operations: { op: 'remove', path: 'title' } }).notes).toEqual([
      `"schemas" does not list ${MESSAGE_PATCH_OP}`,
      '"Operations" is a single object, not a list',
    ]);
  });
});

describe('dialects: properties', () => {
  const runs = { numRuns: 300 };

  it('an Okta body of a diff, decoded and applied, gives the same resource', () => {
    fc.assert(
      fc.property(userArbitrary, userArbitrary, (before, after) => {
        const { ops } = decodePatchBody(encodePatch(diffResources(before, after), 'okta'));
        expect(comparable(applyPatch(before, ops), userResolver)).toEqual(comparable(after, userResolver));
      }),
      runs,
    );
  });

  it('an Entra body of a diff (without typed paths), decoded and applied, gives the same resource', () => {
    fc.assert(
      fc.property(userArbitrary, userArbitrary, (before, after) => {
        const { ops } = decodePatchBody(encodePatch(diffResources(before, after), 'entra', { typedAttributes: [] }));
        expect(comparable(applyPatch(before, ops), userResolver)).toEqual(comparable(after, userResolver));
      }),
      runs,
    );
    fc.assert(
      fc.property(groupArbitrary, groupArbitrary, (before, after) => {
        const { ops } = decodePatchBody(encodePatch(diffResources(before, after), 'entra'));
        expect(comparable(applyPatch(before, ops), groupResolver)).toEqual(comparable(after, groupResolver));
      }),
      runs,
    );
  });

  it('an RFC body decodes to the operations it was made from, without notes', () => {
    fc.assert(
      fc.property(userArbitrary, userArbitrary, (before, after) => {
        const ops = diffResources(before, after);
        expect(decodePatchBody(encodePatch(ops, 'rfc'))).toEqual({ ops, notes: [] });
      }),
      runs,
    );
  });
});
