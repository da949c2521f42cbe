import { expect, test, type Page } from './fixtures';
import type { AppPage } from './pages/app-page';
import { codeText, fillCode } from './pages/code-editor';
import { DetailPage } from './pages/detail-page';

/** Opens the user at a 1-based position on the Users screen (select, Enter) and waits for its fresh read. */
async function openUser(app: AppPage, position = 1): Promise<DetailPage> {
  const users = app.userBrowser;
  await users.waitReady();
  await users.row(position).click();
  await users.table.press('Enter');
  const detail = new DetailPage(app.page);
  await detail.waitLoaded();
  return detail;
}

test('editing displayName in the form previews the PatchOp, sends it and the server stores exactly that', async ({ app }) => {
  const detail = await openUser(app);
  await expect(detail.root.getByTestId('detail-form')).toBeVisible();
  await expect(detail.root.locator('[data-attr="id"]')).toContainText('read-only');
  await detail.tab('JSON').click();
  await expect(detail.root.getByTestId('resource-json')).toContainText('"userName"');
  await detail.tab('Form').click();

  await detail.edit();
  await expect(detail.field('id')).toBeDisabled();
  await detail.field('displayName').fill('Renamed In E2E');
  await detail.review();
  await expect(detail.preview).toContainText('urn:ietf:params:scim:api:messages:2.0:PatchOp');
  await expect(detail.preview).toContainText('"path": "displayName"');
  await expect(detail.preview).toContainText('Renamed In E2E');
  await expect(detail.preview).toContainText('If-Match');
  await detail.preview.getByLabel('PATCH dialect').selectOption('entra');
  await expect(detail.preview).toContainText('"op": "Replace"');
  await detail.preview.getByLabel('PATCH dialect').selectOption('rfc');
  await detail.send();
  await detail.waitSent();
  await expect(detail.storedDiff).toHaveText('Server stored exactly what was asked.');
  await expect(detail.root.locator('[data-attr="displayName"]')).toContainText('Renamed In E2E');
});

test('invalid JSON in the editor shows where it breaks, keeps the text and sends nothing', async ({ app }) => {
  const detail = await openUser(app);
  await detail.edit();
  await detail.tab('JSON').click();
  const broken = '{ "userName": "x", }';
  await fillCode(detail.jsonEditor, broken);
  await detail.button('Review changes').click();
  await expect(detail.jsonError).toContainText('Invalid JSON at line 1');
  await expect(detail.jsonError).toContainText('Nothing was sent');
  await expect.poll(() => codeText(detail.jsonEditor)).toBe(broken);
  await expect(detail.root).toHaveAttribute('data-state', 'edit');
  await expect(detail.preview).toHaveCount(0);
  // Switching to the form is refused too, with the text kept.
  await detail.tab('Form').click();
  await expect.poll(() => codeText(detail.jsonEditor)).toBe(broken);
});

test('deactivate then reactivate a user in one click each', async ({ app }) => {
  const detail = await openUser(app, 2);
  await expect(detail.activeState).toHaveText('active');
  await detail.button('Deactivate').click();
  await expect(detail.activeState).toHaveText('inactive');
  await expect(app.toast(/Deactivated/)).toBeVisible();
  await detail.button('Reactivate').click();
  await expect(detail.activeState).toHaveText('active');
  await expect(detail.button('Deactivate')).toBeEnabled();
});

test('create a user from the prefilled editor, it opens, then delete it after confirming', async ({ app }) => {
  await app.userBrowser.waitReady();
  await app.page.getByTestId('new-resource').click();
  const detail = new DetailPage(app.page);
  await expect(detail.create).toBeVisible();
  await detail.create.getByRole('tab', { name: 'JSON' }).click();
  const editor = detail.createJson;
  const userName = `e2e.created.${Date.now()}@example.com`;
  const template = JSON.parse(await codeText(editor)) as Record<string, unknown>;
  expect(template).toHaveProperty('schemas');
  expect(template).toHaveProperty('name');
  expect(template).toHaveProperty('emails');
  await fillCode(editor, JSON.stringify({ ...template, userName }, null, 2));
  await detail.create.getByRole('button', { name: 'Create' }).click();
  await detail.waitLoaded();
  await expect(detail.root).toContainText(userName);
  const id = (await detail.root.locator('[data-attr="id"]').getByTestId('detail-value').textContent())!;

  await detail.button('Delete').click();
  await expect(detail.confirmDialog).toBeVisible();
  await expect(detail.confirmDialog).toContainText(userName);
  await expect(detail.confirmDialog).toContainText(id);
  await detail.confirmDialog.getByRole('button', { name: 'Delete' }).click();
  await expect(detail.root).toHaveCount(0);
  await expect(app.toast(/Deleted/)).toBeVisible();
});

test('the create form shows active as not set and sends a boolean as shown: unchecked creates an inactive user', async ({ app }) => {
  await app.userBrowser.waitReady();
  await app.page.getByTestId('new-resource').click();
  const detail = new DetailPage(app.page);
  const create = detail.create;
  await expect(create).toBeVisible();
  const active = create.getByLabel('active', { exact: true });
  const field = create.getByTestId('boolean-field').filter({ has: app.page.getByLabel('active', { exact: true }) });
  const json = async () => {
    await create.getByRole('tab', { name: 'JSON' }).click();
    const body = JSON.parse(await codeText(detail.createJson)) as Record<string, unknown>;
    await create.getByRole('tab', { name: 'Form' }).click();
    return body;
  };

  // Labels built from attribute names read as English: "Add address", not "Add addresse".
  await expect(create.getByRole('button', { name: 'Add addresses' })).toHaveText('Add address');
  await expect(create.getByRole('button', { name: 'Add phoneNumbers' })).toHaveText('Add phoneNumber');

  // Not set: shown as such (not as false), and not sent.
  await expect(field).toHaveAttribute('data-state', 'unset');
  await expect(field).toContainText('not set');
  expect(await active.evaluate((box) => (box as HTMLInputElement).indeterminate)).toBe(true);
  expect(await json()).not.toHaveProperty('active');

  // Set, it is sent as shown; unset again, it is left out again.
  await active.check();
  await expect(field).toHaveAttribute('data-state', 'true');
  await active.uncheck();
  await expect(field).toHaveAttribute('data-state', 'false');
  expect(await json()).toHaveProperty('active', false);
  await field.getByRole('button', { name: 'Unset active' }).click();
  await expect(field).toHaveAttribute('data-state', 'unset');
  expect(await json()).not.toHaveProperty('active');

  await active.check();
  await active.uncheck();
  await expect(field).toHaveAttribute('data-state', 'false');
  await create.getByRole('button', { name: 'Create' }).click();
  await detail.waitLoaded();
  await expect(detail.activeState).toHaveText('inactive');
});

test('a 412 conflict shows the current version beside the edit and re-applies it on top', async ({ app, shell }) => {
  const detailA = await openUser(app, 3);
  await detailA.edit();
  await detailA.field('displayName').fill('Edit From Page A');

  // Page B (same session) changes the same user behind page A's back.
  const pageB: Page = await app.page.context().newPage();
  await pageB.goto(shell.origin);
  const { AppPage } = await import('./pages/app-page');
  const appB = new AppPage(pageB);
  await expect(pageB.locator('#root')).toHaveAttribute('data-state', 'ready');
  const detailB = await openUser(appB, 3);
  await detailB.edit();
  await detailB.field('title').fill('Changed By Page B');
  await detailB.review();
  await detailB.send();
  await detailB.waitSent();
  await pageB.close();

  await detailA.review();
  await detailA.send();
  await expect(detailA.root).toHaveAttribute('data-state', 'conflict');
  await expect(detailA.conflict.getByTestId('conflict-current')).toContainText('Changed By Page B');
  await expect(detailA.conflict.getByTestId('conflict-mine')).toContainText('Edit From Page A');
  await detailA.button('Re-apply my changes on the current version').click();
  await expect(detailA.root).toHaveAttribute('data-state', 'review');
  await expect(detailA.preview).toContainText('Edit From Page A');
  await detailA.send();
  await detailA.waitSent();
  await expect(detailA.storedDiff).toHaveText('Server stored exactly what was asked.');
  await expect(detailA.root.locator('[data-attr="displayName"]')).toContainText('Edit From Page A');
  await expect(detailA.root.locator('[data-attr="title"]')).toContainText('Changed By Page B');
});

test('a server whose ServiceProviderConfig says it has no ETags gets no If-Match from the editor, and the review says so', async ({ app, page }) => {
  // The rfc demo sends ETags; here its ServiceProviderConfig is made to say it has none (as SCIMMY's does
  // while still sending meta.version). Set before the app's first discovery.
  await page.route('**/api/call/scim.discover', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { ok: boolean; data?: { etag: boolean | null } };
    if (body.ok && body.data) body.data.etag = false;
    await route.fulfill({ response, json: body });
  });
  const sent: Array<Record<string, unknown>> = [];
  page.on('request', (request) => {
    if (/\/api\/call\/scim\.(patch|replace|delete)$/.test(request.url())) sent.push((request.postDataJSON() as { input: Record<string, unknown> }).input);
  });
  await page.reload();
  await expect(page.locator('#root')).toHaveAttribute('data-state', 'ready');
  const detail = await openUser(app, 4);
  await detail.edit();
  await detail.field('displayName').fill('No ETag Here');
  await detail.review();
  await expect(detail.preview.getByTestId('review-if-match')).toHaveText(
    'The server does not support ETags (ServiceProviderConfig etag.supported is false): no If-Match.',
  );
  await expect(detail.preview).not.toContainText('If-Match: W/');
  await detail.send();
  await detail.waitSent();
  await expect(detail.storedDiff).toHaveText('Server stored exactly what was asked.');
  // Deactivate goes the same way.
  await detail.root.getByTestId('toggle-active').click();
  await expect(app.toast(/Deactivated|Reactivated/)).toBeVisible();
  expect(sent.length).toBe(2);
  for (const input of sent) expect(input).not.toHaveProperty('etag');
});

test('on a read-only connection Send and Delete are disabled with the reason', async ({ app }) => {
  await app.goTo('connections');
  await app.connections.item('Demo').first().click();
  await app.connections.fill({ readOnly: true });
  await app.connections.save();
  await app.goTo('users');
  const detail = await openUser(app);
  await expect(detail.readOnlyReason).toContainText('read-only');
  await expect(detail.button('Delete')).toBeDisabled();
  await expect(detail.button('Deactivate')).toBeDisabled();
  await detail.edit();
  await detail.field('displayName').fill('Never Sent');
  await detail.review();
  await expect(detail.button('Send')).toBeDisabled();
  await expect(app.page.getByTestId('new-resource')).toBeEnabled();
});

test('multi-valued emails are edited in the form: add an entry, mark it primary, and the server stores that', async ({ app }) => {
  const detail = await openUser(app, 4);
  await detail.edit();
  await detail.button('Add emails').click();
  await detail.field('emails[1].value').fill('second.address@example.com');
  await detail.field('emails[1].type').selectOption('home');
  await detail.field('emails[1].primary').check();
  // Only one primary (RFC 7643 §2.4): the first entry is unmarked.
  await expect(detail.field('emails[0].primary')).not.toBeChecked();
  await detail.review();
  await expect(detail.preview).toContainText('second.address@example.com');
  await detail.send();
  await detail.waitSent();
  await expect(detail.storedDiff).toHaveText('Server stored exactly what was asked.');
  await expect(detail.root.locator('[data-attr="emails"]')).toContainText('second.address@example.com');
});

test('create a group from the schema form: the typed name is what the server stores', async ({ app }) => {
  await app.goTo('groups');
  await app.groupBrowser.waitReady();
  await app.page.getByTestId('new-resource').click();
  const detail = new DetailPage(app.page);
  await expect(detail.create.getByTestId('detail-form')).toBeVisible();
  await detail.create.getByLabel('displayName', { exact: true }).fill('Made In The Form');
  await detail.create.getByLabel('externalId', { exact: true }).fill('ext-form-1');
  // The JSON tab shows what the form holds, and back again.
  await detail.create.getByRole('tab', { name: 'JSON' }).click();
  await expect.poll(() => codeText(detail.createJson)).toMatch(/"displayName": "Made In The Form"/);
  await detail.create.getByRole('tab', { name: 'Form' }).click();
  await detail.create.getByRole('button', { name: 'Create' }).click();
  await detail.waitLoaded();
  await expect(detail.root.locator('[data-attr="displayName"]')).toContainText('Made In The Form');
  await expect(detail.root.locator('[data-attr="externalId"]')).toContainText('ext-form-1');
});

for (const persona of ['Confirmit', 'Coginiti', 'Cortex']) {
  test(`edit as JSON on ${persona}: the server's dialect is tolerated and what it stored is checked`, async ({ app }) => {
    const name = (await app.switcher.locator('option').allTextContents()).find((o) => o.includes(persona))!;
    await app.selectConnection(name);
    const detail = await openUser(app, 2);
    await detail.edit();
    await detail.tab('JSON').click();
    const edited = JSON.parse(await codeText(detail.jsonEditor)) as { name?: Record<string, unknown> };
    await fillCode(detail.jsonEditor, JSON.stringify({ ...edited, name: { ...edited.name, familyName: `Edited-${persona}` } }, null, 2));
    await detail.review();
    await expect(detail.preview).toContainText(`Edited-${persona}`);
    await detail.send();
    await detail.waitSent();
    await expect(detail.storedDiff).toHaveAttribute('data-differences', '0');
    await detail.tab('Form').click();
    await expect(detail.root.locator('[data-attr="name"]')).toContainText(`Edited-${persona}`);
  });
}

test('a server that drops an attribute it was sent is shown as a difference (Confirmit users have no displayName)', async ({ app }) => {
  const name = (await app.switcher.locator('option').allTextContents()).find((o) => o.includes('Confirmit'))!;
  await app.selectConnection(name);
  const detail = await openUser(app, 3);
  await detail.edit();
  await detail.tab('JSON').click();
  const edited = JSON.parse(await codeText(detail.jsonEditor)) as Record<string, unknown>;
  await fillCode(detail.jsonEditor, JSON.stringify({ ...edited, displayName: 'Never Stored' }, null, 2));
  await detail.review();
  await detail.send();
  await detail.waitSent();
  await expect(detail.storedDiff).toHaveAttribute('data-differences', '1');
  await expect(detail.storedDiff).toContainText('displayName: asked for, not stored');
});
