import { expect, test } from './fixtures';
import type { AppPage } from './pages/app-page';
import { PatchPage } from './pages/patch-page';

async function openPatch(app: AppPage): Promise<PatchPage> {
  await app.goTo('patch');
  const patch = new PatchPage(app.page);
  await patch.waitReady();
  return patch;
}

test('RFC on Demo: a forbidden op is flagged on its row, then a built operation is previewed, sent and stored exactly', async ({ app }) => {
  const patch = await openPatch(app);
  await expect(patch.root.getByTestId('patch-ops-empty')).toBeVisible();
  await patch.pickTarget('User', 'a');
  await expect(patch.request.getByTestId('patch-if-match')).toContainText('If-Match');

  // meta.created is readOnly: flagged before sending, on the row.
  const forbidden = await patch.addOperation();
  await patch.setPath(forbidden, { attr: 'meta', sub: 'created' });
  await forbidden.getByRole('textbox', { name: 'Value of operation 1' }).fill('2020-01-01T00:00:00Z');
  await expect(forbidden).toHaveAttribute('data-state', 'error');
  await expect(forbidden.getByTestId('patch-op-issue').first()).toHaveAttribute('data-kind', 'readOnly');
  await expect(patch.sendButton).toBeDisabled();
  await expect(patch.sendReason).toContainText('the schema forbids');
  await forbidden.getByTestId('patch-op-remove').click();

  // name.givenName through the builder, the value in the typed form.
  const row = await patch.addOperation();
  await patch.setPath(row, { attr: 'name', sub: 'givenName' });
  await expect(row.getByTestId('patch-path')).toHaveText('name.givenName');
  await row.getByRole('textbox', { name: 'Value of operation 1' }).fill('Composed');
  await expect(row).toHaveAttribute('data-state', 'ok');
  await expect(patch.requestBody).toContainText('"path": "name.givenName"');
  await expect(patch.requestBody).toContainText('"op": "replace"');
  await expect(patch.preview).toHaveAttribute('data-state', 'ready');
  await expect(patch.preview.getByTestId('patch-preview-diff')).toHaveAttribute('data-changed', '1');
  await expect(patch.preview).toContainText('"givenName": "Composed"');

  // A typed path and a raw JSON value; then the same path in parts.
  const typed = await patch.addOperation();
  await typed.getByTestId('patch-path-type').click();
  await typed.getByTestId('patch-path-raw').fill('emails[type eq "work"].value');
  await patch.setJsonValue(typed, '"composed@example.com"');
  await expect(typed).toHaveAttribute('data-state', 'ok');
  await typed.getByRole('button', { name: 'Build in parts' }).click();
  await expect(typed.getByTestId('patch-path-attr')).toHaveValue('emails');
  await expect(typed.getByTestId('patch-path-filter')).toHaveValue('type eq "work"');
  await expect(typed.getByTestId('patch-path-sub')).toHaveValue('value');
  await expect(patch.requestBody).toContainText('composed@example.com');
  await expect(patch.preview.getByTestId('patch-preview-diff')).toHaveAttribute('data-changed', '2');

  expect(await patch.send()).toBe('matched');
  await expect(patch.verdict).toHaveText('Server stored exactly the preview.');
  await expect(patch.result.getByTestId('patch-status')).toContainText('HTTP 200');
  // The operations are kept for another go; the target is now the stored version, with its new ETag.
  await expect(patch.ops).toHaveCount(2);
  await expect(patch.request.getByTestId('patch-if-match')).toContainText('If-Match: W/"2"');
});

test('Entra on Coginiti: the server also rewrites name.fullName, and the divergence from the preview is shown', async ({ app }) => {
  await app.selectConnection('Demo · Coginiti');
  const patch = await openPatch(app);
  await patch.pickTarget(null, '');
  // No ETags on this server: no If-Match.
  await expect(patch.request.getByTestId('patch-if-match')).toContainText('does not support ETags');
  const row = await patch.addOperation();
  await patch.setPath(row, { attr: 'name', sub: 'formatted' });
  await row.getByRole('textbox', { name: 'Value of operation 1' }).fill('Formatted By E2E');
  await patch.dialect('entra');
  await expect(patch.requestBody).toContainText('"op": "Replace"');
  await expect(patch.requestBody).toContainText('"path": "name.formatted"');

  expect(await patch.send()).toBe('diverged');
  await expect(patch.verdict).toContainText('something other than the preview');
  await expect(patch.divergences.filter({ hasText: 'name.fullName' })).toHaveCount(1);
  await expect(patch.divergences.filter({ hasText: 'Formatted By E2E' })).toHaveCount(1);
  await expect(patch.result.getByTestId('patch-stored-diff')).not.toHaveAttribute('data-changed', '0');
});

test('a template is inserted, edited, sent; a refused PATCH shows the server error and keeps the operations', async ({ app }) => {
  const patch = await openPatch(app);
  await patch.pickTarget('Group', 'Security');
  await expect(patch.template('deactivate')).toBeDisabled();
  await patch.template('rename-group').click();
  const row = patch.op(0);
  await expect(row.getByTestId('patch-path')).toHaveText('displayName');
  const value = row.getByRole('textbox', { name: 'Value of operation 1' });
  await expect(value).toHaveValue(/\(renamed\)$/);
  await value.fill('Renamed By Template');
  await expect(patch.requestBody).toContainText('Renamed By Template');
  expect(await patch.send()).toBe('matched');
  await expect(patch.root.getByTestId('patch-target-name')).toHaveText('Renamed By Template');

  // Add members through the picker: the inserted row is a list form, one entry per user.
  await patch.template('add-members').click();
  const picker = patch.root.getByTestId('member-picker');
  await picker.getByTestId('picker-search').fill('a');
  await expect(picker).toHaveAttribute('data-state', 'ready');
  await picker
    .getByTestId('picker-option')
    .filter({ has: app.page.locator('input:not([disabled])') })
    .first()
    .locator('input')
    .check();
  await picker.getByTestId('picker-confirm').click();
  const members = patch.op(1);
  await expect(members.getByTestId('patch-path')).toHaveText('members');
  await expect(members.getByTestId('patch-value')).toHaveAttribute('data-mode', 'form');
  await expect(patch.requestBody).toContainText('"path": "members"');
  // Reorder: the member add goes first.
  await members.getByRole('button', { name: 'Move operation 2 up' }).click();
  await expect(patch.op(0).getByTestId('patch-path')).toHaveText('members');
  await patch.op(1).getByTestId('patch-op-remove').click();

  // Another group's name: the schema allows it, the server refuses it (409 uniqueness); the operations are kept.
  const taken = await patch.addOperation();
  await patch.setPath(taken, { attr: 'displayName' });
  await taken.getByRole('textbox', { name: 'Value of operation 2' }).fill('All Employees');
  await expect(taken).toHaveAttribute('data-state', 'ok');
  expect(await patch.send()).toBe('failed');
  const error = patch.result.getByTestId('write-error');
  await expect(error).toContainText('HTTP 409 uniqueness');
  await expect(error).toContainText('already in use');
  await expect(error).toContainText('Your operations are kept');
  await expect(patch.ops).toHaveCount(2);
});

test('adding a member: the $ref and type the server fills in are its own values, listed, not differences', async ({ app }) => {
  const patch = await openPatch(app);
  await patch.pickTarget('Group', 'Security');
  await patch.insertPickingUsers('add-members', 'b');
  const row = patch.op(0);
  await expect(row.getByTestId('patch-path')).toHaveText('members');
  // The template obeys the RFC schema: display is immutable (sent), no readOnly sub-attribute in the value.
  await expect(patch.requestBody).toContainText('"display"');
  await expect(patch.requestBody).not.toContainText('"$ref"');
  await expect(row).toHaveAttribute('data-state', 'ok');

  expect(await patch.send()).toBe('matched');
  await expect(patch.result).toHaveAttribute('data-divergences', '0');
  await expect(patch.verdict).toHaveText('Server stored exactly the preview.');
  await expect(patch.divergences).toHaveCount(0);
  // What the server computed is listed: $ref and type on the new member, the new version in meta.
  await expect(patch.computed.filter({ hasText: /^members\[value eq "[^"]+"\]\.\$ref = "http/ })).toHaveCount(1);
  await expect(patch.computed.filter({ hasText: /^members\[value eq "[^"]+"\]\.type = "User"/ })).toHaveCount(1);
  await expect(patch.computed.filter({ hasText: /^meta\.version = / })).toHaveCount(1);
  await expect(patch.result).toHaveAttribute('data-computed', String(await patch.computed.count()));

  // Composing anything else puts the last result away: it belonged to the request sent.
  await patch.addOperation();
  await expect(patch.result).toHaveCount(0);
});

test('the target bar keeps Change visible and the name whole in its tooltip, however narrow the window', async ({ app }) => {
  const patch = await openPatch(app);
  // A user: named by its userName, an email address, longer than most group names.
  await patch.pickTarget('User', 'a');
  const change = patch.root.getByTestId('patch-change-target');
  const name = patch.root.getByTestId('patch-target-name');
  await expect(name).toHaveAttribute('title', (await name.textContent())!);
  for (const [width, height] of [
    [1400, 900],
    [1200, 800],
    [1024, 768],
  ] as const) {
    await app.page.setViewportSize({ width, height });
    await expect(change).toBeVisible();
    const card = (await patch.target.boundingBox())!;
    const button = (await change.boundingBox())!;
    expect(button.x + button.width, `Change inside the card at ${width}×${height}`).toBeLessThanOrEqual(card.x + card.width);
    expect(button.x).toBeGreaterThanOrEqual(card.x);
  }
  await change.click();
  await expect(patch.picker).toBeVisible();
});

test('a read-only connection previews everything but keeps Send disabled with the reason', async ({ app }) => {
  await app.goTo('connections');
  await app.connections.item('Demo').first().click();
  await app.connections.fill({ readOnly: true });
  await app.connections.save();
  const patch = await openPatch(app);
  await patch.pickTarget('User', '');
  await patch.template('deactivate').click();
  await expect(patch.op(0).getByTestId('patch-path')).toHaveText('active');
  await expect(patch.preview).toHaveAttribute('data-state', 'ready');
  await expect(patch.requestBody).toContainText('"value": false');
  await patch.dialect('okta');
  await expect(patch.sendButton).toBeDisabled();
  await expect(patch.sendReason).toContainText('read-only');
  await expect(patch.sendButton).toHaveAttribute('title', /read-only/);
  await expect(patch.result).toHaveCount(0);
});

test('unsent operations, target and dialect are still there after visiting another screen', async ({ app }) => {
  const patch = await openPatch(app);
  await patch.pickTarget('User', '');
  await patch.template('deactivate').click();
  await patch.dialect('entra');
  await expect(patch.requestBody).toContainText('"op": "Replace"');
  await app.goTo('users');
  await app.userBrowser.waitReady();
  const again = await openPatch(app);
  await expect(again.op(0).getByTestId('patch-path')).toHaveText('active');
  await expect(again.requestBody).toContainText('"op": "Replace"');
  await expect(again.preview).toHaveAttribute('data-state', 'ready');
});
