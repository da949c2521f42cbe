import { ENTERPRISE, fourEmails, patchCase, userWith, userWithName } from './scim-patch-user';
import type { PeerPatchCase } from './types';

const D = 'SCIM PATCH › remove';
const I = 'SCIM PATCH › invalid requests';
const V = 'PATCH Validation';
const VALIDATION = 'test/patchValidation.test.ts';
const ENVELOPE = {
  notApplicable:
    'checks the PatchOp envelope (schemas, Operations); applyPatch takes the Operations list, the envelope is checked where requests are read (demo server)',
};

const twoNested = () =>
  userWithName({
    nestedArray: [
      { primary: true, value: 'value1' },
      { primary: false, value: 'value2' },
    ],
  });
const nested = (...values: string[]) => userWithName({ nestedArray: values.map((value, index) => ({ primary: index === 0, value })) });
const nestedLength = (length: number) => [{ at: ['name', 'nestedArray'], length }];

export const SCIM_PATCH_REMOVE_CASES: PeerPatchCase[] = [
  patchCase(D, 'REMOVE: with no path', [{ op: 'remove' }], { error: 'NoPathInScimPatchOp' }),
  patchCase(D, 'REMOVE: first level property with path', [{ op: 'remove', path: 'active' }], [{ at: ['active'], absent: true }]),
  patchCase(D, 'REMOVE: 2 level property with path', [{ op: 'remove', path: 'name.familyName' }], [{ at: ['name', 'familyName'], absent: true }]),
  patchCase(D, 'REMOVE: full object', [{ op: 'remove', path: 'name' }], [{ at: ['name'], absent: true }]),
  patchCase(
    D,
    'REMOVE: multiple property at once with path',
    [
      { op: 'remove', path: 'name' },
      { op: 'remove', path: 'active' },
    ],
    [
      { at: ['name'], absent: true },
      { at: ['active'], absent: true },
    ],
  ),
  patchCase(
    D,
    'REMOVE: primary email value',
    [{ op: 'remove', path: 'emails[primary eq true].value' }],
    [
      { at: ['emails', 0, 'value'], absent: true },
      { at: ['emails', 0, 'primary'], equals: true },
    ],
  ),
  patchCase(D, 'REMOVE: nested array element', [{ op: 'remove', path: 'name.nestedArray[primary eq true]' }], nestedLength(1), { resource: twoNested() }),
  patchCase(D, 'REMOVE: with path and value but no array-field like exists', [{ op: 'remove', path: 'name.randomField', value: [] }], {
    error: 'RemoveValueNotArray',
  }),
  patchCase(
    D,
    'REMOVE: with path and value but value is array of arrays',
    [{ op: 'remove', path: 'name.nestedArray', value: [[]] }],
    { error: 'RemoveValueNestedArrayNotSupported' },
    {
      resource: twoNested(),
    },
  ),
  patchCase(
    D,
    'REMOVE: nested array element with patch value as array with single value',
    [{ op: 'remove', path: 'name.nestedArray', value: [{ value: 'value2', primary: false }] }],
    nestedLength(1),
    { resource: twoNested() },
  ),
  patchCase(
    D,
    'REMOVE: nested array element with patch value as array with multiple values',
    [
      {
        op: 'remove',
        path: 'name.nestedArray',
        value: [
          { value: 'value2', primary: false },
          { value: 'value3', primary: false },
        ],
      },
    ],
    nestedLength(1),
    { resource: nested('value1', 'value2', 'value2', 'value2', 'value3', 'value3') },
  ),
  patchCase(
    D,
    'REMOVE: nested array element with patch value as array with unknown value',
    [{ op: 'remove', path: 'name.nestedArray', value: [{ value: 'value4', primary: false }] }],
    nestedLength(3),
    { resource: nested('value1', 'value2', 'value3') },
  ),
  patchCase(
    D,
    'REMOVE: nested array element with value supplied',
    [{ op: 'remove', path: 'name.nestedArray', value: [{ value: 'value2', primary: false }] }],
    nestedLength(1),
    { resource: twoNested() },
  ),
  patchCase(
    D,
    'REMOVE: nested array element with value as object supplied with multiple entries',
    [{ op: 'remove', path: 'name.nestedArray', value: { value: 'value2', primary: false } }],
    nestedLength(1),
    { resource: nested('value1', 'value2', 'value2', 'value2') },
  ),
  patchCase(
    D,
    'REMOVE: simple nested array elements with value supplied',
    [{ op: 'remove', path: 'name.surName2', value: ['value2'] }],
    [{ at: ['name', 'surName2'], length: 1 }],
    { resource: userWithName({ surName2: ['value1', 'value2'] }) },
  ),
  patchCase(
    D,
    'REMOVE: simple nested array elements with value supplied #2',
    [{ op: 'remove', path: 'name.surName2', value: 'value2' }],
    [{ at: ['name', 'surName2'], length: 1 }],
    { resource: userWithName({ surName2: ['value1', 'value2'] }) },
  ),
  patchCase(
    D,
    'REMOVE: simple nested array elements with non-existing in scope value supplied',
    [{ op: 'remove', path: 'name.surName2', value: ['value3'] }],
    [{ at: ['name', 'surName2'], length: 2 }],
    { resource: userWithName({ surName2: ['value1', 'value2'] }) },
  ),
  patchCase(
    D,
    'REMOVE: empty array should be unassigned',
    [{ op: 'remove', path: 'name.nestedArray[primary eq true]' }],
    [{ at: ['name', 'nestedArray'], absent: true }],
    {
      resource: nested('value1'),
    },
  ),
  patchCase(D, 'REMOVE: with capital first letter for operation', [{ op: 'Remove', path: 'active' }], [{ at: ['active'], absent: true }]),
  patchCase(D, 'REMOVE: with extensions schema path', [{ op: 'remove', path: `${ENTERPRISE}:department` }], [{ at: [ENTERPRISE, 'department'], absent: true }]),
  patchCase(
    D,
    'REMOVE: with unavailable nested fields',
    [{ op: 'remove', path: 'someField.level_1_depth.level_2_depth.final_depth' }],
    [{ at: ['someField'], absent: true }],
  ),
  patchCase(D, "REPLACE: don't mutate the original object", [{ op: 'remove', path: 'active' }], [{ untouchedInput: true }], {
    peerOptions: { mutateDocument: false },
  }),
  patchCase(
    D,
    'REMOVE: remove all sub-attributes in a complex multi-valued attribute',
    [{ op: 'remove', path: 'emails.newProperty' }],
    [0, 1, 2, 3].map((index) => ({ at: ['emails', index, 'newProperty'], absent: true as const })),
    { resource: userWith({ emails: fourEmails({ newProperty: 'pre' }) }) },
  ),
  patchCase(
    D,
    'REMOVE: filter that match multiple elements of complex multiValued attribute',
    [{ op: 'remove', path: 'emails[primary eq false].newProperty' }],
    [{ at: ['emails', 0, 'newProperty'], equals: 'pre' }, ...[1, 2, 3].map((index) => ({ at: ['emails', index, 'newProperty'], absent: true as const }))],
    { resource: userWith({ emails: fourEmails({ newProperty: 'pre' }) }) },
  ),

  patchCase(I, 'INVALID: wrong operation name', [{ op: 'delete', value: true, path: 'active' }], { error: 'InvalidScimPatchRequest' }),
  patchCase(I, 'INVALID: path filter invalid', [{ op: 'replace', value: true, path: 'emails[name eq]' }], { error: 'InvalidScimPatch' }),
  patchCase(I, 'INVALID: path request missing', [{ op: 'replace', value: true, path: 'emails[name eq "toto"' }], { error: 'InvalidScimPatchOp' }),
  patchCase(I, 'INVALID: search on a mono valued attribute', [{ op: 'replace', value: true, path: 'username[name eq "toto"]' }], {
    error: 'InvalidScimPatchOp',
  }),
  patchCase(I, 'INVALID: invalid parameter in scim filter', [{ op: 'replace', value: true, path: "emails[' eq true].value" }], { error: 'InvalidScimPatchOp' }),

  // patchBodyValidation(body): the operation-level checks are run through applyPatch with the body's Operations.
  patchCase(
    V,
    'Missing Schemas',
    [{ op: 'replace', value: false, path: 'active' }],
    { error: 'InvalidScimPatchRequest' },
    { file: VALIDATION, skip: ENVELOPE },
  ),
  patchCase(V, 'Missing Operations', [], { error: 'InvalidScimPatchRequest' }, { file: VALIDATION, skip: ENVELOPE }),
  patchCase(V, 'Invalid operation', [{ op: 'toto', value: false, path: 'active' }], { error: 'InvalidScimPatchRequest' }, { file: VALIDATION }),
  patchCase(V, 'Non-string operation', [{ op: 123, value: false, path: 'active' }], { error: 'InvalidScimPatchRequest' }, { file: VALIDATION }),
  patchCase(V, 'Operation remove without path', [{ op: 'remove' }], { error: 'NoPathInScimPatchOp' }, { file: VALIDATION }),
  patchCase(V, 'Operation add without value', [{ op: 'add', path: 'active' }], { error: 'InvalidScimPatchRequest' }, { file: VALIDATION }),
  patchCase(V, 'Path is not a string', [{ op: 'add', path: true, value: 'toto' }], { error: 'InvalidScimPatchRequest' }, { file: VALIDATION }),
  patchCase(V, 'Add with no path', [{ op: 'add', value: { 'name.givenName': 'John', 'name.familyName': 'Doe', 'name.formatted': 'John Doe' } }], [], {
    file: VALIDATION,
  }),
  patchCase(V, 'empty operation array', [], { error: 'InvalidScimPatchRequest' }, { file: VALIDATION, skip: ENVELOPE }),
  patchCase(
    V,
    'patchBodyValidation should be resistent if body.Operations is not an array',
    [{ op: 'add', path: 'members', value: {} }],
    { error: 'InvalidScimPatchRequest' },
    { file: VALIDATION, skip: ENVELOPE },
  ),
];
