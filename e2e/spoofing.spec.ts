import { expect, test } from './fixtures';
import { DetailPage } from './pages/detail-page';
import { MembershipPage } from './pages/membership-page';

test('a server name with a bidi override is isolated and its control characters shown, in the list and the detail', async ({ app, page }) => {
  // The name is put on the server directly (as any other SCIM client could), then browsed.
  const created = await page.evaluate(async () => {
    const call = async (channel: string, input: unknown) =>
      (await (
        await fetch(`/api/call/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input }) })
      ).json()) as { ok: boolean; data: unknown };
    const connections = (await call('connections.list', {})).data as { id: string; name: string }[];
    const demo = connections.find((c) => c.name === 'Demo')!;
    return call('scim.create', {
      connectionId: demo.id,
      endpoint: '/Users',
      resource: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'spoof.test', displayName: 'invoice\u202Egnp.exe' },
    });
  });
  expect(created.ok).toBe(true);

  const users = app.userBrowser;
  await users.waitReady();
  await users.searchFor('spoof.test');
  const row = users.row(1);
  await expect(row.locator('.control-marker').first()).toHaveText('⟨U+202E⟩');
  const isolated = row.locator('bdi.server-text[data-controls="true"]');
  await expect(isolated).toHaveCount(1);
  expect(await isolated.evaluate((el) => getComputedStyle(el).unicodeBidi)).toBe('isolate');

  await row.click();
  await users.table.press('Enter');
  const detail = new DetailPage(page);
  await detail.waitLoaded();
  const shownName = detail.root.locator('[data-attr="displayName"] [data-testid="detail-value"] bdi');
  await expect(shownName.locator('.control-marker')).toHaveText('⟨U+202E⟩');
  await expect(shownName).toHaveAttribute('title', /invisible control characters/);
});

test('a hostile displayName shows its marker in a group’s members list, the member picker, the change review and the user’s Groups tab', async ({
  app,
  page,
}) => {
  // A user and a group named with a right-to-left override, the user a member of the group.
  const ids = await page.evaluate(async () => {
    const call = async (channel: string, input: unknown) =>
      (await (
        await fetch(`/api/call/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input }) })
      ).json()) as { ok: boolean; data: { resource: { id: string } } };
    const connections = (await call('connections.list', {})).data as unknown as { id: string; name: string }[];
    const demo = connections.find((c) => c.name === 'Demo')!;
    const user = await call('scim.create', {
      connectionId: demo.id,
      endpoint: '/Users',
      resource: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'spoof.member', displayName: 'invoice\u202Egnp.exe' },
    });
    const group = await call('scim.create', {
      connectionId: demo.id,
      endpoint: '/Groups',
      resource: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'spoofgroup\u202Enimda', members: [{ value: user.data.resource.id }] },
    });
    return { ok: user.ok && group.ok, userId: user.data.resource.id };
  });
  expect(ids.ok).toBe(true);
  const marker = '⟨U+202E⟩';

  await app.goTo('groups');
  const groups = app.groupBrowser;
  await groups.waitReady();
  await groups.searchFor('spoofgroup');
  await expect(groups.row(1)).toContainText('spoofgroup');
  await groups.row(1).click();
  await groups.table.press('Enter');
  const detail = new DetailPage(page);
  await detail.waitLoaded();
  const members = new MembershipPage(detail, 'group');
  await members.open();
  const row = members.rows.filter({ hasText: ids.userId });
  await expect(row.locator('bdi.server-text.picker-name .control-marker')).toHaveText(marker);
  await expect(row.locator('bdi.picker-name')).toHaveAttribute('title', /invisible control characters/);

  // The picker: the same user, found by searching, is already a member and shown with the marker.
  await members.addButton.click();
  await members.picker.getByTestId('picker-search').fill('spoof.member');
  await expect(members.picker).toHaveAttribute('data-state', 'ready');
  const option = members.picker.getByTestId('picker-option').filter({ hasText: ids.userId });
  await expect(option.locator('bdi.server-text.picker-name .control-marker')).toHaveText(marker);
  await members.picker.getByRole('button', { name: 'Cancel' }).click();

  // The change review names the group isolated, and the PATCH body shows the override as a JSON escape.
  await members.rows.filter({ hasText: ids.userId }).locator('input').check();
  await members.removeButton.click();
  await expect(members.review).toHaveAttribute('data-state', 'review');
  await expect(members.review.locator('.membership-review-head bdi.server-text .control-marker')).toHaveText(marker);
  await members.review.getByRole('button', { name: 'Back' }).click();

  // The user's Groups tab lists the group with its marker.
  await app.goTo('users');
  await app.userBrowser.waitReady();
  await app.userBrowser.searchFor('spoof.member');
  await expect(app.userBrowser.row(1)).toContainText('spoof.member');
  await app.userBrowser.row(1).click();
  await app.userBrowser.table.press('Enter');
  await detail.waitLoaded();
  const userGroups = new MembershipPage(detail, 'user');
  await userGroups.open();
  await expect(userGroups.rows.filter({ hasText: 'spoofgroup' }).locator('.control-marker')).toHaveText(marker);
});
