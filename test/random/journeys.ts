/**
 * The core journeys of SCIM Desk, run against a random server through the engine (dispatch) and the
 * renderer's own query layer, each checked against the server's store. A journey returns when it
 * succeeded, or ended where the app states a bound (a picker over only the users a server can list),
 * and throws a JourneyFailure when the app did the wrong thing. Only the raw filter, sent exactly as
 * typed, may end with an error, and that error must name what the server refused.
 */
import { QueryClient } from '@tanstack/react-query';
import type { Bridge, Capabilities, ConnectionView, ListPage, ResourceTypeDef, ScimResource } from '../../shared/contract';
import { compileFilter, FilterEvaluationError, parseFilter, printFilter, type FilterNode } from '../../shared/filter';
import { isBridgeError } from '../../renderer/src/bridge/BridgeError';
import { exportViaJob } from '../support/export-job';
import type { AppCore } from '../../electron/services/core';
import { canPageMembersAsUsers, DEFAULT_CHUNK_SIZE, type MemberRef } from '../../renderer/src/features/membership/model';
import { memberUsersPageQuery, userGroupsQuery } from '../../renderer/src/features/membership/queries';
import { planRequests } from '../../shared/scim';
import { jobProblems, sendMembershipJob } from './membership-job';
import {
  browsePageQuery,
  foundText,
  isRefusedFilter,
  memberReadOnlySubAttributes,
  PAGE_SIZE,
  pickerQuery,
  quickSearchFilter,
  refOf,
  usersHaveGroups,
  withoutMeta,
  writeMethod,
  type BrowseView,
} from '../../renderer/src/scim';
import { lookups, type Kind } from '../support/random-data';
import { termsOf } from '../support/random-query';
import type { RandomServer } from '../support/random-server';

export class JourneyFailure extends Error {}

export interface Picks {
  /** Indexes into the server's users and groups (taken modulo their counts). */
  user: number;
  other: number;
  group: number;
  /** Where in a name the searched fragment starts, and its length. */
  cut: number;
  length: number;
  upper: boolean;
  /** The connection's "Send edits as": PATCH, or PUT of the whole resource. */
  updateMethod: 'patch' | 'put';
  raw: { attribute: string; op: string; from: number; join?: { attribute: string; op: string; from: number; logical: 'and' | 'or' } };
}

export interface Run {
  server: RandomServer;
  connectionId: string;
  connection: ConnectionView;
  bridge: Bridge;
  /** The main side itself, for what a job leaves on disk. */
  core: AppCore;
  /** Every list page the bridge returned. */
  pages: ListPage[];
  caps: Capabilities;
  users: ResourceTypeDef;
  groups: ResourceTypeDef;
  client: QueryClient;
  picks: Picks;
  /** Journeys that ended with a refusal named in the message, and why. */
  refused: string[];
}

const fail = (message: string): never => {
  throw new JourneyFailure(message);
};

const endpointOf = (run: Run, kind: Kind) => (kind === 'User' ? run.users.endpoint : run.groups.endpoint);
const ids = (resources: readonly ScimResource[]) => resources.map((r) => String(r.id));
const storeIds = (run: Run, kind: Kind) => [...(kind === 'User' ? run.server.store.users.keys() : run.server.store.groups.keys())];
const wireAll = (run: Run, kind: Kind) => storeIds(run, kind).map((id) => run.server.wire(kind, id)!);
/** What a correct server answers to `filter`: the truth every search is judged against. */
const truth = (run: Run, kind: Kind, filter: string) => new Set(ids(wireAll(run, kind).filter(compileFilter(parseFilter(filter), lookups()[kind]))));
const sameSet = (a: Iterable<string>, b: Iterable<string>) => {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
};
const show = (values: Iterable<string>) => `[${[...values].slice(0, 8).join(', ')}${[...values].length > 8 ? ', …' : ''}]`;

/** A fragment of a name, as someone types it: part of one word, maybe in capitals. */
export function fragment(text: string, picks: Picks): string {
  const words = text.split(/\s+/).filter((w) => w.length >= 2);
  const word = words[picks.cut % words.length] ?? text;
  const length = Math.min(word.length, picks.length);
  const start = picks.cut % (word.length - length + 1);
  const part = word.slice(start, start + length);
  return picks.upper ? part.toUpperCase() : part;
}

function pick<T>(values: readonly T[], index: number): T {
  if (values.length === 0) fail('nothing to pick from');
  return values[index % values.length]!;
}

/**
 * Every row of a view, page by page as the browser fetches them while scrolling (browsePageQuery),
 * until the total, or the gap the engine states. Fails when a page the browser would wait on comes
 * back short (placeholders forever).
 */
async function browse(run: Run, view: BrowseView): Promise<{ ids: string[]; gap?: ListPage['gap']; scan?: ListPage['scan']; pages: ListPage[] }> {
  const pages: ListPage[] = [];
  const rows: string[] = [];
  let gap: ListPage['gap'];
  let scan: ListPage['scan'];
  for (let index = 0; index < 200; index++) {
    const page = await run.client.fetchQuery(browsePageQuery(run.bridge, view, index));
    pages.push(page);
    gap ??= page.gap;
    scan ??= page.scan;
    const total = pages[0]!.totalResults;
    const rowCount = Math.min(total ?? Number.MAX_SAFE_INTEGER, gap?.reachable ?? Number.MAX_SAFE_INTEGER);
    const expected = total === null ? page.resources.length : Math.max(0, Math.min(PAGE_SIZE, rowCount - index * PAGE_SIZE));
    if (page.resources.length < expected)
      fail(
        `${view.endpoint} page ${index + 1} (rows ${index * PAGE_SIZE + 1}–) brought ${page.resources.length} rows where ${expected} were due of ${rowCount}: placeholders that never fill, and no gap stated`,
      );
    rows.push(...ids(page.resources.slice(0, expected)));
    if (total === null ? page.resources.length < PAGE_SIZE : (index + 1) * PAGE_SIZE >= rowCount) break;
  }
  return { ids: rows, gap, scan, pages };
}

/** Every resource exactly once; or, where the engine stated a gap, that many distinct resources of the server's. */
function expectAllOnce(run: Run, kind: Kind, listed: string[], gap: ListPage['gap'] | undefined, how: string): void {
  const all = storeIds(run, kind);
  const duplicates = listed.filter((id, i) => listed.indexOf(id) !== i);
  if (duplicates.length) fail(`${how}: ${kind}s listed twice: ${show(duplicates)}`);
  const strangers = listed.filter((id) => !all.includes(id));
  if (strangers.length) fail(`${how}: ids the server does not have: ${show(strangers)}`);
  if (gap) {
    if (!gap.reason.trim()) fail(`${how}: a gap without a reason`);
    if (listed.length !== Math.min(gap.reachable, all.length)) fail(`${how}: the gap says ${gap.reachable} reachable, ${listed.length} listed`);
    return;
  }
  if (listed.length !== all.length) fail(`${how}: ${listed.length} of ${all.length} ${kind}s listed, and no gap stated`);
}

export async function listAll(run: Run, kind: Kind): Promise<void> {
  const view: BrowseView = {
    connectionId: run.connectionId,
    endpoint: endpointOf(run, kind),
    ...(kind === 'Group' ? { excludedAttributes: ['members'] } : {}),
  };
  const { ids: listed, gap } = await browse(run, view);
  expectAllOnce(run, kind, listed, gap, `browsing ${view.endpoint}`);
}

/**
 * The users browser sorted by a column, where the server says it sorts: every user once (or a stated
 * gap), in order where the server sorted, and a quirk where it did not (checked with the deviations).
 */
export async function sortedList(run: Run): Promise<void> {
  if (run.caps.sort !== true) return;
  const view: BrowseView = { connectionId: run.connectionId, endpoint: run.users.endpoint, sortBy: 'userName', sortOrder: 'ascending' };
  const { ids: listed, gap } = await browse(run, view);
  expectAllOnce(run, 'User', listed, gap, `browsing ${view.endpoint} sorted by userName`);
  if (run.server.profile.sort !== 'honoured') return;
  const names = listed.map((id) => String(run.server.store.users.get(id)?.body.userName ?? '').toLowerCase());
  const out = names.findIndex((name, i) => i > 0 && names[i - 1]! > name);
  if (out > 0) fail(`sorted by userName, row ${out + 1} (${names[out]}) comes after ${names[out - 1]}`);
}

export async function exportAll(run: Run, kind: Kind): Promise<void> {
  const view = { connectionId: run.connectionId, endpoint: endpointOf(run, kind), ...(kind === 'Group' ? { excludedAttributes: ['members'] } : {}) };
  const { resources, notes } = await exportViaJob(run.bridge, run.core, view);
  const listed = ids(resources);
  // Where the server cannot be listed whole, the job's result says why; what it wrote is still each resource once.
  if (notes.length)
    return expectAllOnce(run, kind, listed, { reason: notes.join(' '), reachable: listed.length } as ListPage['gap'], `exporting ${view.endpoint}`);
  expectAllOnce(run, kind, listed, undefined, `exporting ${view.endpoint}`);
}

/** The browser's quick search for part of a name: exactly the resources matching, or a stated bound. */
export async function quickSearch(run: Run, kind: Kind): Promise<void> {
  const target = pick(wireAll(run, kind), run.picks.user);
  const text = fragment(String(target.displayName), run.picks);
  const filter = quickSearchFilter(kind === 'User' ? 'users' : 'groups', text);
  const view: BrowseView = {
    connectionId: run.connectionId,
    endpoint: endpointOf(run, kind),
    filter,
    matchHere: true,
    ...(kind === 'Group' ? { excludedAttributes: ['members'] } : {}),
  };
  const { ids: found, scan, gap } = await browse(run, view);
  const expected = truth(run, kind, filter);
  if (!expected.has(String(target.id))) fail(`the test's own search ${filter} misses its target`);
  if (scan && !scan.complete) {
    if (!scan.reason.trim()) fail(`quick search ${filter}: an incomplete scan without a reason`);
    const wrong = found.filter((id) => !expected.has(id));
    if (wrong.length) fail(`quick search ${filter} (bounded: ${scan.reason}) found non-matching ${show(wrong)}`);
    return;
  }
  if (gap) {
    // The server applied the search but can list only so much of its answer: the first of them, said so.
    const wrong = found.filter((id) => !expected.has(id));
    if (wrong.length || !gap.reason.trim() || found.length !== Math.min(gap.reachable, expected.size))
      fail(
        `quick search ${filter}: ${found.length} found (${wrong.length} not matching) with a gap of ${gap.reachable} (${gap.reason}); ${expected.size} match`,
      );
    return;
  }
  if (!sameSet(found, expected))
    fail(
      `quick search ${filter} found ${found.length} ${show(found)}, the server has ${expected.size} ${show(expected)}${scan ? ` (matched here: ${scan.reason})` : ''}`,
    );
}

/** Open a user (scim.get), change its displayName (scim.patch, or scim.replace where edits go as PUT), read it back. */
export async function editUser(run: Run): Promise<void> {
  const target = pick(storeIds(run, 'User'), run.picks.other);
  const read = await run.bridge.call('scim.get', { connectionId: run.connectionId, endpoint: run.users.endpoint, id: target });
  const name = `Edited ${run.picks.cut}`;
  const scope = { connectionId: run.connectionId, endpoint: run.users.endpoint, id: target, ...(read.etag ? { etag: read.etag } : {}) };
  if (writeMethod(run.caps, run.connection) === 'put')
    await run.bridge.call('scim.replace', { ...scope, resource: { ...withoutMeta(read.resource), displayName: name } });
  else await run.bridge.call('scim.patch', { ...scope, operations: [{ op: 'replace', path: 'displayName', value: name }], dialect: 'rfc' });
  const again = await run.bridge.call('scim.get', { connectionId: run.connectionId, endpoint: run.users.endpoint, id: target });
  if (again.resource.displayName !== name) fail(`edited displayName reads back as ${JSON.stringify(again.resource.displayName)}`);
  if (run.server.store.users.get(target)?.body.displayName !== name) fail('the server did not store the edited displayName');
}

/** Create a user, then delete it. */
export async function createAndDelete(run: Run): Promise<void> {
  const userName = `new.person.${run.picks.cut}@example.test`;
  const created = await run.bridge.call('scim.create', {
    connectionId: run.connectionId,
    endpoint: run.users.endpoint,
    resource: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, displayName: 'New Person', active: true },
  });
  const id = String(created.resource.id ?? '');
  if (!run.server.store.users.has(id)) fail(`created user ${JSON.stringify(id)} is not on the server`);
  await run.bridge.call('scim.delete', { connectionId: run.connectionId, endpoint: run.users.endpoint, id });
  if (run.server.store.users.has(id)) fail('the deleted user is still on the server');
}

/**
 * The picker's search for part of a name, as someone types it; where more match than the picker shows
 * (it says "200 of 230 found"), they type the whole name. Undefined when it is not found either way.
 */
async function pickFound(run: Run, kind: 'users' | 'groups', name: string, id: string): Promise<MemberRef | undefined> {
  const endpoint = kind === 'users' ? run.users.endpoint : run.groups.endpoint;
  for (const query of [fragment(name, run.picks), name]) {
    const picked = await run.client.fetchQuery(pickerQuery(run.bridge, { connectionId: run.connectionId, endpoint, kind, query }));
    const found = picked.refs.find((r) => r.value === id);
    if (found) return found;
    // Matched here over only what the server can list (it says how much): the user cannot be picked, and is told why.
    if (run.pages.at(-1)?.scan?.complete === false && picked.note) {
      run.refused.push(`picker bounded by a gap: ${picked.note}`);
      return undefined;
    }
    if (picked.total === null || picked.total <= picked.refs.length)
      fail(`the ${kind} picker's search for "${query}" found ${foundText(picked)} without ${name} (${id})${picked.note ? `: ${picked.note}` : ''}`);
  }
  return fail(`the ${kind} picker did not find ${name} (${id}) by its whole name`);
}

/**
 * A membership change as the review sends it (planRequests, then a membership job); every request must
 * go through. The job's own read-back must not report differences: the server's store is checked by
 * the caller, and a read-back the job could not do is a stated bound.
 */
async function sendChange(run: Run, change: { groupId: string; groupName: string; add: MemberRef[]; remove: MemberRef[] }): Promise<void> {
  const readOnly = memberReadOnlySubAttributes(run.caps);
  const requests = planRequests(change, { patch: writeMethod(run.caps, run.connection) === 'patch', chunkSize: DEFAULT_CHUNK_SIZE, readOnly });
  const detail = await sendMembershipJob(run.bridge, {
    connectionId: run.connectionId,
    groupsEndpoint: run.groups.endpoint,
    usersEndpoint: run.users.endpoint,
    requests,
  });
  const problems = jobProblems(detail);
  if (problems.length) fail(`membership change on ${change.groupName}: ${problems.join('; ')}`);
  const result = detail.result!;
  if (result.outcome === 'differences')
    fail(`membership change on ${change.groupName}: the job's read-back says ${result.summary}: ${result.notes.join('; ')}`);
  if (result.outcome === 'unverified') run.refused.push(`membership read-back: ${result.summary}`);
}

/**
 * The group's Members tab: a member added through the picker (a search for part of the user's name) and
 * removed again, each checked by the job's own read-back and against the server's store.
 */
export async function groupSideMembership(run: Run): Promise<void> {
  const groups = [...run.server.store.groups.values()];
  const group = pick(groups, run.picks.group);
  const candidates = storeIds(run, 'User').filter((id) => !group.members.includes(id));
  if (candidates.length === 0) return;
  const userId = pick(candidates, run.picks.user);
  // The tab's first page, as Users where the schema allows (a refused filter sends the tab to a read of the group).
  if (canPageMembersAsUsers(run.caps)) {
    await run.client
      .fetchQuery(
        memberUsersPageQuery(run.bridge, { connectionId: run.connectionId, groupId: group.id, usersEndpoint: run.users.endpoint, query: '', page: 0 }),
      )
      .catch((error: unknown) => {
        if (!isRefusedFilter(error)) throw error;
      });
  }
  // The picker: the user found by part of their name.
  const name = String(run.server.wire('User', userId)!.displayName);
  const ref = await pickFound(run, 'users', name, userId);
  if (!ref) return;
  await sendChange(run, { groupId: group.id, groupName: group.displayName, add: [ref], remove: [] });
  if (!run.server.store.groups.get(group.id)!.members.includes(userId)) fail(`adding ${userId} to ${group.displayName}: not stored`);

  await sendChange(run, { groupId: group.id, groupName: group.displayName, add: [], remove: [ref] });
  if (run.server.store.groups.get(group.id)!.members.includes(userId)) fail(`removing ${userId} from ${group.displayName}: still stored`);
}

/** A user's Groups tab: the groups it is in; then add it to a group found in the picker, and remove it again. */
export async function userSideMembership(run: Run): Promise<void> {
  const userId = pick(storeIds(run, 'User'), run.picks.other);
  const user: MemberRef = refOf(run.server.wire('User', userId)!);
  const options = () => ({
    ...userGroupsQuery(run.bridge, {
      connectionId: run.connectionId,
      usersEndpoint: run.users.endpoint,
      groupsEndpoint: run.groups.endpoint,
      userId,
      viaAttribute: usersHaveGroups(run.caps),
    }),
    staleTime: 0,
  });
  const expected = () => run.server.store.groupsOf(userId).map((g) => g.id);
  const listed = await run.client.fetchQuery(options());
  const bounded = isBounded(listed);
  if (bounded && listed.groups.some((g) => !expected().includes(g.value)))
    fail(`the groups of ${userId} (bounded: ${listed.note}) include groups it is not in`);
  if (
    !bounded &&
    !sameSet(
      listed.groups.map((g) => g.value),
      expected(),
    )
  )
    fail(
      `the groups of ${userId}: listed ${show(listed.groups.map((g) => g.value))} (${listed.source}${listed.note ? `: ${listed.note}` : ''}), the server has ${show(expected())}`,
    );

  const candidates = [...run.server.store.groups.values()].filter((g) => !g.members.includes(userId));
  if (candidates.length === 0) return;
  const group = pick(candidates, run.picks.group);
  if (!(await pickFound(run, 'groups', group.displayName, group.id))) return;

  await sendChange(run, { groupId: group.id, groupName: group.displayName, add: [user], remove: [] });
  const after = await run.client.fetchQuery(options());
  if (!after.groups.some((g) => g.value === group.id) && !isBounded(after))
    fail(`after adding ${userId} to ${group.displayName} the Groups tab does not list it (${after.source}${after.note ? `: ${after.note}` : ''})`);
  await sendChange(run, { groupId: group.id, groupName: group.displayName, add: [], remove: [user] });
  const final = await run.client.fetchQuery(options());
  if (final.groups.some((g) => g.value === group.id))
    fail(`after removing ${userId} from ${group.displayName} the Groups tab still lists it (${final.source})`);
}

/** A user's groups read only in part, the note saying so (see unreadGroupsNote): then what it lists must be true, not complete. */
const isBounded = (groups: { note?: string }) => /This list may be incomplete/.test(groups.note ?? '');

/** The raw filter the user typed, built from a drawn attribute, operator and a value some user really has. */
export function rawFilter(run: Run): string {
  const users = wireAll(run, 'User');
  const term = (attribute: string, op: string, from: number): FilterNode => {
    const [name, sub] = attribute.split('.') as [string, string | undefined];
    const path = sub ? { name, sub } : { name };
    if (op === 'pr') return { kind: 'present', path };
    const user = pick(users, from);
    const raw = sub ? valueOf((user as Record<string, unknown>)[name], sub) : user[name];
    const value = typeof raw === 'boolean' ? raw : String(raw ?? 'x').slice(0, op === 'eq' || op === 'ne' ? undefined : 4);
    return { kind: 'compare', path, op: op as 'eq', value };
  };
  const { raw } = run.picks;
  const first = term(raw.attribute, raw.op, raw.from);
  return printFilter(raw.join ? { kind: raw.join.logical, left: first, right: term(raw.join.attribute, raw.join.op, raw.join.from) } : first);
}

function valueOf(container: unknown, sub: string): unknown {
  const element = Array.isArray(container) ? container[0] : container;
  return typeof element === 'object' && element !== null ? (element as Record<string, unknown>)[sub] : undefined;
}

/**
 * The raw filter, sent exactly as typed (no matching here): the server's answer when it applies it,
 * a warning on every page it ignored, or an error naming what it refused. Typed again, a refused
 * filter is not sent a second time.
 */
export async function rawFilterSearch(run: Run): Promise<void> {
  const filter = rawFilter(run);
  const view: BrowseView = { connectionId: run.connectionId, endpoint: run.users.endpoint, filter };
  const fresh = () => new QueryClient({ defaultOptions: { queries: { retry: false } } });
  try {
    const { ids: found, pages, gap } = await browse({ ...run, client: fresh() }, view);
    if (pages.some((p) => p.filterCheck && p.filterCheck.mismatches > 0)) return; // the browser warns: the server ignored the filter
    if (gap) return expectAllOnce(run, 'User', found, gap, `raw filter ${filter}`);
    let expected: Set<string>;
    try {
      expected = truth(run, 'User', filter);
    } catch (error) {
      // Invalid by the RFC (a boolean ordered): no right answer to hold the server's to.
      if (error instanceof FilterEvaluationError) return;
      throw error;
    }
    if (!sameSet(found, expected)) fail(`raw filter ${filter}: ${found.length} found ${show(found)}, ${expected.size} match ${show(expected)}, and no warning`);
  } catch (error) {
    if (error instanceof JourneyFailure || !isBridgeError(error)) throw error;
    const said = `${error.data.message} ${error.data.detail ?? ''}`;
    if (!namesRefusal(run, said)) fail(`raw filter ${filter} failed without naming what the server refused: ${said}`);
    run.refused.push(`raw filter refused: ${filter}: ${error.data.message}`);
    // Typed again: refused at once, without a request.
    const sent = run.server.log.length;
    try {
      await browse({ ...run, client: fresh() }, view);
    } catch (again) {
      if (!isBridgeError(again)) throw again;
    }
    if (run.server.log.length !== sent && run.server.log.slice(sent).some((r) => r.filter === filter))
      fail(`raw filter ${filter} was sent again after the server refused it`);
  }
}

/** Whether an error message names what the server refused: its detail, a refused filter term, or the filter. */
export function namesRefusal(run: Run, message: string): boolean {
  const text = message.toLowerCase();
  const refusals = run.server.log.filter((r) => r.status >= 400 && r.status < 500);
  const terms = (filter: string) => termsOf(parseFilter(filter)).filter((t) => t.includes(' '));
  return refusals.some(
    (r) =>
      (r.detail && text.includes(r.detail.toLowerCase())) ||
      (r.filter && (text.includes(r.filter.toLowerCase()) || terms(r.filter).some((t) => text.includes(t)))),
  );
}
