import { describe, expect, it } from 'vitest';
import { applyPatch, PatchError, type PatchOperation } from './index';

// The examples of RFC 7644 §3.5.2.1-3, against the RFC's own sample Group and User.
const BABS = '2819c223-7f76-453a-919d-413861904646';
const JAMES = '08e1d05d-121c-4561-8b96-473d93df9210';
const MANDY = '902c246b-6245-4190-8e05-00816be7344a';

const group = () => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
  id: 'e9e30dba-f08f-4109-8486-d5c6a331660a',
  displayName: 'Tour Guides',
  members: [
    { value: BABS, $ref: `https://example.com/v2/Users/${BABS}`, display: 'Babs Jensen' },
    { value: MANDY, $ref: `https://example.com/v2/Users/${MANDY}`, display: 'Mandy Pepperidge' },
  ],
});

const user = () => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: BABS,
  userName: 'bjensen@example.com',
  name: { familyName: 'Jensen', givenName: 'Barbara' },
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  addresses: [
    { type: 'work', streetAddress: '100 Universal City Plaza', locality: 'Hollywood', region: 'CA', postalCode: '91608', country: 'USA', primary: true },
    { type: 'home', streetAddress: '456 Hollywood Blvd', locality: 'Hollywood', region: 'CA', postalCode: '91608', country: 'USA' },
  ],
});

function patchError(run: () => unknown): PatchError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PatchError);
    return error as PatchError;
  }
  throw new Error('expected a PatchError');
}

describe('RFC 7644 §3.5.2.1 add', () => {
  it('adds a member to a group', () => {
    const ops: PatchOperation[] = [
      { op: 'add', path: 'members', value: [{ display: 'James Smith', $ref: `https://example.com/v2/Users/${JAMES}`, value: JAMES }] },
    ];
    const result = applyPatch(group(), ops);
    expect(result.members.map((member) => member.value)).toEqual([BABS, MANDY, JAMES]);
    expect(result.members[2]).toEqual({ display: 'James Smith', $ref: `https://example.com/v2/Users/${JAMES}`, value: JAMES });
  });

  it('adds attributes without a path: appends emails and sets nickName', () => {
    const ops: PatchOperation[] = [
      {
        op: 'add',
        value: {
          emails: [
            { value: 'babs@jensen.org', type: 'home' },
            { value: 'b@x.org', type: 'other' },
          ],
          nickName: 'Babs',
        },
      },
    ];
    const result = applyPatch(user(), ops) as ReturnType<typeof user> & { nickName: string };
    expect(result.nickName).toBe('Babs');
    // babs@jensen.org/home is already there: RFC "no changes SHALL be made" for an existing value.
    expect(result.emails).toEqual([...user().emails, { value: 'b@x.org', type: 'other' }]);
  });

  it('does not add a member that is already there', () => {
    const result = applyPatch(group(), [{ op: 'add', path: 'members', value: [{ value: BABS }] }]);
    expect(result.members).toHaveLength(2);
  });
});

describe('RFC 7644 §3.5.2.2 remove', () => {
  it('removes a single member', () => {
    const result = applyPatch(group(), [{ op: 'remove', path: `members[value eq "${BABS}"]` }]);
    expect(result.members.map((member) => member.value)).toEqual([MANDY]);
  });

  it('removes all members', () => {
    const result = applyPatch(group(), [{ op: 'remove', path: 'members' }]);
    expect(result).not.toHaveProperty('members');
    expect(result.displayName).toBe('Tour Guides');
  });

  it('removes the values a complex filter selects', () => {
    const result = applyPatch(user(), [{ op: 'remove', path: 'emails[type eq "work" and value ew "example.com"]' }]);
    expect(result.emails).toEqual([{ value: 'babs@jensen.org', type: 'home' }]);
  });

  it('replaces all members by remove then add', () => {
    const ops: PatchOperation[] = [
      { op: 'remove', path: 'members' },
      {
        op: 'add',
        path: 'members',
        value: [
          { display: 'Babs Jensen', $ref: `https://example.com/v2/Users/${BABS}`, value: BABS },
          { display: 'James Smith', $ref: `https://example.com/v2/Users/${JAMES}`, value: JAMES },
        ],
      },
    ];
    expect(applyPatch(group(), ops).members.map((member) => member.value)).toEqual([BABS, JAMES]);
  });

  it('treats an attribute whose last value was removed as unassigned', () => {
    const single = { ...group(), members: [group().members[0]] };
    expect(applyPatch(single, [{ op: 'remove', path: `members[value eq "${BABS}"]` }])).not.toHaveProperty('members');
  });

  it('fails with noTarget when there is no path', () => {
    const error = patchError(() => applyPatch(group(), [{ op: 'remove' }]));
    expect(error.scimType).toBe('noTarget');
    expect(error.opIndex).toBe(0);
  });
});

describe('RFC 7644 §3.5.2.3 replace', () => {
  it('replaces all members', () => {
    const ops: PatchOperation[] = [
      {
        op: 'replace',
        path: 'members',
        value: [
          { display: 'Babs Jensen', $ref: `https://example.com/v2/Users/${BABS}`, value: BABS },
          { display: 'James Smith', $ref: `https://example.com/v2/Users/${JAMES}`, value: JAMES },
        ],
      },
    ];
    expect(applyPatch(group(), ops).members.map((member) => member.display)).toEqual(['Babs Jensen', 'James Smith']);
  });

  it("replaces a user's work address through a value filter", () => {
    const work = {
      type: 'work',
      streetAddress: '911 Universal City Plaza',
      locality: 'Hollywood',
      region: 'CA',
      postalCode: '91608',
      country: 'US',
      formatted: '911 Universal City Plaza\nHollywood, CA 91608 US',
      primary: true,
    };
    const result = applyPatch(user(), [{ op: 'replace', path: 'addresses[type eq "work"]', value: work }]);
    expect(result.addresses[0]).toEqual(work);
    expect(result.addresses[1]).toEqual(user().addresses[1]);
  });

  it('replaces one sub-attribute of the work address', () => {
    const result = applyPatch(user(), [{ op: 'replace', path: 'addresses[type eq "work"].streetAddress', value: '1010 Broadway Ave' }]);
    expect(result.addresses[0]).toEqual({ ...user().addresses[0], streetAddress: '1010 Broadway Ave' });
    expect(result.addresses[1]).toEqual(user().addresses[1]);
  });

  it('replaces attributes without a path', () => {
    const emails = [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ];
    const result = applyPatch({ ...user(), emails: [{ value: 'old@x.org', type: 'work' }] }, [{ op: 'replace', value: { emails, nickName: 'Babs' } }]);
    expect(result.emails).toEqual(emails);
    expect(result).toHaveProperty('nickName', 'Babs');
  });

  it('fails with noTarget when a value filter matches nothing', () => {
    const error = patchError(() => applyPatch(user(), [{ op: 'replace', path: 'addresses[type eq "other"].streetAddress', value: 'x' }]));
    expect(error.scimType).toBe('noTarget');
  });

  it('keeps sub-attributes the value does not mention when replacing a complex attribute', () => {
    const result = applyPatch(user(), [{ op: 'replace', path: 'name', value: { givenName: 'Babs' } }]);
    expect(result.name).toEqual({ familyName: 'Jensen', givenName: 'Babs' });
  });

  it('adds an attribute that does not exist yet', () => {
    expect(applyPatch(user(), [{ op: 'replace', path: 'title', value: 'Tour Guide' }])).toHaveProperty('title', 'Tour Guide');
  });
});
