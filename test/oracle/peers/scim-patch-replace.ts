import { ENTERPRISE, fourEmails, patchCase, scimUser, userWith, userWithName } from './scim-patch-user';
import type { PeerPatchCase } from './types';

const R = 'SCIM PATCH › replace';
const emailsAfter = (values: (string | undefined)[]) => values.map((value, index) => ({ at: ['emails', index, 'newProperty'], equals: value }));

export const SCIM_PATCH_REPLACE_CASES: PeerPatchCase[] = [
  patchCase(R, 'REPLACE: first level property with path', [{ op: 'replace', value: false, path: 'active' }], [{ at: ['active'], equals: false }]),
  patchCase(
    R,
    'REPLACE: first level property with fully qualified path',
    [{ op: 'replace', value: false, path: 'urn:ietf:params:scim:schemas:core:2.0:User:active' }],
    [{ at: ['active'], equals: false }],
  ),
  patchCase(R, 'REPLACE: first level property without path', [{ op: 'replace', value: { active: false } }], [{ at: ['active'], equals: false }]),
  patchCase(
    R,
    'REPLACE: 2 level property with path',
    [{ op: 'replace', value: 'toto', path: 'name.familyName' }],
    [{ at: ['name', 'familyName'], equals: 'toto' }],
  ),
  patchCase(
    R,
    'REPLACE: 2 level property without complete path',
    [{ op: 'replace', value: { familyName: 'toto' }, path: 'name' }],
    [{ at: ['name', 'familyName'], equals: 'toto' }],
  ),
  patchCase(
    R,
    'REPLACE: 2 level extension schema property without path',
    [{ op: 'replace', value: { [`${ENTERPRISE}:organization`]: 'newOrganization', [`${ENTERPRISE}:department`]: 'newDepartment' } }],
    [
      { at: [ENTERPRISE, 'organization'], equals: 'newOrganization' },
      { at: [ENTERPRISE, 'department'], equals: 'newDepartment' },
    ],
  ),
  patchCase(
    R,
    'REPLACE: multiple at once with path',
    [
      { op: 'replace', value: { givenName: 'titi', familyName: 'toto' }, path: 'name' },
      { op: 'replace', value: { active: false } },
    ],
    [
      { at: ['name', 'familyName'], equals: 'toto' },
      { at: ['name', 'givenName'], equals: 'titi' },
      { at: ['active'], equals: false },
    ],
  ),
  patchCase(
    R,
    'REPLACE: multiple at once with exact path',
    [
      { op: 'replace', value: 'titi', path: 'name.givenName' },
      { op: 'replace', value: { active: false } },
      { op: 'replace', value: 'toto', path: 'name.familyName' },
    ],
    [
      { at: ['name', 'familyName'], equals: 'toto' },
      { at: ['name', 'givenName'], equals: 'titi' },
      { at: ['active'], equals: false },
    ],
  ),
  patchCase(
    R,
    'REPLACE: primary email object',
    [{ op: 'replace', value: { value: 'toto@toto.com', primary: true }, path: 'emails[primary eq true]' }],
    [
      { at: ['emails', 0, 'value'], equals: 'toto@toto.com' },
      { at: ['emails', 0, 'primary'], equals: true },
    ],
  ),
  patchCase(
    R,
    'REPLACE: nested object do not exists',
    [{ op: 'replace', path: 'surName[value eq "bogus"]', value: 'this value should not be added' }],
    { error: 'NoTarget' },
    {
      resource: userWith({ surName: [] }),
    },
  ),
  patchCase(
    R,
    'REPLACE: nested object do not exists can be treated as ADD',
    [{ op: 'replace', path: 'addresses[type eq "work"].country', value: 'Denmark' }],
    [
      { at: ['addresses', 0, 'country'], equals: 'Denmark' },
      { at: ['addresses', 0, 'type'], equals: 'work' },
    ],
    { resource: userWith({ emails: [] }), peerOptions: { treatMissingAsAdd: true } },
  ),
  patchCase(
    R,
    'REPLACE: primary email value',
    [{ op: 'replace', value: 'toto@toto.com', path: 'emails[primary eq true].value' }],
    [
      { at: ['emails', 0, 'value'], equals: 'toto@toto.com' },
      { at: ['emails', 0, 'primary'], equals: true },
    ],
  ),
  patchCase(
    R,
    'REPLACE: nested array element',
    [{ op: 'replace', value: { value: 'value2', primary: true }, path: 'name.nestedArray[primary eq true]' }],
    [
      { at: ['name', 'nestedArray', 0, 'value'], equals: 'value2' },
      { at: ['name', 'nestedArray', 0, 'primary'], equals: true },
    ],
    { resource: userWithName({ nestedArray: [{ primary: true, value: 'value1' }] }) },
  ),
  patchCase(R, 'REPLACE: replace a non existent element', [{ op: 'replace', value: true, path: 'unknown.toto' }], [{ at: ['unknown', 'toto'], equals: true }]),
  patchCase(R, 'REPLACE: add a non object value to an object key', [{ op: 'replace', path: 'name', value: 'BATMAN' }], [{ at: ['name'], equals: 'BATMAN' }]),
  patchCase(R, 'REPLACE: with capital first letter for operation', [{ op: 'Replace', value: { active: false } }], [{ at: ['active'], equals: false }]),
  patchCase(
    R,
    'REPLACE: with extensions schema path',
    [{ op: 'replace', value: 'newValue', path: `${ENTERPRISE}:department` }],
    [{ at: [ENTERPRISE, 'department'], equals: 'newValue' }],
  ),
  patchCase(
    R,
    'REPLACE: array by another array',
    [{ op: 'replace', value: [{ value: 'test2' }], path: 'emails' }],
    [{ at: ['emails'], equals: [{ value: 'test2' }] }],
  ),
  patchCase(
    R,
    'REPLACE: no record match was made, treatMissingAsAdd false',
    [{ op: 'replace', path: 'surName[primary eq true].value', value: 'surname' }],
    { error: 'NoTarget' },
    { resource: userWith({ surName: [] }), peerOptions: { treatMissingAsAdd: false } },
  ),
  patchCase(
    R,
    'REPLACE: no record match was made',
    [{ op: 'replace', path: 'surName[primary eq true].value', value: 'surname' }],
    [{ at: ['surName'], equals: [{ primary: true, value: 'surname' }] }],
    { resource: userWith({ surName: [] }), note: 'scim-patch defaults to treatMissingAsAdd: true' },
  ),
  patchCase(
    R,
    'REPLACE: replace add fields in complex object',
    [{ op: 'replace', path: 'surName[value eq "bogus"]', value: { additional: 'additional' } }],
    [{ at: ['surName'], equals: [{ primary: true, value: 'bogus', additional: 'additional' }] }],
    { resource: userWith({ surName: [{ primary: true, value: 'bogus' }] }) },
  ),
  patchCase(
    R,
    'REPLACE: replace add and update fields in complex object',
    [{ op: 'replace', path: 'surName[value eq "bogus"]', value: { additional: 'additional', value: 'bogus2' } }],
    [{ at: ['surName'], equals: [{ primary: true, value: 'bogus2', additional: 'additional' }] }],
    { resource: userWith({ surName: [{ primary: true, value: 'bogus' }] }) },
  ),
  patchCase(
    R,
    'REPLACE: empty array add filter type + field (Azure AD)',
    [{ op: 'Replace', value: '1111 Street Rd', path: 'addresses[type eq "work"].formatted' }],
    { error: 'NoTarget' },
    { peerOptions: { treatMissingAsAdd: false } },
  ),
  patchCase(
    R,
    'REPLACE: filter with an email containing dots',
    [{ op: 'Replace', value: 'batman@superheroes.com', path: 'emails[value eq "spiderman@superheroes.com"].value' }],
    [{ at: ['emails'], equals: [{ value: 'batman@superheroes.com', primary: true }] }],
  ),
  patchCase(R, "REPLACE: don't mutate the original object", [{ op: 'replace', value: false, path: 'active' }], [{ untouchedInput: true }], {
    peerOptions: { mutateDocument: false },
  }),
  patchCase(
    R,
    'REPLACE: replace on multiValued objects',
    [{ op: 'replace', value: 'post', path: 'emails.newProperty' }],
    emailsAfter(['post', 'post', 'post', 'post']),
    {
      resource: userWith({ emails: fourEmails({ newProperty: 'pre' }) }),
    },
  ),
  patchCase(
    R,
    'REPLACE: replace on multiValued objects without complete path',
    [{ op: 'replace', value: { newProperty: 'post' }, path: 'emails' }],
    [...emailsAfter(['post', 'post', 'post', 'post']), { at: ['emails'], length: 4 }],
    { resource: userWith({ emails: fourEmails({ newProperty: 'pre' }) }) },
  ),
  patchCase(
    R,
    'REPLACE: filter that match multiple elements of complex multiValued attribute',
    [{ op: 'replace', value: 'post', path: 'emails[primary eq false].newProperty' }],
    emailsAfter(['pre', 'post', 'post', 'post']),
    { resource: userWith({ emails: fourEmails({ newProperty: 'pre' }) }) },
  ),
  patchCase(
    R,
    'REPLACE: filter that match multiple elements of complex multiValued attribute without complete path',
    [{ op: 'replace', value: { newProperty: 'post' }, path: 'emails[primary eq false]' }],
    emailsAfter(['pre', 'post', 'post', 'post']),
    { resource: userWith({ emails: fourEmails({ newProperty: 'pre' }) }) },
  ),
  patchCase(
    R,
    'REPLACE: Replace op with value of empty object results in circular reference',
    [{ op: 'replace', value: {}, path: 'emails[type eq "work"].value' }],
    [
      {
        at: ['emails'],
        equals: [
          { value: 'spiderman@superheroes.com', primary: true },
          { type: 'work', value: {} },
        ],
      },
    ],
    { peerOptions: { mutateDocument: false, treatMissingAsAdd: true } },
  ),
  patchCase(
    R,
    'REPLACE: Replace op with value of empty object should merge if the target property is an object',
    [{ op: 'replace', value: {}, path: 'name' }],
    [{ at: ['name'], equals: scimUser().name }],
    { peerOptions: { mutateDocument: false, treatMissingAsAdd: true } },
  ),
];
