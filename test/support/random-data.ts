import { createAttributeLookup, GROUP_SCHEMA, SCHEMA_GROUP, SCHEMA_USER, USER_SCHEMA, type ScimSchema } from '../../shared/scim';
import type { AttributeLookup } from '../../shared/filter';
import type { RandomProfile } from './random-profile';

/**
 * The random server's data and schemas: users and groups drawn from the profile's data seed, kept as
 * the server would store them (members as ids; `display`, `$ref`, `type` and a user's `groups` are
 * computed on every read), and the Schemas it publishes, consistent with the profile.
 */

const FIRST = [
  'Ada',
  'Alan',
  'Grace',
  'Linus',
  'Margaret',
  'Ken',
  'Barbara',
  'Edsger',
  'Frances',
  'Donald',
  'Radia',
  'Tim',
  'Sophie',
  'Niklaus',
  'Hedy',
  'John',
  'Joan',
  'Dennis',
  'Katherine',
  'Guido',
  'Anita',
  'Bjarne',
  'Shafi',
  'Leslie',
  'Zoë',
  'Seán',
];
const LAST = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Torvalds',
  'Hamilton',
  'Thompson',
  'Liskov',
  'Dijkstra',
  'Allen',
  'Knuth',
  'Perlman',
  'Berners-Lee',
  'Wilson',
  'Wirth',
  'Lamarr',
  'McCarthy',
  'Clarke',
  'Ritchie',
  'Johnson',
  'van Rossum',
  'Borg',
  'Stroustrup',
  'Goldwasser',
  'Lamport',
  "O'Neil",
  'Abbott',
];
const TEAMS = [
  'Engineering',
  'Sales',
  'Support',
  'Finance',
  'Security',
  'Design',
  'Legal',
  'Marketing',
  'Operations',
  'Research',
  'People',
  'Platform',
  'Data',
  'Admins',
];

export type Kind = 'User' | 'Group';
export type Rec = Record<string, unknown>;

export interface StoredUser {
  id: string;
  version: number;
  /** Everything but id, meta and groups (which the server computes). */
  body: Rec;
}
export interface StoredGroup {
  id: string;
  version: number;
  displayName: string;
  /** Member ids, in the order added. */
  members: string[];
  extra: Rec;
}

/** mulberry32: a small deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class RandomStore {
  readonly users = new Map<string, StoredUser>();
  readonly groups = new Map<string, StoredGroup>();
  private readonly random: () => number;
  private serial = 0;

  constructor(readonly profile: RandomProfile) {
    this.random = prng(profile.dataSeed);
    const pick = <T>(values: readonly T[]) => values[Math.floor(this.random() * values.length)]!;
    for (let n = 1; n <= profile.users; n++) {
      const first = pick(FIRST);
      const last = pick(LAST);
      const slug = `${first}.${last}`
        .normalize('NFD')
        .replace(/[^A-Za-z.]/g, '')
        .toLowerCase();
      this.addUser({
        userName: `${slug}${n}@example.test`,
        name: { givenName: first, familyName: last, formatted: `${first} ${last}` },
        displayName: `${first} ${last}`,
        emails: [{ value: `${slug}${n}@example.test`, type: 'work', primary: true }],
        active: this.random() > 0.1,
        ...(this.random() > 0.5 ? { title: pick(['Engineer', 'Manager', 'Analyst', 'Director']) } : {}),
        ...(this.random() > 0.5 ? { externalId: `ext-${n}` } : {}),
      });
    }
    const userIds = [...this.users.keys()];
    for (let n = 0; n < profile.groups; n++) {
      const name = n < TEAMS.length ? TEAMS[n]! : `${pick(TEAMS)} ${n}`;
      const members = userIds.filter(() => this.random() < 0.25);
      this.addGroup(name, members, {});
    }
  }

  newId(): string {
    let id: string;
    do
      id =
        Math.floor(this.random() * 0xffffffff)
          .toString(16)
          .padStart(8, '0') + (this.serial++).toString(36);
    while (this.users.has(id) || this.groups.has(id));
    return id;
  }

  addUser(body: Rec): StoredUser {
    const user = { id: this.newId(), version: 1, body };
    this.users.set(user.id, user);
    return user;
  }

  addGroup(displayName: string, members: string[], extra: Rec): StoredGroup {
    const group = { id: this.newId(), version: 1, displayName, members, extra };
    this.groups.set(group.id, group);
    return group;
  }

  /** The groups listing a user, in store order. */
  groupsOf(userId: string): StoredGroup[] {
    return [...this.groups.values()].filter((g) => g.members.includes(userId));
  }
}

/** The schemas the server publishes (and evaluates filters with): readOnly member sub-attributes, `groups` or not. */
export function serverSchemas(profile: RandomProfile): { user: ScimSchema; group: ScimSchema } {
  const user = structuredClone(USER_SCHEMA);
  if (profile.userGroups === 'absent') user.attributes = user.attributes.filter((a) => a.name !== 'groups');
  const group = structuredClone(GROUP_SCHEMA);
  const members = group.attributes.find((a) => a.name === 'members')!;
  for (const sub of members.subAttributes ?? []) if ((profile.memberReadOnly as string[]).includes(sub.name)) sub.mutability = 'readOnly';
  return { user, group };
}

/** Lookups for evaluating filters the way a correct server would (types, caseExact), over the full RFC schemas. */
export function lookups(): Record<Kind, AttributeLookup> {
  return { User: createAttributeLookup([USER_SCHEMA], SCHEMA_USER), Group: createAttributeLookup([GROUP_SCHEMA], SCHEMA_GROUP) };
}
