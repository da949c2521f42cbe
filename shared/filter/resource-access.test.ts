import { describe, expect, it } from 'vitest';
import { keyOf } from './resource-access';

describe('keyOf', () => {
  it("answers the object's own spelling of a name, the exact one first", () => {
    expect(keyOf({ UserName: 'a' }, 'userName')).toBe('UserName');
    expect(keyOf({ Emails: [], emails: [] }, 'emails')).toBe('emails');
  });

  it('answers the name itself when the object lacks it, so it can be written there', () => {
    expect(keyOf({ userNameX: 'a' }, 'userName')).toBe('userName');
  });
});
