/**
 * The deterministic demo data generator: realistic users (with the enterprise extension and a
 * manager hierarchy) and groups (departments, offices, teams, apps, projects, roles) whose
 * membership follows the users' attributes. Same seed and size → same data.
 */
import { SCHEMA_ENTERPRISE_USER, SCHEMA_GROUP, SCHEMA_USER } from '../../../shared/scim';
import { APPS, DEPARTMENTS, FIRST_NAMES, LAST_NAMES, OFFICES, PROJECT_CODENAMES, ROLE_GROUPS, USER_TYPES, USER_TYPE_WEIGHTS } from './names';
import { Prng, cumulativeWeights } from './prng';
import type { Rec, ResourceKind } from './types';

export interface DatasetOptions {
  users: number;
  seed: number;
  /** Overrides the scaled default group count. */
  groups?: number;
  /** Produces ids: UUIDs by default, or `1`, `2`, … for servers with integer ids. */
  idStyle?: 'uuid' | 'integer';
  /** The resource URL used for meta.location and `$ref`s. */
  urlFor: (kind: ResourceKind, id: string) => string;
}

export interface Dataset {
  users: Rec[];
  groups: Rec[];
  /** userId → ids of the groups listing the user (the store's reverse membership index). */
  userGroups: Map<string, string[]>;
  /** The id generator, positioned after the generated ids; the store continues with it. */
  nextId: (kind: ResourceKind) => string;
}

export const DEFAULT_USERS = 2500;
export const MAX_USERS = 100_000;
const ORGANIZATION = 'Example Corp';
const DATASET_START = Date.UTC(2018, 0, 1);
const DATASET_END = Date.UTC(2025, 5, 1);

/** 120 groups for the default 2,500 users, scaling with the square root beyond that (≈760 at 100k). */
export function defaultGroupCount(users: number): number {
  if (users >= DEFAULT_USERS) return Math.round(120 * Math.sqrt(users / DEFAULT_USERS));
  return Math.max(20, Math.round((120 * users) / DEFAULT_USERS));
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '');
const FIRST_FOLDED = FIRST_NAMES.map(fold);
const LAST_FOLDED = LAST_NAMES.map(fold);
const DEPT_WEIGHTS = cumulativeWeights(DEPARTMENTS.map((d) => d.weight));
const OFFICE_WEIGHTS = cumulativeWeights(OFFICES.map((o) => o.weight));
const TYPE_WEIGHTS = cumulativeWeights(USER_TYPE_WEIGHTS);
const DEPT_INDEXES = DEPARTMENTS.map((_, i) => i);
const OFFICE_INDEXES = OFFICES.map((_, i) => i);
const TYPE_INDEXES = USER_TYPES.map((_, i) => i);

const iso = (ms: number) => new Date(ms).toISOString();
/** '0000'…'9999', precomputed: phone extensions are formatted 100k+ times. */
const FOUR_DIGITS = Array.from({ length: 10000 }, (_, n) => String(n).padStart(4, '0'));
/** Shared (frozen) `schemas` arrays: writes always build fresh ones. */
const USER_SCHEMAS = Object.freeze([SCHEMA_USER, SCHEMA_ENTERPRISE_USER]);
const GROUP_SCHEMAS = Object.freeze([SCHEMA_GROUP]);

/** Per-user facts the group rules read, kept in typed arrays (no per-user objects). */
interface People {
  type: Uint8Array;
  manager: Int32Array; // index, or -1
  isManager: Uint8Array;
  isHead: Uint8Array;
  active: Uint8Array;
  createdMs: Float64Array;
}

/** A group's membership: explicit user indexes, a predicate over the people, or a random sample. */
type GroupRule =
  | { name: string; list: () => readonly number[] }
  | { name: string; members: (p: People, i: number) => boolean }
  | { name: string; fraction: number; min: number };

export function generateDataset(options: DatasetOptions): Dataset {
  const count = Math.max(0, Math.min(MAX_USERS, Math.floor(options.users)));
  const rnd = new Prng(options.seed);
  const idRnd = new Prng(options.seed ^ 0x5eed1d);
  const integerIds = options.idStyle === 'integer';
  let nextUser = 1;
  let nextGroup = 1;
  const nextId = (kind: ResourceKind) => (integerIds ? String(kind === 'User' ? nextUser++ : nextGroup++) : idRnd.uuid());

  const people: People = {
    type: new Uint8Array(count),
    manager: new Int32Array(count).fill(-1),
    isManager: new Uint8Array(count),
    isHead: new Uint8Array(count),
    active: new Uint8Array(count),
    createdMs: new Float64Array(count),
  };
  const users: Rec[] = new Array(count);
  const userRefs: string[] = new Array(count);
  const displayNames: string[] = new Array(count);
  const taken = new Map<string, number>();
  const byDept: number[][] = DEPARTMENTS.map(() => []);
  const byOffice: number[][] = OFFICES.map(() => []);
  const byTeam: number[][][] = DEPARTMENTS.map((d) => d.teams.map(() => []));

  for (let i = 0; i < count; i++) {
    const fi = rnd.int(FIRST_NAMES.length);
    const li = rnd.int(LAST_NAMES.length);
    const dept = rnd.weighted(DEPT_INDEXES, DEPT_WEIGHTS);
    const office = rnd.weighted(OFFICE_INDEXES, OFFICE_WEIGHTS);
    const type = rnd.weighted(TYPE_INDEXES, TYPE_WEIGHTS);
    const active = !rnd.chance(0.08);
    const createdMs = DATASET_START + rnd.int(DATASET_END - DATASET_START);
    const modifiedMs = createdMs + rnd.int(DATASET_END - createdMs + 1);
    const d = DEPARTMENTS[dept];
    const o = OFFICES[office];
    const team = rnd.int(d.teams.length);
    people.type[i] = type;
    people.active[i] = active ? 1 : 0;
    people.createdMs[i] = createdMs;
    byDept[dept].push(i);
    byOffice[office].push(i);
    byTeam[dept][team].push(i);

    const given = FIRST_NAMES[fi];
    const family = LAST_NAMES[li];
    const base = `${FIRST_FOLDED[fi]}.${LAST_FOLDED[li]}`;
    const seen = taken.get(base) ?? 0;
    taken.set(base, seen + 1);
    const userName = `${seen ? base + (seen + 1) : base}@example.com`;
    const display = `${given} ${family}`;
    const id = nextId('User');
    const ref = options.urlFor('User', id);
    userRefs[i] = ref;
    displayNames[i] = display;

    const extension = rnd.u32();
    const emails: Rec[] = [{ value: userName, type: 'work', primary: true }];
    if (rnd.chance(0.3))
      emails.push({ value: `${FIRST_FOLDED[fi]}${LAST_FOLDED[li].slice(0, 1)}${extension % 1000}@mail.example.net`, type: 'home', primary: false });
    const phoneNumbers: Rec[] = [{ value: `${o.phone} ${FOUR_DIGITS[extension % 10000]}`, type: 'work', primary: true }];
    if (rnd.chance(0.4)) phoneNumbers.push({ value: `${o.phone} ${FOUR_DIGITS[(extension >>> 14) % 10000]}`, type: 'mobile', primary: false });
    const userType = USER_TYPES[type];

    users[i] = {
      schemas: USER_SCHEMAS,
      id,
      externalId: `00u${rnd.u32().toString(36)}${extension.toString(36)}`,
      userName,
      name: { formatted: display, familyName: family, givenName: given },
      displayName: display,
      title: userType === 'Intern' ? `${d.titles[0]} Intern` : rnd.pick(d.titles),
      userType,
      preferredLanguage: o.locale,
      locale: o.locale,
      timezone: o.timezone,
      active,
      emails,
      phoneNumbers,
      [SCHEMA_ENTERPRISE_USER]: {
        employeeNumber: String(100000 + i),
        costCenter: d.costCenter,
        organization: ORGANIZATION,
        division: d.division,
        department: d.name,
      } as Rec,
      meta: { resourceType: 'User', created: iso(createdMs), lastModified: iso(modifiedMs), location: ref, version: 'W/"1"' },
    };
  }

  // Hierarchy: user 0 is the CEO; each department has a head and ~1 manager per 8 people.
  if (count > 0) {
    users[0].title = 'Chief Executive Officer';
    people.isHead[0] = people.isManager[0] = 1;
  }
  for (let d = 0; d < byDept.length; d++) {
    const members = byDept[d].filter((i) => i !== 0);
    if (!members.length) continue;
    const head = members[0];
    people.isHead[head] = people.isManager[head] = 1;
    people.manager[head] = 0;
    users[head].title = `VP of ${DEPARTMENTS[d].name}`;
    const managers = [head];
    const wanted = Math.max(1, Math.floor(members.length / 8));
    for (let k = 1; k < members.length && managers.length <= wanted; k += 8) {
      const m = members[k];
      people.isManager[m] = 1;
      people.manager[m] = head;
      users[m].title = `${DEPARTMENTS[d].name} Manager`;
      managers.push(m);
    }
    for (const m of members) {
      if (people.manager[m] === -1 && m !== head) people.manager[m] = managers[1 + rnd.int(Math.max(1, managers.length - 1))] ?? head;
    }
  }
  for (let i = 0; i < count; i++) {
    const m = people.manager[i];
    if (m >= 0) (users[i][SCHEMA_ENTERPRISE_USER] as Rec).manager = { value: users[m].id, $ref: userRefs[m], displayName: displayNames[m] };
  }

  // One frozen member entry per user, shared by every group listing the user (writes replace, never mutate).
  const entries: Rec[] = new Array(count);
  for (let i = 0; i < count; i++) entries[i] = Object.freeze({ value: users[i].id, display: displayNames[i], type: 'User', $ref: userRefs[i] });

  const memberOf: string[][] = Array.from({ length: count }, () => []);
  const groupCount = options.groups ?? defaultGroupCount(count);
  const everyone = Array.from({ length: count }, (_, i) => i);
  const rules = groupRules(groupCount, rnd, { everyone, byDept, byOffice, byTeam });
  const groups: Rec[] = [];
  for (const rule of rules) {
    const id = nextId('Group');
    const createdMs = DATASET_START + rnd.int((DATASET_END - DATASET_START) >> 1);
    const modifiedMs = createdMs + rnd.int(DATASET_END - createdMs + 1);
    const members: Rec[] = [];
    const add = (i: number) => {
      members.push(entries[i]);
      memberOf[i].push(id);
    };
    if ('list' in rule) {
      for (const i of rule.list()) add(i);
    } else if ('members' in rule) {
      for (let i = 0; i < count; i++) if (rule.members(people, i)) add(i);
    } else if (count > 0) {
      // A random sample without replacement, by a seeded stride walk over the users.
      const size = Math.min(count, Math.max(rule.min, Math.round(count * rule.fraction)));
      let at = rnd.int(count);
      const stride = pickStride(count, rnd);
      for (let k = 0; k < size; k++, at = (at + stride) % count) add(at);
    }
    groups.push({
      schemas: GROUP_SCHEMAS,
      id,
      displayName: rule.name,
      members,
      meta: { resourceType: 'Group', created: iso(createdMs), lastModified: iso(modifiedMs), location: options.urlFor('Group', id), version: 'W/"1"' },
    });
  }
  const userGroups = new Map<string, string[]>();
  for (let i = 0; i < count; i++) if (memberOf[i].length) userGroups.set(users[i].id as string, memberOf[i]);
  return { users, groups, userGroups, nextId };
}

/** A stride coprime with n, so a walk visits distinct users. */
function pickStride(n: number, rnd: Prng): number {
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  let s = 1 + rnd.int(Math.max(1, n - 1));
  while (gcd(s, n) !== 1) s = (s % n) + 1;
  return s;
}

interface Buckets {
  everyone: readonly number[];
  byDept: readonly number[][];
  byOffice: readonly number[][];
  byTeam: readonly number[][][];
}

function groupRules(total: number, rnd: Prng, b: Buckets): GroupRule[] {
  const fixed: GroupRule[] = [{ name: 'All Employees', list: () => b.everyone }];
  DEPARTMENTS.forEach((d, di) => fixed.push({ name: d.name, list: () => b.byDept[di] }));
  OFFICES.forEach((o, oi) => fixed.push({ name: `Office - ${o.city}`, list: () => b.byOffice[oi] }));

  const roles: GroupRule[] = ROLE_GROUPS.map((name) => {
    switch (name) {
      case 'People Managers':
        return { name, members: (p: People, i: number) => p.isManager[i] === 1 };
      case 'Directors':
        return { name, members: (p: People, i: number) => p.isHead[i] === 1 };
      case 'Contractors':
        return { name, members: (p: People, i: number) => USER_TYPES[p.type[i]] === 'Contractor' };
      case 'Interns':
        return { name, members: (p: People, i: number) => USER_TYPES[p.type[i]] === 'Intern' };
      case 'Inactive Accounts':
        return { name, members: (p: People, i: number) => p.active[i] === 0 };
      case 'New Hires':
        return { name, members: (p: People, i: number) => p.createdMs[i] > DATASET_END - 120 * 86_400_000 };
      case 'Break-Glass Admins':
      case 'Domain Admins':
        return { name, fraction: 0.001, min: 2 };
      default:
        return { name, fraction: 0.005 + rnd.next() * 0.05, min: 3 };
    }
  });
  const appUsers: GroupRule[] = APPS.map((app) => ({ name: `${app} Users`, fraction: 0.02 + rnd.next() * 0.1, min: 5 }));
  const appAdmins: GroupRule[] = APPS.map((app) => ({ name: `${app} Admins`, fraction: 0.002, min: 2 }));
  const teams: GroupRule[] = [];
  DEPARTMENTS.forEach((d, di) => d.teams.forEach((t, ti) => teams.push({ name: `${d.name} - ${t}`, list: () => b.byTeam[di][ti] })));
  const projects: GroupRule[] = [];
  for (let phase = 1; projects.length < Math.max(0, total); phase++) {
    for (const code of PROJECT_CODENAMES) {
      projects.push({
        name: phase === 1 ? `Project ${code}` : `Project ${code} ${phase === 2 ? 'II' : `Phase ${phase}`}`,
        fraction: 0.0005 + rnd.next() * 0.006,
        min: 4,
      });
    }
  }

  const out = fixed.slice(0, total);
  const pools = [roles, appUsers, teams, projects, appAdmins];
  const cursor = pools.map(() => 0);
  while (out.length < total) {
    let added = false;
    for (let p = 0; p < pools.length && out.length < total; p++) {
      if (cursor[p] < pools[p].length) {
        out.push(pools[p][cursor[p]++]);
        added = true;
      }
    }
    if (!added) break;
  }
  return out;
}
