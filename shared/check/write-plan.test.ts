import { describe, expect, it } from 'vitest';
import { checkResourceName, isCheckResourceName, plannedNames, writeCheckPlan } from './write-plan';

describe('writeCheckPlan', () => {
  it('names everything a run may create under its run id, each name once, letters only after it', () => {
    const plan = writeCheckPlan('ab12cd34', ['rfc', 'entra', 'okta']);
    const names = plannedNames('ab12cd34', ['rfc', 'entra', 'okta']).map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^scimdesk-check-ab12cd34-[a-z]+$/);
      expect(isCheckResourceName(name)).toBe(true);
    }
    expect(plan.map((p) => [p.resourceType, p.name.slice('scimdesk-check-ab12cd34-'.length)])).toEqual([
      ['User', 'user'],
      ['User', 'member'],
      ['Group', 'group'],
      ['User', 'bulk'],
      ['Group', 'bulkgroup'],
      ['User', 'entra'],
      ['User', 'okta'],
    ]);
  });

  it('lists the name the group is renamed to, in its purpose and as a name a sweep looks for', () => {
    const group = writeCheckPlan('run1', ['rfc']).find((p) => p.resourceType === 'Group' && p.name === checkResourceName('run1', 'group'))!;
    expect(group.renamedTo).toBe('scimdesk-check-run1-renamed');
    expect(group.purpose).toContain('renamed to scimdesk-check-run1-renamed');
    expect(plannedNames('run1', ['rfc'])).toContainEqual({ resourceType: 'Group', name: 'scimdesk-check-run1-renamed' });
  });

  it('creates the Entra and Okta users only for those profiles', () => {
    const names = (profiles: Parameters<typeof writeCheckPlan>[1]) => writeCheckPlan('run1', profiles).map((p) => p.name);
    expect(names(['rfc'])).not.toContain('scimdesk-check-run1-entra');
    expect(names(['entra'])).toContain('scimdesk-check-run1-entra');
    expect(names(['entra'])).not.toContain('scimdesk-check-run1-okta');
    expect(names(['okta'])).toContain('scimdesk-check-run1-okta');
    expect(isCheckResourceName('someone-else')).toBe(false);
  });
});
