import { ENTERPRISE, fourEmails, patchCase, scimUser, userWith, userWithName } from './scim-patch-user';
import type { PeerPatchCase } from './types';

const A = 'SCIM PATCH › add';
const MULTI = 'ADD: If the target location specifies a multi-valued attribute, a new value is added to the attribute.';
const emailsAfter = (values: (string | undefined)[]) =>
  values.map((value, index) =>
    value === undefined ? { at: ['emails', index, 'newProperty'], absent: true as const } : { at: ['emails', index, 'newProperty'], equals: value },
  );
const spiderman = { value: 'spiderman@superheroes.com', primary: true };

export const SCIM_PATCH_ADD_CASES: PeerPatchCase[] = [
  patchCase(A, 'ADD: first level property without path', [{ op: 'add', value: { newProperty: 'newValue' } }], [{ at: ['newProperty'], equals: 'newValue' }]),
  patchCase(A, 'ADD: first level property with path', [{ op: 'add', value: 'newValue', path: 'newProperty' }], [{ at: ['newProperty'], equals: 'newValue' }]),
  patchCase(A, 'ADD: 2 level property with path', [{ op: 'add', value: 'toto', path: 'name.newProperty' }], [{ at: ['name', 'newProperty'], equals: 'toto' }]),
  patchCase(
    A,
    'ADD: 2 level property without complete path',
    [{ op: 'add', value: { newProperty: 'toto' }, path: 'name' }],
    [{ at: ['name', 'newProperty'], equals: 'toto' }],
  ),
  patchCase(
    A,
    'ADD: 2 level extension schema property without path',
    [{ op: 'add', value: { [`${ENTERPRISE}:division`]: 'newDepartment' } }],
    [{ at: [ENTERPRISE, 'division'], equals: 'newDepartment' }],
  ),
  patchCase(
    A,
    'ADD: multiple at once with path',
    [
      { op: 'add', value: { newProperty1: 'toto', newProperty2: 'titi' }, path: 'name' },
      { op: 'add', value: { newProperty3: 'tata' } },
    ],
    [
      { at: ['name', 'newProperty1'], equals: 'toto' },
      { at: ['name', 'newProperty2'], equals: 'titi' },
      { at: ['newProperty3'], equals: 'tata' },
    ],
  ),
  patchCase(
    A,
    'ADD: multiple at once with exact path',
    [
      { op: 'replace', value: 'toto', path: 'name.newProperty1' },
      { op: 'replace', value: { newProperty3: 'tata' } },
      { op: 'replace', value: 'titi', path: 'name.newProperty2' },
    ],
    [
      { at: ['name', 'newProperty1'], equals: 'toto' },
      { at: ['name', 'newProperty2'], equals: 'titi' },
      { at: ['newProperty3'], equals: 'tata' },
    ],
  ),
  patchCase(
    A,
    'ADD: primary email object',
    [{ op: 'add', value: { newProperty1: 'toto', newProperty2: 'titi' }, path: 'emails[primary eq true]' }],
    [
      { at: ['emails', 0, 'newProperty1'], equals: 'toto' },
      { at: ['emails', 0, 'newProperty2'], equals: 'titi' },
      { at: ['emails', 0, 'value'], equals: 'spiderman@superheroes.com' },
    ],
  ),
  patchCase(
    A,
    'ADD: primary email newProperty',
    [{ op: 'add', value: 'toto@toto.com', path: 'emails[primary eq true].newProperty' }],
    [
      { at: ['emails', 0, 'newProperty'], equals: 'toto@toto.com' },
      { at: ['emails', 0, 'primary'], equals: true },
    ],
  ),
  patchCase(
    A,
    'ADD: nested array element',
    [{ op: 'add', value: { newProperty1: 'toto', newProperty2: 'titi' }, path: 'name.nestedArray[primary eq true]' }],
    [
      { at: ['name', 'nestedArray', 0, 'newProperty1'], equals: 'toto' },
      { at: ['name', 'nestedArray', 0, 'newProperty2'], equals: 'titi' },
    ],
    { resource: userWithName({ nestedArray: [{ primary: true, value: 'value1' }] }) },
  ),
  patchCase(
    A,
    MULTI,
    [{ op: 'add', value: 'tata', path: 'name.surName2' }],
    [
      { at: ['name', 'surName2'], contains: 'toto' },
      { at: ['name', 'surName2'], contains: 'tata' },
    ],
    { resource: userWithName({ surName2: ['toto', 'titi'] }) },
  ),
  patchCase(
    A,
    'ADD: If the target location specifies a single-valued attribute, the existing value is replaced',
    [{ op: 'add', value: 'tata', path: 'name.surName3' }],
    [{ at: ['name', 'surName3'], equals: 'tata' }],
    { resource: userWithName({ surName3: 'surName' }) },
  ),
  patchCase(
    A,
    `${MULTI} #2`,
    [{ op: 'add', value: 'tata', path: 'name.surName2' }],
    [
      { at: ['name', 'surName2'], contains: 'toto' },
      { at: ['name', 'surName2'], contains: 'titi' },
      { at: ['name', 'surName2'], contains: 'tata' },
    ],
    { resource: userWithName({ surName2: ['toto', 'titi'] }) },
  ),
  patchCase(
    A,
    "ADD: If the target location specifies a multi-valued attribute, a new value is added to the attribute only if doesn't exist already.",
    [{ op: 'add', value: 'titi', path: 'name.surName2' }],
    [
      { at: ['name', 'surName2'], contains: 'toto' },
      { at: ['name', 'surName2'], count: 'titi', times: 1 },
    ],
    { resource: userWithName({ surName2: ['toto', 'titi'] }) },
  ),
  patchCase(A, 'ADD: impossible to add a non object value to an object key', [{ op: 'add', path: 'name', value: 'titi' }], { error: 'InvalidScimPatchOp' }),
  patchCase(
    A,
    'ADD: should not modify anything if element not found',
    [{ op: 'add', value: { newProperty1: 'toto' }, path: 'name.nestedArray[toto eq true]' }],
    [{ at: ['name', 'nestedArray'], equals: [{ primary: true, value: 'value1' }] }],
    {
      resource: userWithName({ nestedArray: [{ primary: true, value: 'value1' }] }),
      note: "The test compares the peer's (mutated-in-place) array with itself; its name states the intent: nothing changes.",
    },
  ),
  patchCase(
    A,
    'ADD: with capital first letter for operation',
    [{ op: 'Add', value: { newProperty: 'newValue' } }],
    [{ at: ['newProperty'], equals: 'newValue' }],
  ),
  patchCase(
    A,
    'ADD: with extension schema path',
    [{ op: 'add', value: 'newValue', path: `${ENTERPRISE}:department` }],
    [{ at: [ENTERPRISE, 'department'], equals: 'newValue' }],
    {
      resource: userWith({ [ENTERPRISE]: undefined }),
    },
  ),
  patchCase(
    A,
    'ADD: array',
    [{ op: 'Add', value: [{ value: 'test2' }], path: 'emails' }],
    [
      { at: ['emails'], length: 2 },
      { at: ['emails'], contains: { value: 'test2' } },
    ],
  ),
  patchCase(A, 'ADD: array ignores existing values', [{ op: 'Add', value: scimUser().emails, path: 'emails' }], [{ at: ['emails'], length: 1 }]),
  patchCase(
    A,
    'ADD: empty array add filter type + field (Azure AD)',
    [{ op: 'Add', value: '1111 Street Rd', path: 'addresses[type eq "work"].formatted' }],
    [
      { at: ['addresses'], length: 1 },
      { at: ['addresses', 0, 'type'], equals: 'work' },
      { at: ['addresses', 0, 'formatted'], equals: '1111 Street Rd' },
    ],
  ),
  patchCase(
    A,
    'ADD: existing array add filter type + field (Azure AD)',
    [{ op: 'Add', value: '1122 Street Rd', path: 'addresses[type eq "work"].formatted' }],
    [
      { at: ['addresses'], length: 2 },
      { at: ['addresses', 0], equals: { type: 'home', formatted: '2222 Avenue Blvd' } },
      { at: ['addresses', 1, 'type'], equals: 'work' },
      { at: ['addresses', 1, 'formatted'], equals: '1122 Street Rd' },
    ],
    { resource: userWith({ addresses: [{ type: 'home', formatted: '2222 Avenue Blvd' }] }) },
  ),
  patchCase(
    A,
    'ADD: existing array add filter type + field (Azure AD) with lower case add',
    [{ op: 'add', value: '1122 Street Rd', path: 'addresses[type eq "work"].formatted' }],
    [
      { at: ['addresses'], length: 1 },
      { at: ['addresses', 0, 'type'], equals: 'work' },
      { at: ['addresses', 0, 'formatted'], equals: '1122 Street Rd' },
    ],
  ),
  patchCase(
    A,
    'ADD: empty array multiple filter should throw an error',
    [{ op: 'Add', value: '1111 Street Rd', path: 'addresses[type eq "work" or type eq "home"].formatted' }],
    { error: 'NoTarget' },
  ),
  patchCase(A, 'ADD: Invalid filter operation', [{ op: 'Add', value: '1111 Street Rd', path: 'addresses[type eq "work.formatted' }], {
    error: 'InvalidScimPatchOp',
  }),
  patchCase(
    A,
    'ADD: empty array add filter type + field 2nd level',
    [{ op: 'Add', value: '1111 Street Rd', path: 'name.nestedArray[primary eq true].newProperty1' }],
    [
      { at: ['name', 'nestedArray'], length: 1 },
      { at: ['name', 'nestedArray', 0, 'primary'], equals: true },
      { at: ['name', 'nestedArray', 0, 'newProperty1'], equals: '1111 Street Rd' },
    ],
  ),
  patchCase(
    A,
    'ADD: dot notation with no path',
    [{ op: 'add', value: { 'name.givenName': 'John', 'name.familyName': 'Doe', 'name.formatted': 'John Doe', 'favorites.food': 'lemon' } }],
    [
      { at: ['name', 'givenName'], equals: 'John' },
      { at: ['name', 'familyName'], equals: 'Doe' },
      { at: ['name', 'formatted'], equals: 'John Doe' },
      { at: ['favorites', 'food'], equals: 'lemon' },
    ],
  ),
  patchCase(A, 'ADD: on null property', [{ op: 'add', path: 'newProperty', value: '1' }], [{ at: ['newProperty'], equals: '1' }], {
    resource: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      meta: { resourceType: 'User', created: '2019-11-20T09:25:30.208Z', lastModified: '2019-11-20T09:25:30.208Z', location: 'users/4' },
      active: true,
      emails: [{ value: 'batman@superheroes.com', primary: true }],
      name: { familyName: 'bat', givenName: 'man' },
      userName: 'batman',
      newProperty: null,
    },
  }),
  patchCase(A, "ADD: don't mutate the original object", [{ op: 'add', value: { newProperty: 'newValue' } }], [{ untouchedInput: true }], {
    peerOptions: { mutateDocument: false },
  }),
  patchCase(
    A,
    'ADD: on adding duplicate objects to an array, value is object',
    [{ op: 'add', path: 'emails', value: spiderman }],
    [{ at: ['emails'], length: 1 }],
  ),
  patchCase(
    A,
    'ADD: on adding duplicate objects to an array, value is array of objects ',
    [{ op: 'add', path: 'emails', value: [spiderman, { value: 'batman@superheroes.com', primary: false }] }],
    [{ at: ['emails'], length: 2 }],
  ),
  patchCase(
    A,
    "ADD: on array attribute when 'path' is absent & value is array should append all values",
    [
      {
        op: 'add',
        value: {
          emails: [
            { value: 'batman@superheroes.com', primary: true },
            { value: 'superman@superheroes.com', primary: true },
          ],
        },
      },
    ],
    [{ at: ['emails'], length: 3 }],
  ),
  patchCase(
    A,
    "ADD: on array attribute when 'path' is absent & value is non-array should append the value",
    [{ op: 'add', value: { emails: { value: 'batman@superheroes.com', primary: true } } }],
    [{ at: ['emails'], length: 2 }],
  ),
  patchCase(
    A,
    'ADD: filter that match multiple elements of complex multiValued attribute',
    [{ op: 'add', value: 'post', path: 'emails[primary eq false].newProperty' }],
    emailsAfter([undefined, 'post', 'post', 'post']),
    { resource: userWith({ emails: fourEmails() }) },
  ),
  patchCase(
    A,
    'ADD: filter that match multiple elements of complex multiValued attribute without complete path',
    [{ op: 'add', value: { newProperty: 'post' }, path: 'emails[primary eq false]' }],
    emailsAfter([undefined, 'post', 'post', 'post']),
    { resource: userWith({ emails: fourEmails() }) },
  ),
  patchCase(
    A,
    'ADD: value of empty object should merge if the target property is an object',
    [{ op: 'add', value: {}, path: 'name' }],
    [{ at: ['name'], equals: scimUser().name }],
    { peerOptions: { mutateDocument: false, treatMissingAsAdd: true } },
  ),
];
