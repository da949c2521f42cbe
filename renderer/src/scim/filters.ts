/**
 * Every filter the app builds, as a filter AST printed by the shared printer (RFC 7644 §3.4.2.2): the
 * quoting and escaping are the printer's, never string concatenation. A filter the user types is
 * sent as typed; these are the ones the app writes itself.
 */
import { printFilter, type AttrPath, type CompareOp, type FilterNode } from '../../../shared/filter';
import type { ResourceKind } from './kinds';

const attr = (dotted: string): AttrPath => {
  const [name, sub] = dotted.split('.') as [string, string | undefined];
  return sub ? { name, sub } : { name };
};
const compare = (path: string, op: CompareOp, value: string): FilterNode => ({ kind: 'compare', path: attr(path), op, value });
const anyOf = (nodes: readonly FilterNode[]): FilterNode => nodes.reduce((left, right) => ({ kind: 'or', left, right }));
const allOf = (nodes: readonly FilterNode[]): FilterNode => nodes.reduce((left, right) => ({ kind: 'and', left, right }));

/** What the quick search matches, per kind: one definition for the browsers, the member picker and the Members tab. */
const QUICK_SEARCH: Record<ResourceKind, ReadonlyArray<{ path: string; op: CompareOp }>> = {
  users: [
    { path: 'userName', op: 'sw' },
    { path: 'displayName', op: 'co' },
    { path: 'emails.value', op: 'co' },
  ],
  groups: [{ path: 'displayName', op: 'co' }],
  other: [{ path: 'displayName', op: 'co' }],
};

const quickSearchNode = (kind: ResourceKind, text: string): FilterNode => anyOf(QUICK_SEARCH[kind].map(({ path, op }) => compare(path, op, text)));

/** The quick search's filter for a kind of resource: `userName sw "a" or displayName co "a" or emails.value co "a"` for users. */
export const quickSearchFilter = (kind: ResourceKind, text: string): string => printFilter(quickSearchNode(kind, text));

/** What the quick search matches, in words (the hint under a search box). */
export function quickSearchHint(kind: ResourceKind): string {
  return kind === 'users' ? 'Matches userName (starts with), displayName or email (contains).' : 'Matches displayName (contains).';
}

const inGroup = (groupId: string | number): FilterNode => compare('groups.value', 'eq', String(groupId));

/** Users whose `groups` include the group (`groups.value eq "<id>"`), optionally narrowed by the users quick search. */
export function membersAsUsersFilter(groupId: string | number, text = ''): string {
  const query = text.trim();
  return printFilter(query ? allOf([inGroup(groupId), quickSearchNode('users', query)]) : inGroup(groupId));
}

/** Groups that list the resource as a member (`members.value eq "<id>"`), for servers whose users do not carry `groups`. */
export const groupsWithMemberFilter = (memberId: string): string => printFilter(compare('members.value', 'eq', memberId));

/** The PATCH path of one member, for removing it: shared with the main side's membership job. */
export { memberValuePath } from '../../../shared/scim';
