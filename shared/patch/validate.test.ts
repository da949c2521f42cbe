import { describe, expect, it } from 'vitest';
import {
  CORE_SCHEMAS,
  createAttributeResolver,
  scimAttribute,
  SCHEMA_ENTERPRISE_USER,
  SCHEMA_GROUP,
  SCHEMA_USER,
  USER_SCHEMA,
  type ScimSchema,
} from '../scim/index';
import { validateAgainstSchema, type PatchOperation, type SchemaProblem } from './index';

const ENTERPRISE = SCHEMA_ENTERPRISE_USER;
const validateUser = (ops: PatchOperation[], current?: Record<string, unknown>) => validateAgainstSchema(ops, CORE_SCHEMAS, SCHEMA_USER, current);
const validateGroup = (ops: PatchOperation[], current?: Record<string, unknown>) => validateAgainstSchema(ops, CORE_SCHEMAS, SCHEMA_GROUP, current);
const kinds = (problems: SchemaProblem[]) => problems.map(({ opIndex, problem, severity, path }) => ({ opIndex, problem, severity, path }));

const bjensen = {
  schemas: [SCHEMA_USER, ENTERPRISE],
  id: 'u1',
  userName: 'bjensen',
  name: { givenName: 'Barbara' },
  emails: [{ value: 'b@example.com', type: 'work' }],
  [ENTERPRISE]: { manager: { value: 'm1', displayName: 'John Smith' } },
};

describe('validateAgainstSchema: mutability', () => {
  it('rejects readOnly attributes, naming them', () => {
    const problems = validateUser([
      { op: 'replace', path: 'id', value: 'u2' },
      { op: 'remove', path: 'meta.lastModified' },
      { op: 'add', path: 'groups', value: [{ value: 'g1' }] },
      { op: 'replace', path: `${ENTERPRISE}:manager.displayName`, value: 'X' },
      { op: 'replace', path: 'userName', value: 'babs' },
    ]);
    expect(problems).toEqual([
      { opIndex: 0, path: 'id', problem: 'readOnly', severity: 'error', message: '`id` is readOnly and cannot be changed' },
      { opIndex: 1, path: 'meta.lastModified', problem: 'readOnly', severity: 'error', message: '`meta.lastModified` is readOnly and cannot be changed' },
      { opIndex: 2, path: 'groups', problem: 'readOnly', severity: 'error', message: '`groups` is readOnly and cannot be changed' },
      {
        opIndex: 3,
        path: `${ENTERPRISE}:manager.displayName`,
        problem: 'readOnly',
        severity: 'error',
        message: `\`${ENTERPRISE}:manager.displayName\` is readOnly and cannot be changed`,
      },
    ]);
  });

  it('finds readOnly attributes inside path-less values and complex values', () => {
    const problems = validateUser([
      { op: 'replace', value: { id: 'u2', displayName: 'B' } },
      { op: 'replace', value: { [ENTERPRISE]: { manager: { value: 'm2', displayName: 'Y' } } } },
    ]);
    expect(kinds(problems)).toEqual([
      { opIndex: 0, problem: 'readOnly', severity: 'error', path: 'id' },
      { opIndex: 1, problem: 'readOnly', severity: 'error', path: `${ENTERPRISE}:manager.displayName` },
    ]);
  });

  it('lets a path-less replace echo readOnly values unchanged (Okta sends the id), given the current resource', () => {
    expect(validateUser([{ op: 'replace', value: { id: 'u1', userName: 'babs' } }], bjensen)).toEqual([]);
    expect(validateUser([{ op: 'replace', value: { [ENTERPRISE]: { manager: { value: 'm2', displayName: 'John Smith' } } } }], bjensen)).toEqual([]);
    expect(kinds(validateUser([{ op: 'replace', value: { id: 'u9' } }], bjensen))).toEqual([
      { opIndex: 0, problem: 'readOnly', severity: 'error', path: 'id' },
    ]);
    // With a path it is always refused.
    expect(kinds(validateUser([{ op: 'replace', path: 'id', value: 'u1' }], bjensen))).toEqual([
      { opIndex: 0, problem: 'readOnly', severity: 'error', path: 'id' },
    ]);
  });

  it('refuses to change immutable values that are set, and warns when it cannot know', () => {
    const group = { schemas: [SCHEMA_GROUP], id: 'g1', displayName: 'G', members: [{ value: 'u1', display: 'Ann' }, { value: 'u2' }] };
    const ops: PatchOperation[] = [
      { op: 'replace', path: 'members[value eq "u1"].display', value: 'Annie' },
      { op: 'replace', path: 'members[value eq "u2"].display', value: 'Bob' },
      { op: 'replace', path: 'members[value eq "u1"]', value: { display: 'Annie' } },
      { op: 'add', path: 'members', value: [{ value: 'u3', display: 'Cy' }] },
      { op: 'remove', path: 'members[value eq "u1"]' },
    ];
    expect(validateGroup(ops, group)).toEqual([
      {
        opIndex: 0,
        path: 'members.display',
        problem: 'immutable',
        severity: 'error',
        message: '`members.display` is immutable and already has a value, so it cannot be changed',
      },
      {
        opIndex: 2,
        path: 'members.display',
        problem: 'immutable',
        severity: 'error',
        message: '`members.display` is immutable and already has a value, so it cannot be changed',
      },
    ]);
    expect(kinds(validateGroup(ops))).toEqual([
      { opIndex: 0, problem: 'immutable', severity: 'warning', path: 'members.display' },
      { opIndex: 1, problem: 'immutable', severity: 'warning', path: 'members.display' },
      { opIndex: 2, problem: 'immutable', severity: 'warning', path: 'members.display' },
    ]);
  });

  it('judges immutable top-level attributes by the current resource', () => {
    const schemas: ScimSchema[] = [
      { ...USER_SCHEMA, attributes: [...USER_SCHEMA.attributes, scimAttribute('badge', 'string', 'Badge number', { mutability: 'immutable' })] },
    ];
    const ops: PatchOperation[] = [{ op: 'add', path: 'badge', value: 'B-7' }];
    expect(validateAgainstSchema(ops, schemas, SCHEMA_USER, { userName: 'a' })).toEqual([]);
    expect(validateAgainstSchema(ops, schemas, SCHEMA_USER, { userName: 'a', badge: 'B-7' })).toEqual([]); // unchanged
    expect(validateAgainstSchema(ops, schemas, SCHEMA_USER, { userName: 'a', badge: 'B-1' })[0]).toMatchObject({
      problem: 'immutable',
      severity: 'error',
      message: expect.stringContaining('`badge`'),
    });
    expect(validateAgainstSchema([{ op: 'remove', path: 'badge' }], schemas, SCHEMA_USER, { badge: 'B-1' })[0].message).toBe(
      '`badge` is immutable and already has a value, so it cannot be removed',
    );
  });
});

describe('validateAgainstSchema: attributes and values', () => {
  it('warns about attributes the schema does not define', () => {
    const problems = validateUser([
      { op: 'add', path: 'favouriteColour', value: 'teal' },
      { op: 'replace', path: 'name.nickname', value: 'B' },
      { op: 'add', path: 'urn:acme:params:scim:schemas:extension:2.0:Badge:number', value: '7' },
      { op: 'add', path: 'emails', value: [{ value: 'x@y', label: 'z' }] },
    ]);
    expect(problems.every((problem) => problem.problem === 'unknownAttribute' && problem.severity === 'warning')).toBe(true);
    expect(problems.map((problem) => problem.path)).toEqual([
      'favouriteColour',
      'name.nickname',
      'urn:acme:params:scim:schemas:extension:2.0:Badge:number',
      'emails.label',
    ]);
    expect(problems[0].message).toBe(`\`favouriteColour\` is not defined in schema ${SCHEMA_USER}; the server may reject it or keep it as a custom attribute`);
  });

  it('refuses value filters and lists on single-valued attributes', () => {
    const problems = validateUser([
      { op: 'replace', path: 'name[givenName eq "B"]', value: { givenName: 'C' } },
      { op: 'replace', path: 'userName', value: ['a', 'b'] },
      { op: 'remove', path: 'title', value: [{ value: 'x' }] },
      { op: 'remove', path: 'emails', value: [{ value: 'b@example.com' }] },
    ]);
    expect(kinds(problems)).toEqual([
      { opIndex: 0, problem: 'notMultiValued', severity: 'error', path: 'name' },
      { opIndex: 1, problem: 'notMultiValued', severity: 'error', path: 'userName' },
      { opIndex: 2, problem: 'notMultiValued', severity: 'error', path: 'title' },
    ]);
    expect(problems[0].message).toBe('`name` is single-valued, so a value filter cannot select its values');
    expect(problems[1].message).toBe('`userName` is single-valued but the value is a list');
  });

  it('checks value types, Entra string booleans being a warning', () => {
    const problems = validateUser([
      { op: 'replace', path: 'active', value: 'False' },
      { op: 'replace', path: 'active', value: 0 },
      { op: 'replace', path: 'userName', value: 42 },
      { op: 'add', path: 'emails', value: [{ value: 'a@b', primary: 'yes' }] },
      { op: 'replace', path: 'name', value: 'Barbara' },
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'w@x' },
      { op: 'replace', value: { active: true, name: { givenName: 'B' }, emails: [{ value: 'x@y', type: 'work' }] } },
      { op: 'replace', path: 'name.givenName', value: null },
    ]);
    expect(kinds(problems)).toEqual([
      { opIndex: 0, problem: 'typeMismatch', severity: 'warning', path: 'active' },
      { opIndex: 1, problem: 'typeMismatch', severity: 'error', path: 'active' },
      { opIndex: 2, problem: 'typeMismatch', severity: 'error', path: 'userName' },
      { opIndex: 3, problem: 'typeMismatch', severity: 'error', path: 'emails.primary' },
      { opIndex: 4, problem: 'typeMismatch', severity: 'error', path: 'name' },
    ]);
    expect(problems[1].message).toBe('`active` expects a boolean, got number 0');
    expect(problems[0].message).toContain('got the string "False"');
  });

  it('checks dateTime, integer and decimal values from custom schemas', () => {
    const schemas: ScimSchema[] = [
      {
        id: 'urn:acme:params:scim:schemas:core:2.0:Device',
        name: 'Device',
        attributes: [scimAttribute('seen', 'dateTime', 'Last seen'), scimAttribute('ports', 'integer', 'Ports'), scimAttribute('load', 'decimal', 'Load')],
      },
    ];
    const problems = validateAgainstSchema(
      [
        { op: 'replace', path: 'seen', value: '2024-05-01T10:00:00Z' },
        { op: 'replace', path: 'seen', value: 'yesterday' },
        { op: 'replace', path: 'ports', value: 2.5 },
        { op: 'replace', path: 'load', value: 0.75 },
        { op: 'replace', path: 'load', value: '0.75' },
      ],
      schemas,
      'urn:acme:params:scim:schemas:core:2.0:Device',
    );
    expect(kinds(problems).map(({ opIndex, problem }) => [opIndex, problem])).toEqual([
      [1, 'typeMismatch'],
      [2, 'typeMismatch'],
      [4, 'typeMismatch'],
    ]);
  });

  it('reports malformed operations', () => {
    const problems = validateUser([
      { op: 'move', path: 'title' } as unknown as PatchOperation,
      { op: 'add', path: 'title' },
      { op: 'add', path: 'emails[type eq', value: 'x' },
      { op: 'remove' },
      { op: 'replace', value: 'x' },
      { op: 'replace', path: 'emails.value', value: 'x' },
      { op: 'replace', path: 'emails.type[value eq "x"]', value: 'x' },
    ]);
    expect(kinds(problems).map(({ opIndex, problem }) => [opIndex, problem])).toEqual([
      [0, 'invalidSyntax'],
      [1, 'invalidSyntax'],
      [2, 'invalidPath'],
      [3, 'invalidSyntax'],
      [4, 'invalidSyntax'],
      [5, 'invalidPath'],
      [6, 'invalidPath'],
    ]);
  });

  it('accepts whole-schema paths and extension objects, and the core URN prefix', () => {
    expect(
      validateUser([
        { op: 'add', path: ENTERPRISE, value: { department: 'Sales' } },
        { op: 'remove', path: ENTERPRISE },
        { op: 'replace', path: `${SCHEMA_USER}:userName`, value: 'babs' },
        { op: 'replace', value: { [ENTERPRISE]: { department: 'Ops' }, [`${ENTERPRISE}:costCenter`]: '1', 'name.givenName': 'B' } },
      ]),
    ).toEqual([]);
    expect(kinds(validateUser([{ op: 'add', path: ENTERPRISE, value: { department: 5 } }]))).toEqual([
      { opIndex: 0, problem: 'typeMismatch', severity: 'error', path: `${ENTERPRISE}:department` },
    ]);
  });

  it('takes a resolver as well as schemas', () => {
    const resolver = createAttributeResolver(CORE_SCHEMAS, SCHEMA_USER);
    expect(kinds(validateAgainstSchema([{ op: 'replace', path: 'id', value: 'x' }], resolver, SCHEMA_USER))).toEqual([
      { opIndex: 0, problem: 'readOnly', severity: 'error', path: 'id' },
    ]);
  });
});
