import type { JsonObject, PatchCheck, PeerPatchCase } from './types';

/**
 * scim-patch's test/scimPatch.test.ts and test/patchValidation.test.ts, one case per it(): the resource
 * the test patches (the beforeEach user, plus what the test sets on it), the operations, and the test's
 * assertions as checks, or the error class it expects. Reference checks (chai .eq on an object the
 * peer mutated in place) are read as deep equality: our engine never shares objects with its input.
 */

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** The beforeEach user of test/scimPatch.test.ts. */
export function scimUser(): JsonObject {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    id: 'tea_4',
    userName: 'spiderman',
    name: { familyName: 'Parker', givenName: 'Peter' },
    active: true,
    emails: [{ value: 'spiderman@superheroes.com', primary: true }],
    roles: [],
    meta: {
      resourceType: 'User',
      created: '2019-11-20T09:25:30.208Z',
      lastModified: '2019-11-20T09:25:30.208Z',
      location: '**REQUIRED**/Users/tea_4',
    },
    [ENTERPRISE]: { organization: 'value', department: 'value' },
  };
}

/** The beforeEach user with some top-level attributes set (or, with undefined, deleted). */
export function userWith(changes: JsonObject): JsonObject {
  const user = { ...scimUser(), ...changes };
  for (const key of Object.keys(changes)) if (changes[key] === undefined) delete user[key];
  return user;
}

/** The beforeEach user with sub-attributes of "name" set. */
export function userWithName(changes: JsonObject): JsonObject {
  return userWith({ name: { ...(scimUser().name as JsonObject), ...changes } });
}

/** Four emails with the given extra sub-attributes, as the multi-element tests set them. */
export function fourEmails(extra: JsonObject = {}): JsonObject[] {
  return [1, 2, 3, 4].map((n) => ({ value: `addr${n}@email.com`, primary: n === 1, ...extra }));
}

interface Extra {
  resource?: JsonObject;
  peerOptions?: JsonObject;
  note?: string;
  file?: string;
  skip?: PeerPatchCase['skip'];
}

export function patchCase(
  describe: string,
  test: string,
  operations: unknown[],
  expected: { error: string } | readonly PatchCheck[],
  extra: Extra = {},
): PeerPatchCase {
  const file = extra.file ?? 'test/scimPatch.test.ts';
  const title = `${describe} › ${test}`;
  return {
    id: `scim-patch › ${title}`,
    source: { peer: 'scim-patch', file, test: title },
    resource: extra.resource ?? scimUser(),
    operations,
    ...(extra.peerOptions === undefined ? {} : { peerOptions: extra.peerOptions }),
    expected: 'error' in expected ? expected : { checks: expected },
    ...(extra.skip === undefined ? {} : { skip: extra.skip }),
    ...(extra.note === undefined ? {} : { note: extra.note }),
  };
}
