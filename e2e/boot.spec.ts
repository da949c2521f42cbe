import { expect, test } from './fixtures';
import { AppPage } from './pages/app-page';

test('a fresh user data dir opens on the Demo connection and shows its users', async ({ app }) => {
  await expect(app.switcher.locator('option:checked')).toHaveText('Demo');
  await app.users.waitLoaded();
  await expect(app.users.root).toHaveAttribute('data-state', 'ready');
  // Virtualized: the rows around the viewport are rendered, never the whole page of 100.
  await expect(app.users.rows.nth(19)).toBeAttached();
  expect(await app.users.rows.count()).toBeLessThan(100);
  await expect(app.users.range).toHaveText(/^1–\d+ of 2,500$/);
  await expect(app.users.rows.first()).toContainText('@example.com');
  await expect(app.statusBar.getByTestId('status-connection')).toContainText('Demo');
  await expect(app.statusBar.getByTestId('status-demo')).toContainText('2,500 users');
  await expect(app.statusBar.getByTestId('status-secrets')).toContainText('AES-256-GCM');
  await expect(app.statusBar.getByTestId('status-capabilities')).toContainText('User, Group · PATCH · filter · sort · ETag');
});

test('every demo persona is offered as its own connection and browsable', async ({ app }) => {
  const options = await app.switcher.locator('option').allTextContents();
  expect(options.filter((o) => o.startsWith('Demo'))).toHaveLength(4);
  const cortex = options.find((o) => /cortex/i.test(o));
  expect(cortex).toBeDefined();
  await app.selectConnection(cortex!);
  await app.users.waitLoaded();
  await expect(app.users.root).toHaveAttribute('data-state', 'ready');
  await expect(app.users.range).toHaveText(/^1–\d+ of 2,500$/);
  await expect(app.statusBar.getByTestId('status-connection')).toContainText(cortex!);
  // Users only, no discovery: found by probing, and said so.
  await expect(app.statusBar.getByTestId('status-capabilities')).toHaveText('User · no ServiceProviderConfig');
});

test('a quirky server is browsable through discovery, and its deviations are shown', async ({ app }) => {
  const options = await app.switcher.locator('option').allTextContents();
  const confirmit = options.find((o) => /confirmit/i.test(o))!;
  await app.selectConnection(confirmit);
  await app.users.waitLoaded();
  await expect(app.users.root).toHaveAttribute('data-state', 'ready');
  await expect(app.users.rows.first()).toContainText('@example.com');
  await expect(app.users.quirks).toContainText('list.resources-key-case');
  await expect(app.users.quirks).toContainText('resource.integer-id');
  // Discovery's own deviations (lowercase paths, bare arrays, odd schema keys) reach the status bar too.
  await expect(app.statusBar.getByTestId('status-quirks')).not.toHaveText(/^[0-3] quirks?$/);
});

test('a launch link works once: a second browser is told to ask the terminal, and a new link opens it', async ({ app, shell, browser }) => {
  // The first browser exchanged the link for its cookie; the address bar and history keep no token.
  expect(app.page.url()).toMatch(new RegExp(`^${shell.origin}/(#|$)`));
  const other = await browser.newContext();
  try {
    const page = await other.newPage();
    const refused = await page.goto(shell.launchUrl);
    expect(refused?.status()).toBe(401);
    await expect(page.locator('body')).toHaveText('This link was already used. In the terminal running SCIM Desk, press Enter to print a new link.');
    const second = new AppPage(page);
    await second.open(await shell.newLaunchUrl());
    expect(page.url()).toMatch(new RegExp(`^${shell.origin}/(#|$)`));
    await second.users.waitLoaded();
  } finally {
    await other.close();
  }
  // The first browser's session is untouched.
  await app.page.reload();
  await expect(app.page.locator('#root')).toHaveAttribute('data-state', 'ready');
});
