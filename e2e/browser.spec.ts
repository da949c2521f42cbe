import { expect, test } from './fixtures';
import { DetailPage } from './pages/detail-page';

test('scrolling to the bottom of 2,500 users renders the last one, keeping few rows in the DOM', async ({ app }) => {
  const users = app.userBrowser;
  await users.waitReady();
  await expect(users.total).toHaveText('2,500 users');
  await users.scrollToBottom();
  await expect(users.row(2500)).toBeVisible();
  await expect(users.row(2500)).toContainText('@example.com');
  await expect(users.range).toHaveText(/–2,500 of 2,500$/);
  // Virtualized: only rows near the viewport exist.
  expect(await users.table.getByRole('row').count()).toBeLessThan(120);
  await expect(users.row(1)).toHaveCount(0);
  // Four-digit row numbers fit their column: "2,500", not "2,5…".
  const number = users.cells(2500).first();
  await expect(number).toHaveText('2,500');
  expect(await number.evaluate((cell) => cell.scrollWidth <= cell.clientWidth)).toBe(true);
});

test('the quick search narrows the results on the server', async ({ app }) => {
  const users = app.userBrowser;
  await users.waitReady();
  const userName = (await users.cells(1).nth(1).textContent())!;
  const query = userName.slice(0, 4);
  await users.searchFor(query);
  await expect(users.total).not.toHaveText('2,500 users');
  await users.waitReady();
  await expect(users.row(1)).toContainText(new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'));
  await expect(users.filterIgnored).toHaveCount(0);
  await expect(users.search).toHaveValue(query);
});

test('a raw filter the server rejects shows its error and keeps what was typed', async ({ app }) => {
  const users = app.userBrowser;
  await users.waitReady();
  await users.rawFilter.check();
  await users.search.fill('userName zz "x"');
  await expect(users.root).toHaveAttribute('data-state', 'error');
  await expect(users.error).toContainText('filter');
  await expect(users.search).toHaveValue('userName zz "x"');
  await users.search.fill('userName eq "nobody@nowhere.test"');
  await expect(users.root).toHaveAttribute('data-state', 'empty');
});

test('clicking the userName header sorts on the server (rfc Demo), descending on the second click', async ({ app }) => {
  const users = app.userBrowser;
  await users.waitReady();
  await expect(users.sortUnsupported).toHaveCount(0);
  const firstBefore = await users.row(1).getAttribute('data-id');
  await users.sortBy('userName');
  await expect(users.header('userName')).toHaveAttribute('aria-sort', 'ascending');
  await users.waitReady();
  await users.sortBy('userName');
  await expect(users.header('userName')).toHaveAttribute('aria-sort', 'descending');
  await users.waitReady();
  await expect(users.row(1)).not.toHaveAttribute('data-id', firstBefore!);
  const names = await users.rows.evaluateAll((rows) => rows.slice(0, 5).map((r) => r.children[1]!.textContent ?? ''));
  expect(names).toEqual([...names].sort().reverse());
});

test('a server that ignores the quick search filter has it matched here, saying so (Coginiti)', async ({ app }) => {
  const coginiti = (await app.switcher.locator('option').allTextContents()).find((o) => /coginiti/i.test(o))!;
  await app.selectConnection(coginiti);
  const users = app.userBrowser;
  await users.waitReady();
  await expect(users.sortUnsupported).toHaveText('This server does not support sorting (ServiceProviderConfig sort.supported is false).');
  await expect(users.header('userName').getByRole('button')).toHaveCount(0);
  await users.searchFor('zzzz');
  // The server answered every user to the search: the search is matched here instead, and says so.
  await expect(users.matchedHere).toHaveText(/^The server ignores .*"displayname co".* in filters\. Matched here over all 2,500 resources\.$/);
  await expect(users.root).toHaveAttribute('data-state', 'empty');
});

test('a server accepting only userName eq gets part of a name matched here, saying so (Cortex)', async ({ app }) => {
  const cortex = (await app.switcher.locator('option').allTextContents()).find((o) => /cortex/i.test(o))!;
  await app.selectConnection(cortex);
  const users = app.userBrowser;
  await users.waitReady();
  const userName = (await users.cells(1).nth(1).textContent())!;
  const part = userName.slice(0, 5);
  await users.searchFor(part);
  await expect(users.matchedHere).toHaveText(/^The server refuses "username sw" in filters\. Matched here over all 2,500 resources\.$/);
  await expect(users.root).toHaveAttribute('data-state', 'ready');
  await expect(users.row(1)).toContainText(part);
  // Exact names still go to the server: the same search again sends nothing refused (it is known now).
  await users.searchFor(userName);
  await expect(users.row(1)).toContainText(userName);
});

test('keyboard: arrows select, Enter opens the raw JSON, Escape closes, / focuses the search', async ({ app, page }) => {
  const users = app.userBrowser;
  await users.waitReady();
  await users.table.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(users.row(2)).toHaveAttribute('aria-selected', 'true');
  const id = await users.row(2).getAttribute('data-id');
  await page.keyboard.press('Enter');
  await expect(users.detail).toBeVisible();
  const json = JSON.parse(await new DetailPage(page).rawJson()) as Record<string, unknown>;
  expect(json.id).toBe(id);
  expect(json.schemas).toContain('urn:ietf:params:scim:schemas:core:2.0:User');
  await page.keyboard.press('Escape');
  await expect(users.detail).toHaveCount(0);
  await page.keyboard.press('/');
  await expect(users.search).toBeFocused();
});

test('the Groups screen lists the groups', async ({ app }) => {
  await app.goTo('groups');
  const groups = app.groupBrowser;
  await groups.waitReady();
  await expect(groups.total).toHaveText(/^[\d,]+ groups$/);
  await expect(groups.rows.first()).toBeVisible();
  await expect(groups.header('displayName')).toBeVisible();
  // Members are left out of the list (excludedAttributes=members): no count column unless chosen.
  await expect(groups.header('members (count)')).toHaveCount(0);
  await expect(groups.header('id')).toBeVisible();
});
