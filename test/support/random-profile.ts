import fc from 'fast-check';

/**
 * The space of real SCIM server deviations the random server (random-server.ts) draws from: which
 * filters it applies, refuses (400 invalidFilter) or silently ignores, how it pages, sorts and
 * projects, what its schema says about group members, its ETags, error bodies, status codes and path
 * spelling. A profile is plain data (arrays, not sets) so fast-check prints it as the counterexample.
 */

export const FILTER_OPS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];
/** Logical operators, and `[]` for value paths such as `emails[type eq "work"]`. */
export const LOGICAL_OPS = ['and', 'or', 'not', '[]'] as const;
export type LogicalOp = (typeof LOGICAL_OPS)[number];
/** User attributes a server may or may not filter on (lowercase, as in `name.familyname`). */
export const USER_FILTER_ATTRIBUTES = [
  'username',
  'displayname',
  'name.formatted',
  'name.familyname',
  'name.givenname',
  'emails.value',
  'emails.type',
  'id',
  'externalid',
  'active',
  'title',
] as const;
export const GROUP_FILTER_ATTRIBUTES = ['displayname', 'id', 'externalid'] as const;
export const MEMBER_SUB_ATTRIBUTES = ['display', '$ref', 'type'] as const;
export type MemberSub = (typeof MEMBER_SUB_ATTRIBUTES)[number];
export type ErrorShape = 'scim' | 'problem' | 'empty' | 'text';

export interface RandomProfile {
  /** Seeds the names, ids and memberships of the data set. */
  dataSeed: number;
  users: number;
  groups: number;
  filter: {
    /** Comparison operators applied (`eq` always is). */
    ops: FilterOp[];
    userAttributes: 'all' | string[];
    groupAttributes: 'all' | string[];
    logical: LogicalOp[];
    /** `members.value` on Groups. */
    membersValue: boolean;
    /** `groups.value` on Users (only where users carry a maintained `groups`). */
    groupsValue: boolean;
    /** What happens to a filter with a term outside the above: 400 invalidFilter, or answered as if unfiltered. */
    otherwise: 'refuse' | 'ignore';
    /** Whether a refusal's detail names the term ("operator co is not supported") or says only "Invalid filter". */
    detail: 'names-term' | 'generic';
  };
  /** The most resources per page, whatever `count` asks; null: no cap. */
  pageCap: number | null;
  /** GET lists: `startIndex` honoured, or page 1 sent whatever it asks. */
  startIndex: 'honoured' | 'ignored';
  /** What an ignored startIndex echoes in the ListResponse: 1, or the index asked (while sending page 1). */
  startIndexEcho: 'one' | 'asked';
  /** POST {endpoint}/.search: absent (404), pages correctly, or ignores startIndex too. */
  search: 'absent' | 'pages' | 'ignores-start-index';
  sort: 'honoured' | 'ignored';
  /** ServiceProviderConfig sort.supported (true where sort is honoured). */
  sortClaimed: boolean;
  /** `attributes` / `excludedAttributes`. */
  projection: 'honoured' | 'ignored';
  /** Users carry a maintained `groups`; or the schema declares it but users never carry it; or neither. */
  userGroups: 'maintained' | 'declared-empty' | 'absent';
  /** Member sub-attributes the Group schema marks readOnly; a write carrying one is refused with 400 mutability. */
  memberReadOnly: MemberSub[];
  etag: boolean;
  errors: ErrorShape;
  createStatus: 200 | 201;
  deleteStatus: 200 | 204;
  /** A PATCH answers 200 with the resource, or 204 without a body. */
  patchStatus: 200 | 204;
  /** `/Users`, `/ServiceProviderConfig` (RFC) or `/users`, `/serviceproviderconfig` (every path lowercase). */
  pathCase: 'rfc' | 'lower';
  /** ServiceProviderConfig, ResourceTypes and Schemas served, or all three 404. */
  discovery: boolean;
}

const subset = <T>(values: readonly T[]) => fc.subarray([...values]);

/** Everything the server accepts, or a drawn subset (weighted towards subsets: that is where bugs are). */
const attributeSet = (all: readonly string[], always: readonly string[]): fc.Arbitrary<'all' | string[]> =>
  fc.oneof(
    { arbitrary: fc.constant<'all' | string[]>('all'), weight: 1 },
    { arbitrary: subset(all.filter((a) => !always.includes(a))).map((picked) => [...always, ...picked]), weight: 2 },
  );

export const profileArbitrary: fc.Arbitrary<RandomProfile> = fc
  .record({
    dataSeed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    users: fc.integer({ min: 12, max: 240 }),
    groups: fc.integer({ min: 3, max: 14 }),
    filter: fc.record({
      ops: fc.oneof(
        { arbitrary: fc.constant<FilterOp[]>([...FILTER_OPS]), weight: 1 },
        { arbitrary: subset(FILTER_OPS.filter((o) => o !== 'eq')).map((ops): FilterOp[] => ['eq', ...ops]), weight: 2 },
      ),
      userAttributes: attributeSet(USER_FILTER_ATTRIBUTES, ['username', 'id']),
      groupAttributes: attributeSet(GROUP_FILTER_ATTRIBUTES, ['displayname']),
      logical: fc.oneof({ arbitrary: fc.constant<LogicalOp[]>([...LOGICAL_OPS]), weight: 1 }, { arbitrary: subset<LogicalOp>(LOGICAL_OPS), weight: 2 }),
      membersValue: fc.boolean(),
      groupsValue: fc.boolean(),
      otherwise: fc.constantFrom('refuse' as const, 'ignore' as const),
      detail: fc.constantFrom('names-term' as const, 'generic' as const),
    }),
    pageCap: fc.option(fc.integer({ min: 5, max: 120 }), { nil: null }),
    startIndex: fc.constantFrom('honoured' as const, 'ignored' as const),
    startIndexEcho: fc.constantFrom('one' as const, 'asked' as const),
    search: fc.constantFrom('absent' as const, 'pages' as const, 'ignores-start-index' as const),
    sort: fc.constantFrom('honoured' as const, 'ignored' as const),
    sortClaimed: fc.boolean(),
    projection: fc.constantFrom('honoured' as const, 'ignored' as const),
    userGroups: fc.constantFrom('maintained' as const, 'declared-empty' as const, 'absent' as const),
    memberReadOnly: subset<MemberSub>(MEMBER_SUB_ATTRIBUTES),
    etag: fc.boolean(),
    errors: fc.constantFrom('scim' as const, 'problem' as const, 'empty' as const, 'text' as const),
    createStatus: fc.constantFrom(200 as const, 201 as const),
    deleteStatus: fc.constantFrom(200 as const, 204 as const),
    patchStatus: fc.constantFrom(200 as const, 204 as const),
    pathCase: fc.constantFrom('rfc' as const, 'lower' as const),
    discovery: fc.boolean(),
  })
  .map(consistent);

/**
 * A drawn profile made self-consistent: what cannot be declared without a schema is not enforced
 * (readOnly member sub-attributes need the server's Schemas), a `groups` the server does not keep
 * cannot be filtered, and a server that honours sortBy says so.
 */
export function consistent(profile: RandomProfile): RandomProfile {
  return {
    ...profile,
    memberReadOnly: profile.discovery ? profile.memberReadOnly : [],
    filter: { ...profile.filter, groupsValue: profile.filter.groupsValue && profile.userGroups === 'maintained' },
    sortClaimed: profile.sort === 'honoured' ? true : profile.sortClaimed,
  };
}

/** A server by the book (every deviation off), to start a hand-made profile from. */
export function rfcProfile(overrides: Partial<RandomProfile> = {}): RandomProfile {
  return consistent({
    dataSeed: 1,
    users: 30,
    groups: 4,
    filter: {
      ops: [...FILTER_OPS],
      userAttributes: 'all',
      groupAttributes: 'all',
      logical: [...LOGICAL_OPS],
      membersValue: true,
      groupsValue: true,
      otherwise: 'refuse',
      detail: 'names-term',
    },
    pageCap: null,
    startIndex: 'honoured',
    startIndexEcho: 'asked',
    search: 'pages',
    sort: 'honoured',
    sortClaimed: true,
    projection: 'honoured',
    userGroups: 'maintained',
    memberReadOnly: [],
    etag: true,
    errors: 'scim',
    createStatus: 201,
    deleteStatus: 204,
    patchStatus: 200,
    pathCase: 'rfc',
    discovery: true,
    ...overrides,
  });
}

/** Whether a filter term (`username co`, `and`, `[]`) is one the profile's server applies on an endpoint. */
export function acceptsTerm(profile: RandomProfile, kind: 'User' | 'Group', term: string): boolean {
  const [attribute, op] = term.split(' ') as [string, string | undefined];
  if (op === undefined) return profile.filter.logical.includes(attribute as LogicalOp);
  if (!profile.filter.ops.includes(op as FilterOp)) return false;
  // Ordering a boolean is an invalid filter whatever the server supports.
  if (attribute === 'active' && ['gt', 'ge', 'lt', 'le'].includes(op)) return false;
  if (kind === 'Group' && attribute === 'members.value') return profile.filter.membersValue;
  if (kind === 'User' && attribute === 'groups.value') return profile.filter.groupsValue;
  const allowed = kind === 'User' ? profile.filter.userAttributes : profile.filter.groupAttributes;
  return allowed === 'all' || allowed.includes(attribute);
}

/** The profile in one line per aspect, for failure messages (replay with the seed fast-check prints). */
export function describeProfile(profile: RandomProfile): string {
  return JSON.stringify(profile, null, 1).replace(/\n\s*/g, ' ');
}
