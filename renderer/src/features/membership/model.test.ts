import { describe, expect, it } from 'vitest';
import { refOf } from '../../scim';
import { listsMember, searchRefs } from './model';

describe('membership lists', () => {
  it('searches member lists held in memory by name or id, ignoring case', () => {
    const list = [{ value: 'x1', display: 'Ann Lee' }, { value: 'ANN-2' }, { value: 'z' }];
    expect(searchRefs(list, 'ann').map((r) => r.value)).toEqual(['x1', 'ANN-2']);
    expect(searchRefs(list, '  ')).toHaveLength(3);
  });

  it('names a member by displayName, else userName, with its id as text', () => {
    expect(refOf({ id: 7, DisplayName: 'Seven' })).toEqual({ value: '7', display: 'Seven' });
    expect(refOf({ id: 'u1', userName: 'ann@example.com' })).toEqual({ value: 'u1', display: 'ann@example.com' });
  });

  it('tells whether a group lists a member, and when it carries no members at all', () => {
    expect(listsMember({ members: [{ value: 'u1' }] }, 'u1')).toBe(true);
    expect(listsMember({ members: [{ value: 'u1' }] }, 'u2')).toBe(false);
    expect(listsMember({ id: 'g' }, 'u1')).toBeUndefined();
  });
});
