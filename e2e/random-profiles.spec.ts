/**
 * One journey on screen per class of random server (test/random runs the same journeys through the
 * engine over many drawn servers): the users list scrolled to its end, or its gap explained; a quick
 * search for part of a name; a member added from a group's Members tab and verified. Each class is a
 * profile drawn from the random server's space with a fixed seed (e2e/random-fixtures.ts).
 */
import { compileFilter, parseFilter } from '../shared/filter';
import { quickSearchFilter } from '../renderer/src/scim/filters';
import { lookups } from '../test/support/random-data';
import { acceptsTerm } from '../test/support/random-profile';
import { termsOf } from '../test/support/random-query';
import type { RandomServer } from '../test/support/random-server';
import { connectToRandom, expect, PROFILE_CLASSES, test, type ProfileClass } from './random-fixtures';
import { codeInput, codeText } from './pages/code-editor';
import type { AppPage } from './pages/app-page';
import type { BrowserPage } from './pages/browser-page';
import { DetailPage } from './pages/detail-page';
import { MembershipPage } from './pages/membership-page';

const count = (n: number) => n.toLocaleString('en-US');

/** How many users the server can list at all: all, unless it ignores startIndex everywhere and caps pages. */
function reachableUsers(server: RandomServer): number {
  const { profile } = server;
  const paged = profile.startIndex === 'honoured' || profile.search === 'pages';
  return paged || profile.pageCap === null ? profile.users : Math.min(profile.users, profile.pageCap);
}

/** The users list: every row loads down to the last, or the gap says how many can be shown and why. */
async function listUsers(users: BrowserPage, server: RandomServer): Promise<void> {
  await users.waitReady();
  await expect(users.total).toHaveText(`${count(server.profile.users)} users`);
  const reachable = reachableUsers(server);
  await users.scrollToBottom();
  if (reachable < server.profile.users) {
    await expect(users.gap).toHaveText(new RegExp(`^Showing the first ${reachable} of ${count(server.profile.users)}: .*startIndex`));
  } else {
    await expect(users.gap).toHaveCount(0);
  }
  await expect(users.row(reachable)).toBeVisible();
  await expect(users.range).toHaveText(new RegExp(`–${count(reachable)} of `));
  await expect(users.placeholders).toHaveCount(0);
}

/** The quick search for part of a family name finds that user, matched here where the server cannot apply it. */
async function quickSearch(users: BrowserPage, server: RandomServer, target: Record<string, unknown>): Promise<void> {
  // Three letters of the family name that every address does not contain ("amp" is in "example").
  const familyName = String((target.name as { familyName: string }).familyName);
  const part = [1, 0, 2, 3].map((at) => familyName.slice(at, at + 3)).find((p) => p.length === 3 && !'@example.test'.includes(p.toLowerCase()))!;
  const filter = quickSearchFilter('users', part);
  await users.searchFor(part);
  // Matched here where the server cannot apply the search (a term refused or ignored), else the server's own answer.
  if (termsOf(parseFilter(filter)).every((term) => acceptsTerm(server.profile, 'User', term))) await expect(users.matchedHere).toHaveCount(0);
  else await expect(users.matchedHere).toContainText('Matched here over');
  await expect(users.rows.filter({ hasText: String(target.displayName) }).first()).toBeVisible();
  // Exactly the users that match, among those the server can list.
  const reachable = [...server.store.users.keys()].slice(0, reachableUsers(server)).map((id) => server.wire('User', id)!);
  const matches = reachable.filter(compileFilter(parseFilter(filter), lookups().User)).length;
  await expect(users.total).toHaveText(`${count(matches)} user${matches === 1 ? '' : 's'}`);
}

/** A member added to the first group from its Members tab through the picker, sent and verified. */
async function addMember(app: AppPage, server: RandomServer, readOnlyNote: boolean): Promise<void> {
  await app.goTo('groups');
  const groups = app.groupBrowser;
  await groups.waitReady();
  await groups.row(1).click();
  await groups.table.press('Enter');
  const detail = new DetailPage(app.page);
  await detail.waitLoaded();
  const members = new MembershipPage(detail, 'group');
  await members.open();
  const group = [...server.store.groups.values()][0]!;
  const candidate = [...server.store.users.keys()].slice(0, reachableUsers(server)).find((id) => !group.members.includes(id))!;
  const [picked] = await members.pick(String(server.store.users.get(candidate)!.body.displayName), 1);
  if (readOnlyNote) {
    await expect(members.review.getByTestId('membership-readonly-note')).toContainText('members.display');
    await expect.poll(() => codeText(codeInput(members.review.getByTestId('membership-body')))).not.toContain('"display"');
  }
  await members.sendAndVerify();
  await members.done();
  const stored = group.members.map((id) => String(server.store.users.get(id)?.body.displayName));
  expect(stored).toContain(picked);
}

for (const name of Object.keys(PROFILE_CLASSES) as ProfileClass[]) {
  test(`a server that ${name}: users listed or the gap explained, part of a name found, a member added`, async ({ app, random }) => {
    const server = await random.start(name);
    await connectToRandom(app, server);
    const users = app.userBrowser;
    await listUsers(users, server);
    const target = server.wire('User', [...server.store.users.keys()][Math.min(2, reachableUsers(server) - 1)]!)!;
    await quickSearch(users, server, target);
    await addMember(app, server, server.profile.memberReadOnly.includes('display'));
    // Nothing the server refused was sent to it again, and it never had to refuse a readOnly member value.
    expect(server.log.filter((r) => r.shown.includes('mutability-refused'))).toEqual([]);
  });
}
