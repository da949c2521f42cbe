import { HOSTILE_NAMES, USER_COUNT } from '../test/support/fault-server';
import { connectToFaults, expect, FAULT_TOKEN, test } from './fault-fixtures';
import { DetailPage } from './pages/detail-page';
import { InspectorPage } from './pages/inspector-page';

test('an HTML 500 on the users list is named on screen; other screens still work, and Retry recovers', async ({ app, faults, page, shell }) => {
  faults.set('html-500');
  await connectToFaults(app, faults);
  const users = app.userBrowser;
  await expect(users.root).toHaveAttribute('data-state', 'error');
  await expect(users.error).toContainText('The users could not be listed.');
  await expect(users.error).toContainText('HTTP 500');
  await expect(users.error).toContainText('an HTML page ("500 Internal Server Error")');

  // The rest of the app is unaffected: the inspector shows the failed exchange.
  await app.goTo('inspector');
  const inspector = new InspectorPage(page);
  await inspector.waitReady();
  await expect(inspector.rows.and(page.locator('[data-status="500"]')).filter({ hasText: '/Users' }).first()).toBeVisible();
  await app.goTo('connections');
  await expect(app.connections.item('Faulty')).toBeVisible();

  // Back on Users the list is read again and still fails the same way; once the server recovers, Retry lists them.
  await app.goTo('users');
  await expect(users.root).toHaveAttribute('data-state', 'error');
  await expect(users.error).toContainText('HTTP 500');
  faults.set(null);
  await users.error.getByRole('button', { name: 'Retry' }).click();
  await users.waitReady();
  await expect(users.total).toHaveText(`${USER_COUNT} users`);
  await expect(page.locator('body')).not.toContainText(FAULT_TOKEN);
  expect(shell.output()).not.toContain(FAULT_TOKEN);
});

test('a save to a server that never answers shows the timeout, and the unsent edit stays in the form', async ({ app, faults }) => {
  await connectToFaults(app, faults, { timeoutMs: 1_000 });
  const users = app.userBrowser;
  await users.waitReady();
  await users.row(1).click();
  await users.table.press('Enter');
  const detail = new DetailPage(app.page);
  await detail.waitLoaded();
  await detail.edit();
  await detail.field('displayName').fill('Edit Never Sent');
  await detail.review();

  faults.set('never-answers', { path: /\/Users\/u-0001$/ });
  await detail.send();
  await expect(detail.root).toHaveAttribute('data-state', 'failed');
  await expect(detail.writeError).toHaveAttribute('data-code', 'timeout');
  await expect(detail.writeError).toContainText('did not answer within 1 s');
  // Nothing is lost: the edit is still in the form, ready to send again.
  await expect(detail.field('displayName')).toHaveValue('Edit Never Sent');

  faults.set(null);
  await detail.review();
  await detail.send();
  await detail.waitSent();
});

test('hostile names render as text: no markup runs, controls are shown as markers', async ({ app, faults, page }) => {
  faults.set('hostile-names');
  await connectToFaults(app, faults);
  const users = app.userBrowser;
  await users.waitReady();
  await expect(users.total).toHaveText(`${HOSTILE_NAMES.length} users`);
  await expect(users.row(2)).toContainText('<script>window.__pwned = 1</script>');
  await expect(users.row(3)).toContainText('<img src=x onerror="window.__pwned = 2">');
  await expect(users.row(1).locator('.control-marker').first()).toHaveText('⟨U+202E⟩');
  await expect(users.table.locator('script, img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

  // The detail panel too.
  await users.row(3).click();
  await users.table.press('Enter');
  const detail = new DetailPage(page);
  await detail.waitLoaded();
  await expect(detail.root.locator('img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('a 429 storm shows the retry in the status bar, then the users', async ({ app, faults }) => {
  faults.set('rate-limit-seconds', { times: 3 });
  await connectToFaults(app, faults);
  await expect(app.page.getByTestId('status-retrying').first()).toBeVisible();
  await expect(app.page.getByTestId('status-retrying').first()).toContainText('429');
  const users = app.userBrowser;
  await users.waitReady();
  await expect(users.total).toHaveText(`${USER_COUNT} users`);
  await expect(users.row(1)).toContainText('user1@example.test');
  await expect(app.page.getByTestId('status-retrying')).toHaveCount(0);
});
