import { describe, expect, it } from 'vitest';
import { CORE_SCHEMAS, createAttributeResolver, SCHEMA_ENTERPRISE_USER, SCHEMA_USER } from '../scim/index';
import { applyPatch, PatchError, type PatchOperation } from './index';

// What a PATCH "value" may be: a complex attribute takes sub-attributes (RFC 7644 §3.5.2.1/§3.5.2.3),
// a remove with a value removes only that value (§3.5.2.2), a path filter the RFC refuses fails (§3.4.2.2).
const ENT = SCHEMA_ENTERPRISE_USER;
const lookup = createAttributeResolver(CORE_SCHEMAS, SCHEMA_USER);

const user = () => ({
  schemas: [SCHEMA_USER, ENT],
  id: 'u1',
  userName: 'bjensen',
  name: { familyName: 'Jensen', givenName: 'Barbara' },
  active: true,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  [ENT]: { department: 'Tour Operations', manager: { value: 'm1', displayName: 'John Smith' } },
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

const apply = (ops: PatchOperation[], withSchema = true) => applyPatch(user(), ops, withSchema ? { lookup } : {});

describe('add/replace of a single-valued complex attribute takes an object of sub-attributes', () => {
  it.each<[string, unknown]>([
    ['add', 'titi'],
    ['replace', 'titi'],
    ['replace', 42],
    ['add', [{ givenName: 'B' }]],
  ])('refuses %s of name with %j as invalidValue', (op, value) => {
    const error = patchError(() => apply([{ op: op as 'add', path: 'name', value }]));
    expect(error.scimType).toBe('invalidValue');
    expect(error.message).toContain('"name" is a complex attribute');
  });

  it('knows the attribute from the schema even when the resource lacks it, and from the data without a schema', () => {
    const bare = { schemas: [SCHEMA_USER], userName: 'x' };
    expect(patchError(() => applyPatch(bare, [{ op: 'add', path: 'name', value: 'titi' }], { lookup })).scimType).toBe('invalidValue');
    expect(patchError(() => apply([{ op: 'replace', path: 'name', value: 'BATMAN' }], false)).scimType).toBe('invalidValue');
    expect(patchError(() => apply([{ op: 'replace', path: `${ENT}:manager`, value: 'm2' }])).scimType).toBe('invalidValue');
    expect(patchError(() => apply([{ op: 'add', value: { name: 'titi' } }])).scimType).toBe('invalidValue');
  });

  it('still takes objects, null (unassign), sub-attribute paths and lists for multi-valued attributes', () => {
    expect(apply([{ op: 'replace', path: 'name', value: { givenName: 'Babs' } }]).name).toEqual({ familyName: 'Jensen', givenName: 'Babs' });
    expect(apply([{ op: 'replace', path: 'name', value: null }])).not.toHaveProperty('name');
    expect(apply([{ op: 'replace', path: 'name.givenName', value: 'Babs' }]).name.givenName).toBe('Babs');
    expect(apply([{ op: 'replace', path: 'emails', value: [{ value: 'a@b.org' }] }]).emails).toEqual([{ value: 'a@b.org' }]);
    // No schema and no current object: nothing says "complex", so a new attribute takes what it is given;
    // and a list may replace an object that could be the unwrapped value of a multi-valued attribute.
    expect(apply([{ op: 'add', path: 'nickName', value: 'Babs' }], false)).toHaveProperty('nickName', 'Babs');
    expect(applyPatch({ phoneNumbers: { value: '555' } }, [{ op: 'replace', path: 'phoneNumbers', value: [{ value: '556' }] }]).phoneNumbers).toEqual([
      { value: '556' },
    ]);
  });
});

describe('remove with a value removes only that value', () => {
  it('removes a sub-attribute only when it holds the value given', () => {
    expect(apply([{ op: 'remove', path: 'name.givenName', value: 'Barbara' }]).name).toEqual({ familyName: 'Jensen' });
    expect(apply([{ op: 'remove', path: 'name.givenName', value: 'Babs' }]).name).toEqual({ familyName: 'Jensen', givenName: 'Barbara' });
    expect(apply([{ op: 'remove', path: 'name.givenName', value: ['Babs', 'Barbara'] }]).name).toEqual({ familyName: 'Jensen' });
  });

  it('removes a single-valued attribute only when it holds the value given (Azure style value lists too)', () => {
    expect(apply([{ op: 'remove', path: 'userName', value: 'someoneElse' }])).toHaveProperty('userName', 'bjensen');
    expect(apply([{ op: 'remove', path: 'userName', value: 'bjensen' }])).not.toHaveProperty('userName');
    const stale = apply([{ op: 'remove', path: `${ENT}:manager`, value: [{ value: 'm0' }] }]);
    expect(stale[ENT]).toHaveProperty('manager');
    expect(apply([{ op: 'remove', path: `${ENT}:manager`, value: [{ value: 'm1' }] }])[ENT]).not.toHaveProperty('manager');
  });

  it('removes matching values of a multi-valued attribute or sub-attribute, as before', () => {
    expect(apply([{ op: 'remove', path: 'emails', value: [{ value: 'babs@jensen.org' }] }]).emails).toHaveLength(1);
    const nested = { ...user(), name: { familyName: 'Jensen', nicknames: ['Babs', 'B'] } };
    expect(applyPatch(nested, [{ op: 'remove', path: 'name.nicknames', value: 'B' }]).name).toEqual({ familyName: 'Jensen', nicknames: ['Babs'] });
    const types = apply([{ op: 'remove', path: 'emails.type', value: 'home' }]).emails;
    expect(types).toEqual([{ value: 'bjensen@example.com', type: 'work', primary: true }, { value: 'babs@jensen.org' }]);
  });

  it('removes the whole attribute when no value is given', () => {
    expect(apply([{ op: 'remove', path: 'name.givenName' }]).name).toEqual({ familyName: 'Jensen' });
    expect(apply([{ op: 'remove', path: 'emails.type' }]).emails.every((email) => !('type' in email))).toBe(true);
  });
});

describe('a path filter RFC 7644 §3.4.2.2 refuses fails with invalidFilter', () => {
  it('refuses ordering a boolean in a value filter, from the schema or from the data', () => {
    expect(patchError(() => apply([{ op: 'remove', path: 'emails[primary gt "a"]' }])).scimType).toBe('invalidFilter');
    expect(patchError(() => apply([{ op: 'remove', path: 'emails[primary lt "a"]' }], false)).scimType).toBe('invalidFilter');
    expect(patchError(() => apply([{ op: 'replace', path: 'emails[type ge true].value', value: 'x' }])).scimType).toBe('invalidFilter');
  });
});
