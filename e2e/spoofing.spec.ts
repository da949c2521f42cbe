import { expect, test } from './fixtures';
import { DetailPage } from './pages/detail-page';

test('a server name with a bidi override is isolated and its control characters shown, in the list and the detail', async ({ app, page }) => {
  // The name is put on the server directly (as any other SCIM client could), then browsed.
  const created = await page.evaluate(async () => {
    const call = async (channel: string, input: unknown) =>
      (await (await fetch(`/api/call/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input }) })).json()) as { ok: boolean; data: unknown };
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
