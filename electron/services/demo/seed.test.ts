import { describe, expect, it } from 'vitest';
import { SCHEMA_ENTERPRISE_USER } from '../../../shared/scim';
import { defaultGroupCount, generateDataset } from './seed';
import type { Rec } from './types';

const urlFor = (kind: string, id: string) => `http://127.0.0.1:1/rfc/scim/v2/${kind}s/${id}`;

describe('demo data generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = generateDataset({ users: 500, seed: 1, urlFor });
    const b = generateDataset({ users: 500, seed: 1, urlFor });
    const c = generateDataset({ users: 500, seed: 2, urlFor });
    expect(JSON.stringify(a.users)).toBe(JSON.stringify(b.users));
    expect(JSON.stringify(a.groups)).toBe(JSON.stringify(b.groups));
    expect(JSON.stringify(a.users.slice(0, 5))).not.toBe(JSON.stringify(c.users.slice(0, 5)));
    expect(a.nextId('User')).toBe(b.nextId('User'));
  });

  it('keeps the same people across id styles', () => {
    const uuid = generateDataset({ users: 200, seed: 9, urlFor });
    const ints = generateDataset({ users: 200, seed: 9, idStyle: 'integer', urlFor });
    expect(ints.users.map((u) => u.userName)).toEqual(uuid.users.map((u) => u.userName));
    expect(ints.users.slice(0, 3).map((u) => u.id)).toEqual(['1', '2', '3']);
    expect(uuid.users[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ints.groups[0].id).toBe('1');
  });

  it('produces unique userNames, ~8% inactive users and a manager hierarchy', () => {
    const { users } = generateDataset({ users: 5000, seed: 3, urlFor });
    expect(new Set(users.map((u) => (u.userName as string).toLowerCase())).size).toBe(5000);
    const inactive = users.filter((u) => u.active === false).length / users.length;
    expect(inactive).toBeGreaterThan(0.06);
    expect(inactive).toBeLessThan(0.1);
    const ids = new Set(users.map((u) => u.id));
    const managed = users.filter((u) => (u[SCHEMA_ENTERPRISE_USER] as Rec).manager);
    expect(managed.length).toBeGreaterThan(4900);
    for (const u of managed) expect(ids.has(((u[SCHEMA_ENTERPRISE_USER] as Rec).manager as Rec).value)).toBe(true);
    const types = new Set(users.map((u) => u.userType));
    expect(types).toEqual(new Set(['Employee', 'Contractor', 'Intern']));
    expect(users.some((u) => (u.emails as Rec[]).length === 2)).toBe(true);
  });

  it('generates 120 realistic groups by default and scales them with users', () => {
    const { users, groups } = generateDataset({ users: 2500, seed: 4, urlFor });
    expect(groups).toHaveLength(120);
    expect(defaultGroupCount(100_000)).toBeGreaterThan(500);
    expect(defaultGroupCount(100)).toBeGreaterThanOrEqual(20);
    const names = groups.map((g) => g.displayName as string);
    expect(new Set(names).size).toBe(120);
    expect(names).toEqual(expect.arrayContaining(['All Employees', 'Engineering', 'Sales', 'Office - London', 'People Managers', 'GitHub Users']));
    const all = groups.find((g) => g.displayName === 'All Employees')!;
    expect((all.members as Rec[]).length).toBe(users.length);
    const eng = groups.find((g) => g.displayName === 'Engineering')!;
    for (const m of (eng.members as Rec[]).slice(0, 50)) {
      const u = users.find((x) => x.id === m.value)!;
      expect((u[SCHEMA_ENTERPRISE_USER] as Rec).department).toBe('Engineering');
    }
    for (const g of groups) {
      const values = (g.members as Rec[]).map((m) => m.value);
      expect(new Set(values).size).toBe(values.length);
    }
  });

  it('has several groups of 5,000+ members at scale', () => {
    const { groups } = generateDataset({ users: 30_000, seed: 5, urlFor });
    const big = groups.filter((g) => (g.members as Rec[]).length >= 5000).map((g) => g.displayName);
    expect(big).toEqual(expect.arrayContaining(['All Employees', 'Engineering']));
    expect(big.length).toBeGreaterThanOrEqual(3);
  });

  // About 1 s on an idle machine; the bound leaves room for the rest of the suite sharing 2 cores.
  it('generates 100,000 users in under 6 seconds', () => {
    const started = performance.now();
    const { users, groups } = generateDataset({ users: 100_000, seed: 6, urlFor });
    const elapsed = performance.now() - started;
    console.log(`[demo-scim] generated ${users.length} users and ${groups.length} groups in ${elapsed.toFixed(0)} ms`);
    expect(users).toHaveLength(100_000);
    expect(elapsed).toBeLessThan(6000);
  });
});
