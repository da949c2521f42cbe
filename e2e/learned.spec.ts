import { expect, test } from './fixtures';
import { ServerFactsPage } from './pages/server-facts-page';

test('a filter the server silently ignores is learned, shown in words with its exchange, and can be forgotten (Coginiti)', async ({ app }) => {
  const coginiti = (await app.switcher.locator('option').allTextContents()).find((o) => /coginiti/i.test(o))!;
  await app.selectConnection(coginiti);
  const users = app.userBrowser;
  await users.waitReady();
  const facts = new ServerFactsPage(app.page);

  await facts.open();
  await expect(facts.empty).toBeVisible();
  await facts.close();

  await users.searchFor('zzzz');
  await expect(users.matchedHere).toBeVisible();

  await facts.open();
  // The quick search's richer terms were ignored; each says so in words, with what the app does about it.
  await expect(facts.facts.first()).toHaveAttribute('data-state', 'ignored');
  await expect(facts.facts.first()).toContainText('do not match it: it ignores');
  await expect(facts.facts.first()).toContainText('SCIM Desk: Results of filters using');

  // The exchange that proved it opens in the inspector.
  await facts.facts.first().getByRole('button', { name: 'Show the exchange' }).click();
  const inspector = app.screen('inspector');
  await expect(inspector).toBeVisible();
  const detail = inspector.getByTestId('inspector-detail');
  await expect(detail).toHaveAttribute('data-state', 'ready');
  await expect(detail.getByTestId('inspector-detail-url')).toContainText('filter=');

  await facts.open();
  await facts.forget();
  await expect(facts.facts).toHaveCount(0);
  await facts.close();
  await expect(app.statusBar.getByTestId('status-quirks')).toHaveText(/^\d+ quirks?$/);
});
