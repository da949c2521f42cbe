import { describe, expect, it } from 'vitest';
import type { BulkMapping } from '../contract/bulk';
import { CORE_SCHEMAS, SCHEMA_ENTERPRISE_USER, SCHEMA_GROUP, SCHEMA_USER, scimAttribute, type ScimSchema } from '../scim/index';
import { applyMapping, coerceCell, mappableAttributes, mappingIssues, mappingProblems, suggestMapping } from './mapping';
import { readRows } from './rows';

const ENT = SCHEMA_ENTERPRISE_USER;

/** A custom schema with every type, an immutable and a write-only attribute. */
const CUSTOM_URN = 'urn:example:params:scim:schemas:extension:acme:2.0:User';
const CUSTOM: ScimSchema = {
  id: CUSTOM_URN,
  name: 'Acme',
  attributes: [
    scimAttribute('level', 'integer', 'Level'),
    scimAttribute('score', 'decimal', 'Score'),
    scimAttribute('hired', 'dateTime', 'Hired'),
    scimAttribute('badge', 'string', 'Badge', { mutability: 'immutable' }),
    scimAttribute('pin', 'string', 'PIN', { mutability: 'writeOnly', returned: 'never' }),
    scimAttribute('computed', 'string', 'Computed', { mutability: 'readOnly' }),
  ],
};
const SCHEMAS: ScimSchema[] = [...CORE_SCHEMAS, CUSTOM];

describe('mappableAttributes', () => {
  const paths = mappableAttributes(SCHEMAS, SCHEMA_USER).map((a) => a.path);

  it('lists writable core paths, sub-attributes and typed multi-valued paths, without read-only ones', () => {
    expect(paths).toContain('userName');
    expect(paths).toContain('externalId');
    expect(paths).toContain('active');
    expect(paths).toContain('name.givenName');
    expect(paths).toContain('emails[type eq "work"].value');
    expect(paths).toContain('emails[type eq "other"].value');
    expect(paths).toContain('phoneNumbers[type eq "mobile"].value');
    expect(paths).toContain('addresses[type eq "home"].locality');
    expect(paths).not.toContain('id');
    expect(paths).not.toContain('meta.created');
    expect(paths).not.toContain('groups');
    expect(paths.some((p) => p.startsWith('groups'))).toBe(false);
    expect(paths).not.toContain('emails[type eq "work"].type');
    expect(paths).not.toContain('name'); // complex: only its sub-attributes
  });

  it('prefixes extension attributes with their URN and leaves out schemas that extend another resource type', () => {
    expect(paths).toContain(`${ENT}:department`);
    expect(paths).toContain(`${ENT}:manager.value`);
    expect(paths).not.toContain(`${ENT}:manager.displayName`); // read-only
    expect(paths).toContain(`${CUSTOM_URN}:level`);
    expect(paths).not.toContain(`${CUSTOM_URN}:computed`);
    expect(paths.some((p) => p.startsWith('members'))).toBe(false); // the Group schema is not a User extension
    expect(mappableAttributes(SCHEMAS, SCHEMA_USER, []).some((a) => a.path.startsWith('urn:'))).toBe(false);
  });

  it('gives types, descriptions and immutability', () => {
    const all = mappableAttributes(SCHEMAS, SCHEMA_USER);
    expect(all.find((a) => a.path === 'active')).toMatchObject({ type: 'boolean', description: expect.stringContaining('administrative') });
    expect(all.find((a) => a.path === `${CUSTOM_URN}:badge`)).toMatchObject({ type: 'string', immutable: true });
  });

  it('lists group attributes for the Group schema', () => {
    const group = mappableAttributes(SCHEMAS, SCHEMA_GROUP).map((a) => a.path);
    expect(group).toContain('displayName');
    expect(group).not.toContain('userName');
  });
});

describe('suggestMapping', () => {
  it('matches attribute names and common spreadsheet names, and keys on userName', () => {
    const columns = [
      'User Name',
      'E-mail',
      'First name',
      'Surname',
      'Department',
      'Manager',
      'Employee ID',
      'Enabled',
      'Job Title',
      'Phone',
      'Mystery',
      'nickName',
    ];
    const mapping = suggestMapping(columns, SCHEMAS, SCHEMA_USER);
    expect(mapping.keyColumn).toBe('User Name');
    expect(mapping.keyAttribute).toBe('userName');
    expect(Object.fromEntries(mapping.columns.map((c) => [c.column, c.path]))).toEqual({
      'User Name': null, // the key matches; it is not written
      'E-mail': 'emails[type eq "work"].value',
      'First name': 'name.givenName',
      Surname: 'name.familyName',
      Department: `${ENT}:department`,
      Manager: `${ENT}:manager.value`,
      'Employee ID': `${ENT}:employeeNumber`,
      Enabled: 'active',
      'Job Title': 'title',
      Phone: 'phoneNumbers[type eq "work"].value',
      Mystery: null,
      nickName: 'nickName',
    });
  });

  it('keys on externalId, then id, then email', () => {
    expect(suggestMapping(['externalId', 'id', 'mail'], SCHEMAS, SCHEMA_USER)).toMatchObject({ keyColumn: 'externalId', keyAttribute: 'externalId' });
    const byId = suggestMapping(['id', 'mail'], SCHEMAS, SCHEMA_USER);
    expect(byId).toMatchObject({ keyColumn: 'id', keyAttribute: 'id' });
    expect(byId.columns).toEqual([
      { column: 'id', path: null },
      { column: 'mail', path: 'emails[type eq "work"].value' },
    ]);
    expect(suggestMapping(['mail', 'title'], SCHEMAS, SCHEMA_USER)).toMatchObject({
      keyColumn: 'mail',
      keyAttribute: 'emails.value',
      columns: [
        { column: 'mail', path: null },
        { column: 'title', path: 'title' },
      ],
    });
  });

  it('never maps a second column to the same attribute nor id as a value, and maps exact paths', () => {
    const mapping = suggestMapping(['userName', 'Email', 'Mail', 'id', `${ENT}:costCenter`], SCHEMAS, SCHEMA_USER);
    expect(mapping.columns.map((c) => c.path)).toEqual([null, 'emails[type eq "work"].value', null, null, `${ENT}:costCenter`]);
    expect(mappingProblems(mapping, SCHEMAS, SCHEMA_USER)).toEqual([]);
  });

  it('keys on a column whose attribute the server keeps read-only', () => {
    const readOnlyUserName: ScimSchema[] = [
      {
        id: SCHEMA_USER,
        name: 'User',
        attributes: [scimAttribute('userName', 'string', 'Login', { mutability: 'readOnly' }), scimAttribute('active', 'boolean', 'Active')],
      },
    ];
    const mapping = suggestMapping(['Login', 'Active'], readOnlyUserName, SCHEMA_USER);
    expect(mapping).toEqual({
      keyColumn: 'Login',
      keyAttribute: 'userName',
      columns: [
        { column: 'Login', path: null },
        { column: 'Active', path: 'active' },
      ],
    });
    expect(mappingProblems(mapping, readOnlyUserName, SCHEMA_USER)).toEqual([]);
  });

  it('keys groups on displayName', () => {
    expect(suggestMapping(['Group name', 'externalId'], SCHEMAS, SCHEMA_GROUP)).toMatchObject({ keyColumn: 'Group name', keyAttribute: 'displayName' });
  });

  it('falls back to the first column when nothing can be a key', () => {
    expect(suggestMapping(['Mystery', 'title'], SCHEMAS, SCHEMA_USER)).toMatchObject({ keyColumn: 'Mystery', keyAttribute: 'userName' });
  });
});

describe('mappingProblems', () => {
  const mapping = (paths: Array<string | null>): BulkMapping => ({
    keyColumn: 'k',
    keyAttribute: 'userName',
    columns: paths.map((path, i) => ({ column: `c${i}`, path })),
  });

  it('accepts writable core, extension, sub-attribute and typed paths', () => {
    expect(
      mappingProblems(
        mapping(['title', 'name.givenName', `${ENT}:department`, `${ENT}:manager.value`, 'emails[type eq "work"].value', null]),
        SCHEMAS,
        SCHEMA_USER,
      ),
    ).toEqual([]);
  });

  it('names unknown, read-only, complex, untyped multi-valued and badly filtered paths', () => {
    const problems = mappingProblems(
      mapping([
        'favouriteColour',
        'id',
        'meta.created',
        'groups',
        'name',
        'emails.value',
        'emails[value eq "x"].value',
        'emails[type eq "work"]',
        'title[type eq "x"].value',
        `${CUSTOM_URN}:computed`,
        'not a path!',
      ]),
      SCHEMAS,
      SCHEMA_USER,
    );
    expect(problems).toEqual([
      "Column “c0”: “favouriteColour” is not an attribute the server's schemas define.",
      'Column “c1”: “id” is read-only: the server sets it.',
      'Column “c2”: “meta.created” is read-only: the server sets it.',
      'Column “c3”: “groups” is read-only: the server sets it.',
      'Column “c4”: “name” is complex: choose a sub-attribute, e.g. name.formatted.',
      'Column “c5”: “emails.value”: “emails” has several values: choose one by type, e.g. emails[type eq "work"].value.',
      'Column “c6”: “emails[value eq "x"].value”: only a filter of the form emails[type eq "…"] can be written.',
      'Column “c7”: “emails[type eq "work"]” names whole values: add a sub-attribute, e.g. emails[type eq "work"].value.',
      'Column “c8”: “title[type eq "x"].value”: “title” has one value, so it takes no filter.',
      `Column “c9”: “${CUSTOM_URN}:computed” is read-only: the server sets it.`,
      expect.stringMatching(/^Column “c10”: “not a path!” is not an attribute path: /),
    ]);
  });

  it('warns about immutable attributes and refuses two columns writing one attribute', () => {
    expect(mappingIssues(mapping([`${CUSTOM_URN}:badge`, 'Title', 'title']), SCHEMAS, SCHEMA_USER)).toEqual({
      problems: ['Columns “c1” and “c2” both write “title”.'],
      warnings: [`Column “c0”: “${CUSTOM_URN}:badge” is immutable: the server takes it when a resource is created, not on a change.`],
    });
  });
});

describe('coerceCell', () => {
  it('types booleans, numbers and dates, and keeps strings as they are', () => {
    expect(coerceCell('TRUE', { type: 'boolean' })).toEqual({ ok: true, value: true });
    expect(coerceCell(' no ', { type: 'boolean' })).toEqual({ ok: true, value: false });
    expect(coerceCell('1', { type: 'boolean' })).toMatchObject({ ok: false });
    expect(coerceCell('42', { type: 'integer' })).toEqual({ ok: true, value: 42 });
    expect(coerceCell('4.2', { type: 'integer' })).toMatchObject({ ok: false, expected: 'a whole number' });
    expect(coerceCell('99999999999999999999', { type: 'integer' })).toMatchObject({ ok: false });
    expect(coerceCell('-4.5e2', { type: 'decimal' })).toEqual({ ok: true, value: -450 });
    expect(coerceCell('4,5', { type: 'decimal' })).toMatchObject({ ok: false });
    expect(coerceCell('2024-05-01T09:00:00Z', { type: 'dateTime' })).toEqual({ ok: true, value: '2024-05-01T09:00:00Z' });
    expect(coerceCell('2024-05-01', { type: 'dateTime' })).toMatchObject({ ok: false });
    expect(coerceCell('2024-13-45T00:00:00Z', { type: 'dateTime' })).toMatchObject({ ok: false });
    expect(coerceCell(' Ada ', { type: 'string' })).toEqual({ ok: true, value: ' Ada ' });
  });
});

describe('applyMapping', () => {
  const mapping: BulkMapping = {
    keyColumn: 'login',
    keyAttribute: 'userName',
    columns: [
      { column: 'login', path: null },
      { column: 'active', path: 'active' },
      { column: 'mail', path: 'emails[type eq "work"].value' },
      { column: 'dept', path: `${ENT}:department` },
      { column: 'level', path: `${CUSTOM_URN}:level` },
      { column: 'notes', path: null },
    ],
  };

  it('types each cell, leaves empty cells out and keeps line numbers', () => {
    const read = readRows('login,active,mail,dept,level,notes\nada,false,ada@x.example,R&D,3,hi\nbob,,,,,\n');
    expect(applyMapping(read, mapping, SCHEMAS, SCHEMA_USER)).toEqual({
      rows: [
        {
          line: 2,
          key: 'ada',
          values: { active: false, 'emails[type eq "work"].value': 'ada@x.example', [`${ENT}:department`]: 'R&D', [`${CUSTOM_URN}:level`]: 3 },
        },
        { line: 3, key: 'bob', values: {} },
      ],
      bad: [],
      problems: [],
      warnings: [],
    });
  });

  it('lists refused values, missing and repeated keys and the file’s own bad rows with their lines', () => {
    const text = [
      'login,active,mail,dept,level,notes',
      'ada,maybe,a@x,R&D,3,', // line 2: not a boolean
      ',true,,,,', // line 3: no key
      'cyd,true,,,three,', // line 4: not an integer
      'dup,true,,,,', // line 5
      'DUP,false,,,,', // line 6
      'eve,true', // line 7: too few values
      'fay,yes,,,,',
    ].join('\n');
    const outcome = applyMapping(readRows(text), mapping, SCHEMAS, SCHEMA_USER);
    expect(outcome.problems).toEqual([]);
    expect(outcome.rows).toEqual([{ line: 8, key: 'fay', values: { active: true } }]);
    expect(outcome.bad.map((b) => b.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(outcome.bad[0]!.reason).toBe('“active” is “maybe”, not a boolean (true/false, yes/no).');
    expect(outcome.bad[2]!.reason).toBe('“level” is “three”, not a whole number.');
    expect(outcome.bad[1]!.reason).toMatch(/^No login/);
    expect(outcome.bad[3]!.reason).toMatch(/is on 2 rows/);
  });

  it('puts every refused cell of a row in one reason', () => {
    const outcome = applyMapping(readRows('login,active,mail,dept,level,notes\nada,maybe,,,x,\n'), mapping, SCHEMAS, SCHEMA_USER);
    expect(outcome.bad).toEqual([{ line: 2, reason: '“active” is “maybe”, not a boolean (true/false, yes/no); “level” is “x”, not a whole number.' }]);
  });

  it('maps no rows when the mapping has problems or the key column is missing', () => {
    const read = readRows('login,active\nada,true\n');
    const unknown = applyMapping(read, { ...mapping, columns: [{ column: 'active', path: 'favouriteColour' }] }, SCHEMAS, SCHEMA_USER);
    expect(unknown.rows).toEqual([]);
    expect(unknown.problems).toEqual(["Column “active”: “favouriteColour” is not an attribute the server's schemas define."]);
    const noKey = applyMapping(read, { ...mapping, keyColumn: 'email', columns: [{ column: 'active', path: 'active' }] }, SCHEMAS, SCHEMA_USER);
    expect(noKey.rows).toEqual([]);
    expect(noKey.problems).toEqual(['The key column “email” is not in the file.']);
    const noColumn = applyMapping(read, mapping, SCHEMAS, SCHEMA_USER);
    expect(noColumn.problems).toEqual(['Column “mail” is not in the file.', 'Column “dept” is not in the file.', 'Column “level” is not in the file.']);
  });

  it('reads JSON lines through the same mapping, and warns about immutable attributes', () => {
    const read = readRows('{"login":"ada","active":false,"badge":"B-7"}\n{"login":"bob","active":"yes"}\n');
    const outcome = applyMapping(
      read,
      {
        keyColumn: 'login',
        keyAttribute: 'userName',
        columns: [
          { column: 'active', path: 'active' },
          { column: 'badge', path: `${CUSTOM_URN}:badge` },
        ],
      },
      SCHEMAS,
      SCHEMA_USER,
    );
    expect(outcome.rows).toEqual([
      { line: 1, key: 'ada', values: { active: false, [`${CUSTOM_URN}:badge`]: 'B-7' } },
      { line: 2, key: 'bob', values: { active: true } },
    ]);
    expect(outcome.warnings).toHaveLength(1);
  });
});
