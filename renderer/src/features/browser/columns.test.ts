import { describe, expect, it } from 'vitest';
import type { ResourceTypeDef, SchemaDef } from '../../../../shared/contract';
import { SCHEMA_ENTERPRISE_USER as ENTERPRISE_USER_SCHEMA, SCHEMA_USER as USER_SCHEMA } from '../../../../shared/scim';
import { cellText } from '../../scim';
import { attributeChoices, excludedFor, numberColumnWidth } from './columns';

const attr = (name: string, o: Partial<SchemaDef['attributes'][number]> = {}): SchemaDef['attributes'][number] => ({
  name,
  type: 'string',
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...o,
});

describe('browser columns', () => {
  it('leaves members out of a Groups page unless a column reads them', () => {
    expect(excludedFor('groups', ['displayName', 'id'])).toEqual(['members']);
    expect(excludedFor('groups', ['displayName', 'members#count'])).toBeUndefined();
    expect(excludedFor('groups', ['members.display'])).toBeUndefined();
    expect(excludedFor('users', ['userName'])).toBeUndefined();
  });

  it('shows multi-valued attributes compactly: primary first, else first, with +N', () => {
    const user = { emails: [{ value: 'a@x' }, { value: 'b@x', primary: true }, { value: 'c@x' }] };
    expect(cellText(user, 'emails')).toBe('b@x +2');
    expect(cellText({ emails: [{ value: 'a@x' }] }, 'emails')).toBe('a@x');
    expect(cellText(user, 'emails#count')).toBe('3');
    expect(cellText({}, 'members#count')).toBe('—');
    expect(cellText(user, 'emails.value')).toBe('b@x');
  });

  it('reads sub-attributes, extension attributes and odd key case without throwing', () => {
    const user = { Name: { familyName: 'Doe' }, [ENTERPRISE_USER_SCHEMA]: { department: 'Sales', manager: { value: 'm1' } }, active: 'True' };
    expect(cellText(user, 'name.familyName')).toBe('Doe');
    expect(cellText(user, `${ENTERPRISE_USER_SCHEMA}:department`)).toBe('Sales');
    expect(cellText(user, `${ENTERPRISE_USER_SCHEMA}:manager.value`)).toBe('m1');
    expect(cellText(user, 'active')).toBe('True');
    expect(cellText(user, 'missing.path')).toBe('');
  });

  it('lists core sub-attributes and extension attributes from the schemas', () => {
    const type: ResourceTypeDef = {
      name: 'User',
      endpoint: '/Users',
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
      source: 'discovery',
    };
    const schemas: SchemaDef[] = [
      {
        id: USER_SCHEMA,
        name: 'User',
        attributes: [
          attr('userName'),
          attr('password', { returned: 'never' }),
          attr('name', { type: 'complex', subAttributes: [attr('familyName')] }),
          attr('emails', { type: 'complex', multiValued: true }),
        ],
      },
      { id: ENTERPRISE_USER_SCHEMA, name: 'EnterpriseUser', attributes: [attr('department')] },
    ];
    const paths = attributeChoices(type, schemas).map((c) => c.path);
    expect(paths).toEqual(expect.arrayContaining(['userName', 'name.familyName', 'emails', 'emails#count', `${ENTERPRISE_USER_SCHEMA}:department`]));
    expect(paths).not.toContain('password');
  });

  it('sizes the # column from the largest row number, so "1,000" and "100,000" are not cut short', () => {
    expect(numberColumnWidth(0)).toBe('max(3.5rem, calc(1ch + 24px))');
    expect(numberColumnWidth(999)).toBe('max(3.5rem, calc(3ch + 24px))');
    expect(numberColumnWidth(2500)).toBe('max(3.5rem, calc(5ch + 24px))');
    expect(numberColumnWidth(100_000)).toBe('max(3.5rem, calc(7ch + 24px))');
    expect(numberColumnWidth(12_345_678)).toBe('max(3.5rem, calc(10ch + 24px))');
  });
});
