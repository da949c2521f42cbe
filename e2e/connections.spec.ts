import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startScimmyServer, type ScimmyServer } from '../test/support/scimmy-server';
import { expect, startShell, test } from './fixtures';
import { AppPage } from './pages/app-page';
import { InspectorPage } from './pages/inspector-page';

const TOKEN = 'e2e-outside-token-7c1d2f9a';
let scimmy: ScimmyServer;
test.beforeEach(async () => {
  scimmy = await startScimmyServer({ token: TOKEN, users: 30 });
});
test.afterEach(async () => {
  await scimmy.close();
});

test('an outside SCIM server with a bearer token works, and the token never reaches the renderer or disk in clear', async ({ app, page, shell }) => {
  const bodies: string[] = [];
  page.on('response', async (response) => {
    try {
      bodies.push(`${response.url()} ${JSON.stringify(response.headers())} ${await response.text()}`);
    } catch {
      // redirects and aborted streams have no body
    }
  });
  await app.goTo('connections');
  await app.connections.startNew();
  await app.connections.fill({ name: 'SCIMMY', baseUrl: scimmy.baseUrl, authType: 'Bearer token', secret: { label: 'Bearer token', value: TOKEN } });
  const result = await app.connections.runTest();
  await expect(result).toHaveAttribute('data-state', 'ok');
  await expect(app.connections.step('auth')).toHaveAttribute('data-ok', 'true');
  await app.connections.save();
  await expect(app.connections.item('SCIMMY')).toBeVisible();

  await app.selectConnection('SCIMMY');
  await app.goTo('users');
  await app.users.waitLoaded();
  await expect(app.users.range).toContainText('of 30');
  await expect(app.users.rows.first()).toContainText('@scimmy.test');

  // Nowhere the renderer can see: responses, DOM, storage, cookies.
  await page.reload();
  await expect(page.locator('#root')).toHaveAttribute('data-state', 'ready');
  await app.goTo('connections');
  await app.connections.item('SCIMMY').click();
  expect(bodies.length).toBeGreaterThan(5);
  for (const body of bodies) expect(body).not.toContain(TOKEN);
  expect(await page.content()).not.toContain(TOKEN);
  const storage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }));
  expect(storage).not.toContain(TOKEN);
  for (const cookie of await page.context().cookies()) expect(cookie.value).not.toContain(TOKEN);
  // Nor in clear on disk or in the shell's log.
  const profiles = await readFile(join(shell.dataDir, 'connections.json'), 'utf8');
  const secrets = await readFile(join(shell.dataDir, 'secrets.json'), 'utf8');
  expect(profiles).toContain('SCIMMY');
  expect(profiles).not.toContain(TOKEN);
  expect(secrets).not.toContain(TOKEN);
  expect(shell.output()).not.toContain(TOKEN);
  // The request journal recorded those exchanges, redacted.
  const journalFiles = await readdir(join(shell.dataDir, 'journal'));
  expect(journalFiles.length).toBeGreaterThan(0);
  for (const file of journalFiles) {
    const text = await readFile(join(shell.dataDir, 'journal', file), 'utf8');
    expect(text).not.toContain(TOKEN);
    if (text.includes('"authorization"')) expect(text).toContain('Bearer [REDACTED]');
  }
});

test('bad input: invalid URL, unreachable host, wrong credentials and a non-SCIM answer each name what failed, keeping the form', async ({ app }) => {
  const html: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><html><head><title>Corporate login</title></head><body>Sign in</body></html>');
  });
  await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
  const htmlUrl = `http://127.0.0.1:${(html.address() as AddressInfo).port}/scim/v2`;
  try {
    await app.goTo('connections');
    await app.connections.startNew();
    await app.connections.fill({ name: 'Broken', baseUrl: 'not a url', authType: 'Bearer token', secret: { label: 'Bearer token', value: 'whatever' } });
    await app.connections.save();
    await expect(app.connections.fieldError().first()).toContainText('http');
    await expect(app.connections.form.getByLabel('Connection name')).toHaveValue('Broken');
    await expect(app.connections.form.getByLabel('Base URL')).toHaveValue('not a url');
    await expect(app.connections.items.filter({ hasText: 'Broken' })).toHaveCount(0);

    await app.connections.fill({ baseUrl: 'http://127.0.0.1:9/scim/v2' });
    await app.connections.runTest();
    await expect(app.connections.step('reachability')).toHaveAttribute('data-ok', 'false');
    await expect(app.connections.step('reachability')).toContainText('refused');

    await app.connections.fill({ baseUrl: scimmy.baseUrl, secret: { label: 'Bearer token', value: 'wrong-token' } });
    await app.connections.runTest();
    await expect(app.connections.step('auth')).toHaveAttribute('data-ok', 'false');
    await expect(app.connections.step('auth')).toContainText('401');

    await app.connections.fill({ baseUrl: htmlUrl });
    await app.connections.runTest();
    await expect(app.connections.step('scim')).toHaveAttribute('data-ok', 'false');
    await expect(app.connections.step('scim')).toContainText('HTML page ("Corporate login")');
    await expect(app.connections.form.getByLabel('Connection name')).toHaveValue('Broken');
  } finally {
    await new Promise((resolve) => html.close(resolve));
  }
});

test('a corrupt profile file is moved aside with a clear message and the app still starts', async ({ page }) => {
  const first = await startShell({ demoUsers: 50 });
  await first.stop();
  await writeFile(join(first.dataDir, 'connections.json'), '{ "version": 1, "connections": [ {broken');
  const second = await startShell({ dataDir: first.dataDir, demoUsers: 50 });
  try {
    const app = new AppPage(page);
    await app.open(second.launchUrl);
    await expect(page.getByTestId('notice').first()).toContainText('moved to');
    await expect(page.getByTestId('notice').first()).toContainText('connections.json.corrupt-');
  } finally {
    await second.stop();
  }
});

test('moving a saved connection to another origin says its secret must be entered again, and requires it', async ({ app }) => {
  const other = scimmy.baseUrl.replace('127.0.0.1', 'localhost');
  await app.goTo('connections');
  await app.connections.startNew();
  await app.connections.fill({ name: 'Bound', baseUrl: scimmy.baseUrl, authType: 'Bearer token', secret: { label: 'Bearer token', value: TOKEN } });
  await app.connections.save();
  await expect(app.connections.form).toHaveAttribute('data-dirty', 'false');
  await expect(app.connections.secretField).toHaveAttribute('data-state', 'saved');

  // Another path on the same origin keeps the saved token.
  await app.connections.fill({ baseUrl: `${scimmy.baseUrl}/` });
  await expect(app.connections.secretField).toHaveAttribute('data-state', 'saved');

  // Another origin: the form says the token must be entered again, next to the field.
  await app.connections.fill({ baseUrl: other });
  await expect(app.connections.secretField).toHaveAttribute('data-state', 'reenter');
  await expect(app.connections.secretField).toContainText(
    `The saved bearer token was saved for ${new URL(scimmy.baseUrl).origin}. Enter it again to send it to ${new URL(other).origin}.`,
  );
  // Neither a test nor a save goes out with the saved token.
  await app.connections.form.getByRole('button', { name: 'Test connection' }).click();
  await expect(app.connections.fieldError()).toContainText('Enter the bearer token again');
  await app.connections.save();
  await expect(app.connections.fieldError()).toContainText('Enter the bearer token again');
  await expect(app.connections.item('Bound')).toContainText(new URL(scimmy.baseUrl).host);

  // Entered again, it is a deliberate choice: saved, and it works there.
  await app.connections.fill({ secret: { label: 'Bearer token', value: TOKEN } });
  await expect(app.connections.secretField).toHaveAttribute('data-state', 'typed');
  await app.connections.save();
  await expect(app.connections.form).toHaveAttribute('data-dirty', 'false');
  await expect(app.connections.item('Bound')).toContainText(new URL(other).host);
  await expect(app.connections.secretField).toHaveAttribute('data-state', 'saved');
});

test('switching read-only off asks first, naming the connection, and Cancel keeps it on', async ({ app }) => {
  await app.goTo('connections');
  await app.connections.startNew();
  await app.connections.fill({
    name: 'Careful',
    baseUrl: scimmy.baseUrl,
    authType: 'Bearer token',
    secret: { label: 'Bearer token', value: TOKEN },
    readOnly: true,
  });
  await app.connections.save();
  await expect(app.connections.form).toHaveAttribute('data-dirty', 'false');
  await expect(app.connections.readOnlyField).toHaveAttribute('data-state', 'on');

  const checkbox = app.connections.form.getByLabel('Read-only mode');
  await checkbox.click();
  await expect(app.connections.dialog).toBeVisible();
  await expect(app.connections.dialog).toContainText('Turn off read-only mode for “Careful”?');
  await app.connections.dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(app.connections.dialog).toHaveCount(0);
  await expect(app.connections.readOnlyField).toHaveAttribute('data-state', 'on');
  await expect(checkbox).toBeChecked();
  await expect(app.connections.form).toHaveAttribute('data-dirty', 'false');

  await app.connections.fill({ readOnly: false });
  await expect(app.connections.readOnlyField).toHaveAttribute('data-state', 'off');
  await expect(checkbox).not.toBeChecked();
  await app.connections.save();
  await expect(app.connections.form).toHaveAttribute('data-dirty', 'false');
  // Turning it back on needs no confirmation.
  await checkbox.click();
  await expect(app.connections.readOnlyField).toHaveAttribute('data-state', 'on');
  await expect(app.connections.dialog).toHaveCount(0);
});

test('Test connection\'s result is brought into view and focused, "Send edits as" shows its choice whole, and a test\'s journal is no earlier-run connection', async ({
  app,
  page,
  shell,
}) => {
  await app.goTo('connections');
  await app.connections.startNew();
  await app.connections.fill({ name: 'Outside', baseUrl: scimmy.baseUrl, authType: 'Bearer token', secret: { label: 'Bearer token', value: TOKEN } });
  // The select is as wide as the text of its choice (plus padding and its arrow): nothing cut off.
  const select = app.connections.form.getByLabel('Send edits as');
  for (const value of ['patch', 'put']) {
    await select.selectOption(value);
    const fits = await select.evaluate((el: HTMLSelectElement) => {
      const style = getComputedStyle(el);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const needed = context.measureText(el.selectedOptions[0]!.text).width + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + 16;
      return el.getBoundingClientRect().width >= needed;
    });
    expect(fits, `"${value}" fits its select`).toBe(true);
  }

  // The result sits under the whole form: it is scrolled to and focused when it arrives.
  const result = await app.connections.runTest();
  await expect(result).toHaveAttribute('data-state', 'ok');
  const verdict = result.getByTestId('connection-test-verdict');
  await expect(verdict).toHaveText('The connection works.');
  await expect(verdict).toBeInViewport();
  await expect(verdict).toBeFocused();

  // The unsaved draft's exchanges are listed in this run, but never written as a journal of their own,
  // so the inspector does not offer "Outside (earlier run)" (now or after a restart).
  await app.goTo('inspector');
  const inspector = new InspectorPage(page);
  await inspector.waitReady();
  await expect(inspector.rows.first()).toBeVisible();
  const offered = await inspector.connectionFilter.locator('option').allTextContents();
  expect(offered.filter((o) => /earlier run|Outside/.test(o))).toEqual([]);
  const files = await readdir(join(shell.dataDir, 'journal')).catch(() => [] as string[]);
  expect(files.filter((f) => f.startsWith('draft'))).toEqual([]);
});
