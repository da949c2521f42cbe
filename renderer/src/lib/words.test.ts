import { describe, expect, it } from 'vitest';
import { singular } from './words';

describe('singular', () => {
  it('gives the singular of SCIM multi-valued attribute names', () => {
    const cases: Record<string, string> = {
      addresses: 'address',
      emails: 'email',
      phoneNumbers: 'phoneNumber',
      ims: 'im',
      photos: 'photo',
      entitlements: 'entitlement',
      roles: 'role',
      x509Certificates: 'x509Certificate',
      members: 'member',
      groups: 'group',
      entries: 'entry',
      boxes: 'box',
      statuses: 'status',
      schemas: 'schema',
    };
    for (const [plural, one] of Object.entries(cases)) expect(singular(plural), plural).toBe(one);
  });

  it('leaves singular names alone', () => {
    for (const name of ['address', 'status', 'manager', 'userName', 'basis', 'ADDRESS']) expect(singular(name)).toBe(name);
  });
});
